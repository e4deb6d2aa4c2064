// Standalone interactive flamegraph SVG, as users know it from Brendan
// Gregg's flamegraph.pl and inferno: root at the bottom, width proportional
// to samples, siblings in alphabetical order, click to zoom, Search (regex)
// with "Matched: x%", details line on mouse-over, a <title> per frame.
//
// The file must work opened from disk, offline: no external resources, the
// script is embedded in a CDATA block and contains no profile data at all.
// Every profile string (names, files, title) goes through `escapeXml`, and
// the script reads names only through textContent / getAttribute.
//
// Layout constants follow flamegraph.pl (frameheight 16, fontsize 12,
// xpad 10, ypad1 = 3 * fontsize, ypad2 = 2 * fontsize + 10); frame
// positions are written as percentages inside a nested <svg id="frames">
// like inferno does, so zooming only rewrites x/width.

import type { Profile } from '../../model/profileTypes';
import { frameColorRgb, MATCH_COLOR } from '../../model/palette';
import { buildCallTreeIndex } from '../../model/callTreeIndex';
import { displayPath, percent, samplesText } from '../../model/format';

export interface FlamegraphSvgOptions {
  /** Text at the top; default "Flame Graph". */
  title?: string;
  /** Image width in pixels; default 1200. */
  width?: number;
  /** Frames narrower than this many pixels are omitted with their descendants; default 0.1 (flamegraph.pl's --minwidth). */
  minWidthPx?: number;
}

const DEFAULT_WIDTH = 1200;
const DEFAULT_MIN_WIDTH_PX = 0.1;
const FONT_SIZE = 12;
/** Average glyph width of a monospace font as a fraction of the font size (DejaVu/Liberation Mono: 0.60), a bit generous. */
const FONT_WIDTH = 0.61;
const CHAR_PX = FONT_SIZE * FONT_WIDTH;
const FRAME_HEIGHT = 16;
const FRAME_PAD = 1;
const XPAD = 10;
/** Space above the frames: title (and subtitle). */
const YPAD1 = FONT_SIZE * 3;
const YPAD_SUBTITLE = FONT_SIZE * 2;
/** Space below the frames: the details line. */
const YPAD2 = FONT_SIZE * 2 + 10;
/** Left padding of a frame's label inside its box, in pixels. */
const TEXT_PAD = 3;
const SEARCH_COLOR = MATCH_COLOR.light;

/**
 * Renders the profile's call tree as a standalone interactive SVG document.
 * Deterministic: the same profile and options always give the same string.
 */
