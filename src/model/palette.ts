// Frame colours: one hue family per kind of code (your crates, dependencies,
// std, system libraries, kernel), a shade picked by a hash of the name so a
// function keeps its colour across zooms and runs, and a lightness that
// suits the theme (light, dark, high contrast). Pure: no DOM.

import type { FrameKind } from './profileTypes';
import { hash32 } from './nameHash';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

interface Family {
  hue: number;
  hueSpread: number;
  sat: number;
}

const FAMILIES: Record<FrameKind, Family> = {
  user: { hue: 14, hueSpread: 22, sat: 82 }, // red-orange: the code you can change
  dependency: { hue: 44, hueSpread: 12, sat: 78 }, // yellow-ochre
  std: { hue: 196, hueSpread: 16, sat: 62 }, // aqua-blue
  system: { hue: 220, hueSpread: 10, sat: 8 }, // grey
  kernel: { hue: 110, hueSpread: 20, sat: 45 }, // green
  process: { hue: 265, hueSpread: 14, sat: 42 }, // lavender
  root: { hue: 30, hueSpread: 0, sat: 18 },
  unknown: { hue: 350, hueSpread: 8, sat: 16 },
};

/** Lightness range per theme: light frames with dark text, or darker frames with light text. */
const LIGHTNESS: Record<ThemeKind, [number, number]> = {
  light: [62, 76],
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

export function frameColor(kind: FrameKind, name: string, theme: ThemeKind): string {
  const fam = FAMILIES[kind] ?? FAMILIES.unknown;
  const h = hash32(name);
  const v1 = (h & 0x3ff) / 1023;
  const v2 = ((h >>> 10) & 0x3ff) / 1023;
  const [lo, hi] = LIGHTNESS[theme];
  const hue = fam.hue + (v1 - 0.5) * fam.hueSpread;
  const light = lo + (hi - lo) * v2;
  return `hsl(${hue.toFixed(1)},${fam.sat}%,${light.toFixed(1)}%)`;
}

