// d3-flame-graph 5 ships no TypeScript types (no "types" in its package.json,
// no .d.ts in dist/, no @types package), so the part this UI uses is declared
// here by hand. d3-selection's types come from the published @types/d3-selection.

declare module 'd3-flame-graph' {
  import type { Selection } from 'd3-selection';
  /** A node of d3-hierarchy after d3-flame-graph's partition. */
  export interface FlameNode<T> {
    data: T;
    x0: number;
    x1: number;
    depth: number;
    value: number;
    parent: FlameNode<T> | null;
  }
  export interface FlameGraph<T> {
    /** Draws into the selected element, whose datum is the root of the data. */
    (s: Selection<HTMLElement, T, null, undefined>): void;
    width(w: number): FlameGraph<T>;
    cellHeight(h: number): FlameGraph<T>;
    minHeight(h: number): FlameGraph<T>;
    transitionDuration(ms: number): FlameGraph<T>;
    sort(s: boolean): FlameGraph<T>;
    inverted(b: boolean): FlameGraph<T>;
    title(t: string): FlameGraph<T>;
    resetHeightOnZoom(b: boolean): FlameGraph<T>;
    selfValue(b: boolean): FlameGraph<T>;
    minFrameSize(px: number): FlameGraph<T>;
    getName(fn: (d: FlameNode<T>) => string): FlameGraph<T>;
    label(fn: (d: FlameNode<T>) => string): FlameGraph<T>;
    setColorMapper(fn: (d: FlameNode<T>, original: string) => string): FlameGraph<T>;
    setDetailsHandler(fn: (text: string | null) => void): FlameGraph<T>;
    setSearchHandler(fn: () => void): FlameGraph<T>;
    onHover(fn: (d: FlameNode<T>) => void): FlameGraph<T>;
    onClick(fn: (d: FlameNode<T>) => void): FlameGraph<T>;
    update(data?: T): FlameGraph<T>;
    destroy(): FlameGraph<T>;
  }
  export default function flamegraph<T = unknown>(): FlameGraph<T>;
}
