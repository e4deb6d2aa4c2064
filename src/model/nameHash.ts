// One hash of a frame name: the palette picks a frame's shade with it, so a
// function gets the same shade of its kind's colour in the page and the SVG.

/** FNV-1a over UTF-16 code units, then murmur3's finalizer for well-mixed bits; the same on every machine. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