export function renderFlamegraphSvg(profile: Profile, opts?: FlamegraphSvgOptions): string {
  const width = normalizeWidth(opts?.width);
  const minWidthPx = normalizeMinWidth(opts?.minWidthPx);
  const title = opts?.title ?? 'Flame Graph';
  const framesWidth = width - 2 * XPAD;

  const tree = profile.tree;
  const n = Math.min(tree.parent.length, tree.frame.length, tree.total.length);
  const rootTotal = n > 0 ? tree.total[0] : 0;
  const hasSamples = n > 0 && Number.isFinite(rootTotal) && rootTotal > 0;

  const layout = hasSamples
    ? layoutFrames(profile, n, rootTotal, framesWidth, minWidthPx)
    : { order: [], x: new Float64Array(0), depth: new Int32Array(0), maxDepth: -1 };

  const subtitle = subtitleOf(profile, hasSamples ? rootTotal : 0);
  const ypad1 = YPAD1 + YPAD_SUBTITLE;
  const rows = Math.max(layout.maxDepth + 1, 1);
  const height = rows * FRAME_HEIGHT + ypad1 + YPAD2;

  const out: string[] = [];
  out.push('<?xml version="1.0" standalone="no"?>\n');
  out.push(
    `<svg version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"` +
      ` xmlns="http://www.w3.org/2000/svg" xmlns:fg="urn:x-rust-flamegraph">\n`,
  );
  out.push(
    "<!-- Flame graph by Rust Flamegraph, after Brendan Gregg's flamegraph.pl" +
      ' (https://github.com/brendangregg/FlameGraph) and inferno. Click a frame to zoom, Ctrl-F to search. -->\n',
  );
  out.push(
    '<defs><linearGradient id="background" y1="0" y2="1" x1="0" x2="0">' +
      '<stop stop-color="#eeeeee" offset="5%"/><stop stop-color="#eeeeb0" offset="95%"/>' +
      '</linearGradient></defs>\n',
  );
  out.push(`<style type="text/css">${STYLE}</style>\n`);
  out.push(`<script type="text/ecmascript"><![CDATA[${SCRIPT}]]></script>\n`);
  out.push(`<rect x="0" y="0" width="100%" height="100%" fill="url(#background)"/>\n`);
  out.push(`<text id="title" x="${fmt(width / 2)}" y="${FONT_SIZE * 2}">${escapeXml(title)}</text>\n`);
  out.push(`<text id="subtitle" x="${fmt(width / 2)}" y="${FONT_SIZE * 4}">${escapeXml(subtitle)}</text>\n`);
  out.push(`<text id="details" x="${XPAD}" y="${fmt(height - YPAD2 / 2)}"> </text>\n`);
  out.push(`<text id="unzoom" class="hide" x="${XPAD}" y="${FONT_SIZE * 2}">Reset Zoom</text>\n`);
  out.push(`<text id="search" x="${width - XPAD}" y="${FONT_SIZE * 2}">Search</text>\n`);
  out.push(`<text id="matched" x="${width - XPAD}" y="${fmt(height - YPAD2 / 2)}"> </text>\n`);
  if (!hasSamples) {
    out.push(`<text x="${fmt(width / 2)}" y="${fmt(height - YPAD2 - FRAME_HEIGHT / 2)}" text-anchor="middle">No samples</text>\n`);
  }
  out.push(
    `<svg id="frames" x="${XPAD}" width="${framesWidth}" fg:total="${hasSamples ? rootTotal : 0}"` +
      ` fg:fontsize="${FONT_SIZE}" fg:charwidth="${fmt(CHAR_PX)}" fg:textpad="${TEXT_PAD}" fg:searchcolor="${SEARCH_COLOR}">\n`,
  );

  const names = new Map<number, string>(); // frame index -> sanitized name
  const fills = new Map<number, string>(); // frame index -> colour
  for (const node of layout.order) {
    const f = tree.frame[node];
    const info = profile.frames[f];
    let name = names.get(f);
    if (name === undefined) {
      name = sanitize(info?.name ?? '[unknown]');
      names.set(f, name);
    }
    let fill = fills.get(f);
    if (fill === undefined) {
      fill = frameColorRgb(node === 0 ? 'root' : (info?.kind ?? 'unknown'), name, 'light');
      fills.set(f, fill);
    }
    const total = tree.total[node];
    const self = node < tree.self.length ? tree.self[node] : 0;
    const nodeLine = node < tree.line.length ? tree.line[node] : 0;
    const line = nodeLine > 0 ? nodeLine : (info?.line ?? null);
    const where = info?.file ? ` (${sanitize(displayPath(info.file, profile.meta?.workspaceRoot ?? null))}${line ? `:${line}` : ''})` : '';
    const label = `${name}${where} — ${describe(total, self, rootTotal)}`;

    const depth = layout.depth[node];
    const x = layout.x[node];
    const y1 = height - YPAD2 - (depth + 1) * FRAME_HEIGHT + FRAME_PAD;
    const boxPx = (total / rootTotal) * framesWidth;
    const xPct = (100 * x) / rootTotal;
    out.push(
      `<g><title>${escapeXml(label)}</title>` +
        `<rect x="${pct(xPct)}" y="${y1}" width="${pct((100 * total) / rootTotal)}" height="${FRAME_HEIGHT - FRAME_PAD}"` +
        ` fill="${fill}" rx="2" ry="2" fg:x="${x}" fg:w="${total}" fg:nl="${name.length}"/>` +
        `<text x="${pct(xPct + (100 * TEXT_PAD) / framesWidth)}" y="${fmt(y1 + (FRAME_HEIGHT - FRAME_PAD) / 2 + 3)}">` +
        `${escapeXml(fitText(name, boxPx))}</text></g>\n`,
    );
  }
  out.push('</svg>\n</svg>\n');
  return out.join('');
}

