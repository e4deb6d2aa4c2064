// Frame colours, one palette for the page and the SVG export: one hue family
// per kind of code (your crates, dependencies, std, system libraries,
// kernel), a shade picked by a hash of the name so a function keeps its
// colour across zooms, runs and outputs, and a lightness that suits the theme.
// The light theme is flamegraph.pl's warm look (dark text on saturated frames)
// and is what the SVG export uses. Pure: no DOM.

import type { FrameKind } from './profileTypes';
import { hash32 } from './nameHash';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

interface Family {
  hue: number;
  hueSpread: number;
  sat: number;
  /** Lightness range in the light theme. */
  light: [number, number];
}

const FAMILIES: Record<FrameKind, Family> = {
  user: { hue: 14, hueSpread: 22, sat: 95, light: [56, 62] }, // orange-red: the code you can change
  dependency: { hue: 46, hueSpread: 12, sat: 80, light: [50, 58] }, // yellow to ochre
  std: { hue: 196, hueSpread: 16, sat: 62, light: [52, 62] }, // aqua-blue
  system: { hue: 220, hueSpread: 10, sat: 5, light: [70, 80] }, // grey
  kernel: { hue: 112, hueSpread: 16, sat: 60, light: [48, 56] }, // green, like flamegraph.pl's "green"
  process: { hue: 268, hueSpread: 8, sat: 60, light: [68, 74] }, // lavender, well away from the search magenta
  root: { hue: 33, hueSpread: 0, sat: 48, light: [77, 77] },
  unknown: { hue: 350, hueSpread: 8, sat: 25, light: [76, 84] }, // pale rose-grey
};

/** Lightness range of the other themes: darker frames with light text, or paler ones with black text. */
const THEME_LIGHTNESS: Record<Exclude<ThemeKind, 'light'>, [number, number]> = {
  dark: [34, 44],
  'high-contrast': [22, 28],
  'high-contrast-light': [80, 88],
};

export const MATCH_COLOR: Record<ThemeKind, string> = {
  light: 'rgb(230,0,230)',
  dark: 'rgb(200,40,200)',
  'high-contrast': 'rgb(200,0,200)',
  'high-contrast-light': 'rgb(230,0,230)',
};

export interface Hsl {
  /** Degrees, one decimal. */
  h: number;
  /** Percent. */
  s: number;
  /** Percent, one decimal. */
  l: number;
}

/** The colour of a frame, as numbers (rounded to what the CSS text says, so both notations name the same colour). */
export function frameHsl(kind: FrameKind, name: string, theme: ThemeKind): Hsl {
  const fam = FAMILIES[kind] ?? FAMILIES.unknown;
  const h = hash32(name);
  const v1 = (h & 0x3ff) / 1023;
  const v2 = ((h >>> 10) & 0x3ff) / 1023;
  const [lo, hi] = theme === 'light' ? fam.light : THEME_LIGHTNESS[theme];
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return { h: round1(fam.hue + (v1 - 0.5) * fam.hueSpread), s: fam.sat, l: round1(lo + (hi - lo) * v2) };
}

/** The colour of a frame as CSS `hsl(…)`: the page's notation. */
export function frameColor(kind: FrameKind, name: string, theme: ThemeKind): string {
  const { h, s, l } = frameHsl(kind, name, theme);
  return `hsl(${h.toFixed(1)},${s}%,${l.toFixed(1)}%)`;
}

/**
 * The same colour as `rgb(…)`: the SVG export's notation, because SVG 1.1
 * viewers (image viewers, librsvg before 2.48, Inkscape 0.x) read rgb() and
 * hex colours but not CSS3's hsl().
 */
export function frameColorRgb(kind: FrameKind, name: string, theme: ThemeKind): string {
  const [r, g, b] = hslToRgb(frameHsl(kind, name, theme));
  return `rgb(${r},${g},${b})`;
}

/** CSS Color 4's hsl-to-rgb, to bytes. */
export function hslToRgb({ h, s, l }: Hsl): [number, number, number] {
  const sat = s / 100;
  const light = l / 100;
  const channel = (n: number): number => {
    const k = (n + h / 30) % 12;
    const a = sat * Math.min(light, 1 - light);
    const v = light - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.max(0, Math.min(255, Math.round(v * 255)));
  };
  return [channel(0), channel(8), channel(4)];
}
