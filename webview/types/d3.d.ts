// The small parts of d3-selection and d3-flame-graph this UI uses (neither
// package ships TypeScript types).

declare module 'd3-selection' {
  export interface Selection {
    datum(value: unknown): Selection;
    call(fn: (s: Selection) => void): Selection;
    selectAll(selector: string): Selection;
    each(fn: (this: Element, d: any) => void): Selection;
    node(): Element | null;
  }
  export function select(node: Element): Selection;
}

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
    (s: Selection): void;
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
