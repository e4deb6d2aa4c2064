// The size of perf's ring buffer that we ask for (`perf record -m`), in a file
// of its own so that the reading of perf's refusal (checks/perfRecordFailure.ts)
// and the choice of the size (perf/record.ts ringBufferPages) share it
// without importing each other.

/** The ring buffer we ask for: 1024 pages (4 MB) per CPU. */
export const RING_BUFFER_PAGES = 1024;