// ---------------------------------------------------------------------------
// Layout

interface Layout {
  /** Kept nodes in pre-order (parents before children, siblings alphabetical). */
  order: number[];
  /** Left edge of each kept node, in samples from the left of the root. */
  x: Float64Array;
  depth: Int32Array;
  maxDepth: number;
}

function layoutFrames(profile: Profile, n: number, rootTotal: number, framesWidth: number, minWidthPx: number): Layout {
  const { frame, total } = profile.tree;
  const minSamples = (minWidthPx * rootTotal) / framesWidth;
  const kept = (i: number): boolean => {
    const t = total[i];
    return Number.isFinite(t) && t > 0 && !(t < minSamples);
  };

  // Children lists only for nodes wide enough to draw (a narrow node's
  // descendants are narrower still, and are never reached).
  const { start, children } = buildCallTreeIndex(profile.tree, kept);

  const nameOf = (i: number): string => profile.frames[frame[i]]?.name ?? '';
  const byName = (a: number, b: number): number => {
    const na = nameOf(a);
    const nb = nameOf(b);
    if (na !== nb) return na < nb ? -1 : 1; // code-unit order, like Perl's `sort`
    return frame[a] - frame[b] || a - b;
  };

  // Iterative pre-order walk from the root: robust to any node order, and
  // never recursive (call trees can be thousands of frames deep).
  const x = new Float64Array(n);
  const depth = new Int32Array(n);
  const order: number[] = [];
  let maxDepth = 0;
  const stack: number[] = [0];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    order.push(node);
    if (depth[node] > maxDepth) maxDepth = depth[node];
    const from = start[node];
    const to = start[node + 1];
    if (to === from) continue;
    const kids = Array.from(children.subarray(from, to)).sort(byName);
    let cursor = x[node];
    for (const c of kids) {
      x[c] = cursor;
      depth[c] = depth[node] + 1;
      cursor += total[c];
    }
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]);
  }
  return { order, x, depth, maxDepth };
}

// ---------------------------------------------------------------------------
// Text

/** flamegraph.pl's label fitting: nothing under 3 characters, else cut and end with "..". */
function fitText(name: string, boxPx: number): string {
  const chars = Math.floor((boxPx - TEXT_PAD) / CHAR_PX);
  if (chars < 3) return '';
  if (name.length <= chars) return name;
  return name.slice(0, chars - 2) + '..';
}

function describe(total: number, self: number, rootTotal: number): string {
  const t = `${samplesText(total)}, ${percent(total, rootTotal)}`;
  return self > 0 ? `${t} (self: ${samplesText(self)}, ${percent(self, rootTotal)})` : t;
}

function subtitleOf(profile: Profile, rootTotal: number): string {
  const event = profile.meta?.event;
  return event ? `${event}: ${samplesText(rootTotal)}` : samplesText(rootTotal);
}

// ---------------------------------------------------------------------------
// Numbers

function fmt(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function pct(v: number): string {
  return `${v.toFixed(4)}%`;
}

function normalizeWidth(w: number | undefined): number {
  if (w === undefined || !Number.isFinite(w)) return DEFAULT_WIDTH;
  return Math.max(100, Math.round(w));
}

function normalizeMinWidth(m: number | undefined): number {
  if (m === undefined || !Number.isFinite(m) || m < 0) return DEFAULT_MIN_WIDTH_PX;
  return m;
}

// ---------------------------------------------------------------------------
// Escaping

/** Characters that XML 1.0 does not allow at all, and unpaired surrogates. */
const INVALID_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Replaces characters XML cannot carry with U+FFFD, so lengths match what a browser's DOM sees. */
function sanitize(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD');
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escapes a string for XML element text and attribute values (either quote style). */
export function escapeXml(s: string): string {
  return sanitize(s).replace(/[&<>"'\t\n\r]/g, (c) => XML_ENTITIES[c]);
}

// ---------------------------------------------------------------------------
// Style and script (constants: never interpolate profile data here)

const STYLE = `
text { font-family: monospace; font-size: ${FONT_SIZE}px; fill: rgb(0,0,0); }
#title { text-anchor: middle; font-size: ${FONT_SIZE + 5}px; }
#subtitle { text-anchor: middle; fill: rgb(110,110,110); }
#search, #matched { text-anchor: end; }
#search { opacity: 0.1; cursor: pointer; }
#search:hover, #search.show { opacity: 1; }
#unzoom { cursor: pointer; }
#frames > *:hover { stroke: black; stroke-width: 0.5; cursor: pointer; }
#frames text { pointer-events: none; }
.hide { display: none; }
.parent { opacity: 0.5; }
`;

// Structure after flamegraph.pl / inferno's embedded script (zoom, unzoom,
// search, details), rewritten: no recursion, names read from the <title>
// text (the first fg:nl characters), never innerHTML.
const SCRIPT = `
"use strict";
(function () {
  var details, searchbtn, unzoombtn, matchedtxt, frames;
  var totalSamples = 0, framesWidth = 0, charWidth = 7, textPad = 3, searchColor = "magenta";
  var searchTerm = null, zoomed = null;

  function num(el, name) { var v = parseFloat(el.getAttribute(name)); return isFinite(v) ? v : 0; }
  function rectOf(g) { return g.getElementsByTagName("rect")[0]; }
  function textOf(g) { return g.getElementsByTagName("text")[0]; }
  function titleOf(g) { var t = g.getElementsByTagName("title")[0]; return t ? t.textContent : ""; }
  function nameOf(g) { var r = rectOf(g); return titleOf(g).substring(0, num(r, "fg:nl")); }
  function pct(v) { return v.toFixed(4) + "%"; }

  function init() {
    details = document.getElementById("details");
    searchbtn = document.getElementById("search");
    unzoombtn = document.getElementById("unzoom");
    matchedtxt = document.getElementById("matched");
    frames = document.getElementById("frames");
    if (!frames) return;
    totalSamples = num(frames, "fg:total");
    framesWidth = num(frames, "width");
    charWidth = num(frames, "fg:charwidth") || charWidth;
    textPad = num(frames, "fg:textpad");
    searchColor = frames.getAttribute("fg:searchcolor") || searchColor;
    measureCharWidth();
  }

  // Use the real glyph width of the monospace font when the browser renders text.
  function measureCharWidth() {
    var g = frames.firstElementChild;
    var t = g ? textOf(g) : null;
    if (!t || !t.getComputedTextLength) return;
    var saved = t.textContent;
    t.textContent = "WWWWWWWWWWWWWWWWWWWW";
    var w = t.getComputedTextLength() / 20;
    t.textContent = saved;
    if (w > 0) charWidth = w;
  }

  function findGroup(node) {
    while (node && node.parentNode) {
      if (node.parentNode === frames) return node;
      node = node.parentNode;
    }
    return null;
  }

  function fitText(g) {
    var r = rectOf(g), t = textOf(g);
    var w = parseFloat(r.getAttribute("width")) * framesWidth / 100;
    t.setAttribute("x", pct(parseFloat(r.getAttribute("x")) + 100 * textPad / framesWidth));
    var chars = Math.floor((w - textPad) / charWidth);
    var name = nameOf(g);
    if (chars < 3) t.textContent = "";
    else if (name.length <= chars) t.textContent = name;
    else t.textContent = name.substring(0, chars - 2) + "..";
  }

  function place(g, x0, width) {
    var r = rectOf(g);
    r.setAttribute("x", pct(100 * (num(r, "fg:x") - x0) / width));
    r.setAttribute("width", pct(100 * num(r, "fg:w") / width));
    fitText(g);
  }

  function zoom(target) {
    var tr = rectOf(target);
    var xmin = num(tr, "fg:x"), width = num(tr, "fg:w"), xmax = xmin + width, ymin = num(tr, "y");
    zoomed = target;
    unzoombtn.classList.remove("hide");
    var el = frames.children;
    for (var i = 0; i < el.length; i++) {
      var e = el[i], r = rectOf(e);
      var ex = num(r, "fg:x"), ew = num(r, "fg:w"), ey = num(r, "y");
      e.classList.remove("parent");
      e.classList.remove("hide");
      if (ey > ymin) {
        // Below the zoomed frame: an ancestor if it spans it, else off the path.
        if (ex <= xmin && ex + ew >= xmax) {
          e.classList.add("parent");
          r.setAttribute("x", "0%");
          r.setAttribute("width", "100%");
          fitText(e);
        } else {
          e.classList.add("hide");
        }
      } else if (ex < xmin || ex >= xmax) {
        e.classList.add("hide");
      } else {
        place(e, xmin, width);
      }
    }
    if (searchTerm !== null) search(searchTerm);
  }

  function unzoom() {
    zoomed = null;
    unzoombtn.classList.add("hide");
    var el = frames.children;
    for (var i = 0; i < el.length; i++) {
      el[i].classList.remove("parent");
      el[i].classList.remove("hide");
      place(el[i], 0, totalSamples);
    }
    if (searchTerm !== null) search(searchTerm);
  }

  function resetSearch() {
    var rects = frames.getElementsByTagName("rect");
    for (var i = 0; i < rects.length; i++) {
      var orig = rects[i].getAttribute("fg:orig-fill");
      if (orig !== null) {
        rects[i].setAttribute("fill", orig);
        rects[i].removeAttribute("fg:orig-fill");
      }
    }
  }

  function clearSearch() {
    resetSearch();
    searchTerm = null;
    searchbtn.classList.remove("show");
    searchbtn.textContent = "Search";
    matchedtxt.textContent = " ";
  }

  function searchPrompt() {
    if (searchTerm !== null) { clearSearch(); return; }
    var term = window.prompt("Enter a search term (regexp allowed, eg: ^core::)", "");
    if (term !== null && term !== "") search(term);
  }

  function search(term) {
    var re = null;
    try { re = new RegExp(term); } catch (err) { re = null; }
    resetSearch();
    var el = frames.children, matches = [], maxwidth = 0;
    for (var i = 0; i < el.length; i++) {
      var e = el[i];
      if (e.classList.contains("hide") || e.classList.contains("parent")) continue;
      var r = rectOf(e), w = num(r, "fg:w");
      if (w > maxwidth) maxwidth = w;
      var name = nameOf(e);
      if (re ? re.test(name) : name.indexOf(term) >= 0) {
        r.setAttribute("fg:orig-fill", r.getAttribute("fill"));
        r.setAttribute("fill", searchColor);
        matches.push([num(r, "fg:x"), w]);
      }
    }
    searchTerm = term;
    searchbtn.classList.add("show");
    searchbtn.textContent = "Reset Search";
    // Matched share without double counting: frames nest, so after sorting by
    // x (wider first) a match inside the previous one adds nothing.
    matches.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var count = 0, end = -Infinity;
    for (var k = 0; k < matches.length; k++) {
      if (matches[k][0] >= end) { count += matches[k][1]; end = matches[k][0] + matches[k][1]; }
    }
    var pctMatched = maxwidth > 0 ? 100 * count / maxwidth : 0;
    matchedtxt.textContent = "Matched: " + (pctMatched === 100 ? "100" : pctMatched.toFixed(1)) + "%";
  }

  window.addEventListener("load", init, false);
  window.addEventListener("click", function (e) {
    if (!frames) return;
    var g = findGroup(e.target);
    if (g) {
      if (g.classList.contains("parent")) unzoom();
      zoom(g);
    } else if (e.target === unzoombtn) {
      unzoom();
    } else if (e.target === searchbtn) {
      searchPrompt();
    }
  }, false);
  window.addEventListener("mouseover", function (e) {
    if (!frames) return;
    var g = findGroup(e.target);
    if (g) details.textContent = titleOf(g);
  }, false);
  window.addEventListener("mouseout", function (e) {
    if (!frames) return;
    if (findGroup(e.target)) details.textContent = " ";
  }, false);
  window.addEventListener("keydown", function (e) {
    if (!frames) return;
    if (e.keyCode === 114 || (e.ctrlKey && e.keyCode === 70)) {
      e.preventDefault();
      searchPrompt();
    } else if (e.keyCode === 27 && zoomed) {
      unzoom();
    }
  }, false);
})();
`;

if (SCRIPT.includes(']]>') || STYLE.includes('</')) {
  throw new Error('flamegraphSvg: embedded script/style would break the document');
}
