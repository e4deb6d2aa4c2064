import { test } from 'node:test';
import assert from 'node:assert/strict';

import { escapeXml, renderFlamegraphSvg } from '../../src/core/export/flamegraphSvg';
import { displayPath } from '../../src/model/format';
import type { Profile } from '../../src/model/profileTypes';
import { profileFromFolded } from './helpers/profileFromFolded';

// ---------------------------------------------------------------------------
// A tiny, strict, non-recursive XML well-formedness checker that also builds
// a DOM-ish tree (element names, decoded attributes and text) for assertions.

interface XmlElement {
  name: string;
  attrs: Map<string, string>;
  children: XmlElement[];
  /** Decoded character data directly inside this element (CDATA included). */
  text: string;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string, where: number): string {
  return s.replace(/&([^;&\s<]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new Error(`unterminated entity reference near offset ${where}: ${JSON.stringify(whole)}`);
    if (ref in PREDEFINED) return PREDEFINED[ref];
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    if (!m) throw new Error(`unknown entity &${ref}; near offset ${where}`);
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
    if (!isXmlChar(cp)) throw new Error(`character reference to an invalid char ${cp} near offset ${where}`);
    return String.fromCodePoint(cp);
  });
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function checkChars(s: string): void {
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (!isXmlChar(cp)) throw new Error(`invalid XML character U+${cp.toString(16)}`);
  }
}

/** Parses `xml` or throws with the reason it is not well-formed. */
function parseXml(xml: string): XmlElement {
  checkChars(xml);
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const expect = (s: string): void => {
    if (!xml.startsWith(s, i)) throw new Error(`expected ${JSON.stringify(s)} at offset ${i}`);
    i += s.length;
  };
  const skipSpace = (): void => {
    while (i < xml.length && /\s/.test(xml[i])) i++;
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(xml);
    if (!m) throw new Error(`expected a name at offset ${i}`);
    i += m[0].length;
    return m[0];
  };

  if (xml.startsWith('<?xml', 0)) {
    const end = xml.indexOf('?>', 0);
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  while (i < xml.length) {
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) throw new Error(`unterminated comment at ${i}`);
      if (xml.slice(i + 4, end).includes('--')) throw new Error(`"--" inside a comment at ${i}`);
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) throw new Error(`CDATA outside the root element at ${i}`);
      const end = xml.indexOf(']]>', i + 9);
      if (end < 0) throw new Error(`unterminated CDATA at ${i}`);
      stack[stack.length - 1].text += xml.slice(i + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i);
      if (end < 0) throw new Error(`unterminated processing instruction at ${i}`);
      i = end + 2;
    } else if (xml.startsWith('<!', i)) {
      throw new Error(`unexpected markup declaration at ${i}`);
    } else if (xml.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipSpace();
      expect('>');
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`mismatched end tag </${name}> (open: ${open?.name ?? 'none'})`);
    } else if (xml[i] === '<') {
      i++;
      const el: XmlElement = { name: readName(), attrs: new Map(), children: [], text: '' };
      for (;;) {
        const before = i;
        skipSpace();
        if (xml.startsWith('/>', i) || xml[i] === '>') break;
        if (i === before) throw new Error(`expected whitespace before attribute at ${i}`);
        const attr = readName();
        skipSpace();
        expect('=');
        skipSpace();
        const quote = xml[i];
        if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute ${attr} at ${i}`);
        const end = xml.indexOf(quote, i + 1);
        if (end < 0) throw new Error(`unterminated attribute ${attr}`);
        const raw = xml.slice(i + 1, end);
        if (raw.includes('<')) throw new Error(`"<" in attribute ${attr} at ${i}`);
        if (el.attrs.has(attr)) throw new Error(`duplicate attribute ${attr} on <${el.name}>`);
        el.attrs.set(attr, decodeEntities(raw, i));
        i = end + 1;
      }
      if (stack.length > 0) stack[stack.length - 1].children.push(el);
      else if (root) throw new Error(`second root element <${el.name}>`);
      else root = el;
      if (xml.startsWith('/>', i)) {
        i += 2;
      } else {
        i++;
        stack.push(el);
      }
    } else {
      const end = xml.indexOf('<', i);
      const raw = xml.slice(i, end < 0 ? xml.length : end);
      if (raw.includes(']]>')) throw new Error(`"]]>" in text at ${i}`);
      if (stack.length === 0) {
        if (raw.trim() !== '') throw new Error(`text outside the root element at ${i}`);
      } else {
        stack[stack.length - 1].text += decodeEntities(raw, i);
      }
      i += raw.length;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed element <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** All elements in document order (iterative). */
function allElements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const el = stack.pop() as XmlElement;
    out.push(el);
    for (let k = el.children.length - 1; k >= 0; k--) stack.push(el.children[k]);
  }
  return out;
}

interface DrawnFrame {
  name: string;
  title: string;
  label: string;
  x: number;
  w: number;
  xPct: number;
  wPct: number;
  y: number;
  fill: string;
}

function framesOf(root: XmlElement): { frames: DrawnFrame[]; container: XmlElement } {
  const container = allElements(root).find((e) => e.name === 'svg' && e.attrs.get('id') === 'frames');
  assert.ok(container, 'has <svg id="frames">');
  const frames = container.children.map((g) => {
    assert.equal(g.name, 'g');
    const title = g.children.find((c) => c.name === 'title');
    const rect = g.children.find((c) => c.name === 'rect');
    const text = g.children.find((c) => c.name === 'text');
    assert.ok(title && rect && text, 'each frame has title, rect and text');
    const nl = Number(rect.attrs.get('fg:nl'));
    return {
      name: title.text.slice(0, nl),
      title: title.text,
      label: text.text,
      x: Number(rect.attrs.get('fg:x')),
      w: Number(rect.attrs.get('fg:w')),
      xPct: parseFloat(rect.attrs.get('x') ?? 'NaN'),
      wPct: parseFloat(rect.attrs.get('width') ?? 'NaN'),
      y: Number(rect.attrs.get('y')),
      fill: rect.attrs.get('fill') ?? '',
    };
  });
  return { frames, container };
}

function byName(frames: DrawnFrame[], name: string): DrawnFrame {
  const f = frames.find((fr) => fr.name === name);
  assert.ok(f, `frame ${name} is drawn`);
  return f;
}

// ---------------------------------------------------------------------------

const DEMO = [
  'seed-demo;_start;__libc_start_main;main;std::rt::lang_start_internal;seed_demo::main;seed_demo::process_data;seed_demo::checksum 40',
  'seed-demo;_start;__libc_start_main;main;std::rt::lang_start_internal;seed_demo::main;seed_demo::process_data;alloc::vec::Vec<T,A>::push 20',
  'seed-demo;_start;__libc_start_main;main;std::rt::lang_start_internal;seed_demo::main;seed_demo::parse;serde_json::de::from_str 25',
  'seed-demo;_start;__libc_start_main;main;std::rt::lang_start_internal;seed_demo::main 5',
  'seed-demo;_start;__libc_start_main;main;std::rt::lang_start_internal;seed_demo::main;seed_demo::parse;asm_exc_page_fault_[k] 10',
];

function demoProfile(): Profile {
  return profileFromFolded(DEMO, {
    crateKinds: { serde_json: 'dependency' },
    workspaceRoot: '/home/u/seed-demo',
    files: {
      'seed_demo::process_data': { file: '/home/u/seed-demo/src/main.rs', line: 42 },
      'std::rt::lang_start_internal': { file: '/rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/std/src/rt.rs', line: 141 },
    },
  });
}

test('output is well-formed XML with the flamegraph.pl furniture', () => {
  const svg = renderFlamegraphSvg(demoProfile(), { title: 'seed-demo' });
  const root = parseXml(svg);
  assert.equal(root.name, 'svg');
  assert.equal(root.attrs.get('xmlns'), 'http://www.w3.org/2000/svg');
  assert.equal(root.attrs.get('width'), '1200');
  const els = allElements(root);
  const ids = new Map(els.filter((e) => e.attrs.has('id')).map((e) => [e.attrs.get('id'), e]));
  assert.equal(ids.get('title')?.text, 'seed-demo');
  assert.equal(ids.get('unzoom')?.text, 'Reset Zoom');
  assert.equal(ids.get('search')?.text, 'Search');
  assert.ok(ids.has('details') && ids.has('matched'));
  assert.equal(els.filter((e) => e.name === 'script').length, 1);
  // No external resources: nothing that loads a URL.
  assert.ok(!/\b(href|src)\s*=/.test(svg), 'no href/src attributes');
  assert.ok(
    !/https?:\/\/(?!www\.w3\.org\/2000\/svg"|github\.com\/brendangregg\/FlameGraph\))/.test(svg),
    'no URLs other than the SVG namespace and the credit',
  );
  // All 13 call-tree nodes are wide enough at 1200 px.
  const { frames } = framesOf(root);
  assert.equal(frames.length, demoProfile().tree.parent.length);
});

test('widths are proportional to totals, children start at the parent and are ordered alphabetically', () => {
  const profile = profileFromFolded(['p;main;zeta 30', 'p;main;alpha 10', 'p;main;Mid 20', 'p;main 40']);
  const { frames } = framesOf(parseXml(renderFlamegraphSvg(profile)));
  const all = byName(frames, 'all');
  assert.equal(all.w, 100);
  assert.equal(all.wPct, 100);
  for (const f of frames) {
    assert.ok(Math.abs(f.wPct - (100 * f.w) / 100) < 1e-3, `${f.name} width% ~ total`);
    assert.ok(Math.abs(f.xPct - (100 * f.x) / 100) < 1e-3, `${f.name} x% ~ offset`);
  }
  const main = byName(frames, 'main');
  assert.equal(main.w, 100);
  // flamegraph.pl sorts by plain string order: "Mid" < "alpha" < "zeta"; self time is on the right.
  assert.deepEqual(
    ['Mid', 'alpha', 'zeta'].map((n) => [byName(frames, n).x, byName(frames, n).w]),
    [
      [0, 20],
      [20, 10],
      [30, 30],
    ],
  );
  // Bottom-up: deeper frames are higher up (smaller y), one row of 16 px each.
  assert.equal(byName(frames, 'p').y - main.y, 16);
  assert.equal(all.y - byName(frames, 'p').y, 16);
  assert.equal(byName(frames, 'zeta').y, main.y - 16);
});

test('frames narrower than minWidthPx are dropped with their descendants', () => {
  const profile = profileFromFolded(['p;hot;leaf 99990', 'p;cold;colder;coldest 10']);
  // 10 of 100000 samples over 1180 px = 0.118 px.
  const kept = framesOf(parseXml(renderFlamegraphSvg(profile))).frames.map((f) => f.name);
  assert.ok(kept.includes('cold') && kept.includes('coldest'), 'kept at the default 0.1 px');
  const dropped = framesOf(parseXml(renderFlamegraphSvg(profile, { minWidthPx: 0.2 }))).frames.map((f) => f.name);
  assert.deepEqual([...dropped].sort(), ['all', 'hot', 'leaf', 'p']);
  const narrow = framesOf(parseXml(renderFlamegraphSvg(profile, { width: 300 }))).frames.map((f) => f.name);
  assert.ok(!narrow.includes('cold'), 'narrower image, same minwidth: dropped');
  // Height shrinks to the deepest drawn frame.
  const h1 = Number(parseXml(renderFlamegraphSvg(profile)).attrs.get('height'));
  const h2 = Number(parseXml(renderFlamegraphSvg(profile, { minWidthPx: 0.2 })).attrs.get('height'));
  assert.equal(h1 - h2, 16);
});

test('hostile names, files and titles come out as text, never as markup', () => {
  const hostile = [
    '<img src=x onerror=alert(1)>',
    ']]></script><script>alert(1)</script>',
    '"\'&amp;<T as core::ops::Fn<(A,)>>::call',
    '</title></g><script>alert(2)</script><g>',
  ];
  // Built from placeholders: folded lines cannot carry ';' (as in "&amp;").
  const profile = profileFromFolded(
    hostile.map((_, k) => `p;h${k} ${10 + k}`),
    { files: { h0: { file: '/x/"><script>alert(3)</script>.rs', line: 7 } } },
  );
  for (const f of profile.frames) if (/^h\d$/.test(f.name)) f.name = hostile[Number(f.name.slice(1))];
  const svg = renderFlamegraphSvg(profile, { title: '<script>alert(4)</script>' });
  const root = parseXml(svg);
  const els = allElements(root);
  assert.deepEqual(
    els.filter((e) => e.name === 'script').map((e) => e.attrs.get('type')),
    ['text/ecmascript'],
    'only our own script element',
  );
  assert.equal(els.filter((e) => e.name === 'img').length, 0);
  assert.equal(svg.split(']]>').length, 2, 'the only "]]>" closes our CDATA');
  assert.ok(!svg.includes('<img') && !svg.includes('<script>'), 'no raw markup from names');
  const { frames } = framesOf(root);
  for (const h of hostile) {
    const f = byName(frames, h);
    assert.ok(f.title.startsWith(h), 'title text decodes to the exact name');
  }
  assert.match(byName(frames, hostile[0]).title, /^<img src=x onerror=alert\(1\)> \(\/x\/"><script>alert\(3\)<\/script>\.rs:7\) — /);
  assert.equal(els.find((e) => e.attrs.get('id') === 'title')?.text, '<script>alert(4)</script>');
  // The script carries no profile data: identical for any profile.
  const script = (s: string): string => allElements(parseXml(s)).find((e) => e.name === 'script')?.text ?? '';
  assert.equal(script(svg), script(renderFlamegraphSvg(demoProfile())));
  assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/.test(script(svg)));
});

test('control characters and lone surrogates do not break the document', () => {
  const name = 'bad\u0000name\u0007\ud800x\tq\r\n';
  const profile = profileFromFolded(['p;x 1']);
  profile.frames[2].name = name;
  const root = parseXml(renderFlamegraphSvg(profile));
  const f = framesOf(root).frames[2];
  assert.equal(f.name, 'bad\ufffdname\ufffd\ufffdx\tq\r\n');
  assert.equal(escapeXml('a<b>&"\''), 'a&lt;b&gt;&amp;&quot;&apos;');
});

test('a 10,000-deep call chain renders without recursion', () => {
  const depth = 10_000;
  const chain = Array.from({ length: depth }, (_, k) => `f${k}`).join(';');
  const profile = profileFromFolded([`${chain} 3`, 'other 1']);
  const svg = renderFlamegraphSvg(profile);
  const { frames } = framesOf(parseXml(svg));
  assert.equal(frames.length, depth + 2);
  const leaf = byName(frames, `f${depth - 1}`);
  assert.equal(leaf.w, 3);
  assert.equal(byName(frames, 'all').y - leaf.y, depth * 16);
});

test('long names are cut with ".." to fit, like flamegraph.pl', () => {
  const long = 'seed_demo::very::long::module::path::with::a::function_name_that_goes_on';
  const profile = profileFromFolded([`p;${long} 1`, 'p;wide 99']);
  const { frames } = framesOf(parseXml(renderFlamegraphSvg(profile)));
  const f = byName(frames, long);
  // 1% of 1180 px = 11.8 px: not even 3 characters.
  assert.equal(f.label, '');
  const g = byName(frames, 'wide');
  assert.equal(g.label, 'wide');
  const wider = framesOf(parseXml(renderFlamegraphSvg(profileFromFolded([`p;${long} 30`, 'p;wide 70'])))).frames;
  const label = byName(wider, long).label;
  assert.ok(label.endsWith('..') && long.startsWith(label.slice(0, -2)), label);
  assert.ok(label.length * 12 * 0.6 + 3 <= 0.3 * 1180, 'fits in the box');
});

test('output is deterministic, colours depend on name and kind only', () => {
  const a = renderFlamegraphSvg(demoProfile());
  const b = renderFlamegraphSvg(demoProfile());
  assert.equal(a, b);
  const { frames } = framesOf(parseXml(a));
  const rgb = (f: DrawnFrame): number[] => (/rgb\((\d+),(\d+),(\d+)\)/.exec(f.fill) ?? []).slice(1).map(Number);
  const [ur, ug, ub] = rgb(byName(frames, 'seed_demo::process_data'));
  assert.ok(ur > 200 && ug < 160 && ub < 70, 'user code is orange/red');
  const [sr, , sb] = rgb(byName(frames, 'std::rt::lang_start_internal'));
  assert.ok(sb > 190 && sr < 130, 'std is aqua/blue');
  const [dr, dg, db] = rgb(byName(frames, 'serde_json::de::from_str'));
  assert.ok(dr > 180 && dg > 155 && db < 90, 'dependencies are yellow/brown');
  const [kr, kg, kb] = rgb(byName(frames, 'asm_exc_page_fault_[k]'));
  assert.ok(kg > 180 && kr < 120 && kb < 120, 'kernel is green');
  const [pr, pg, pb] = rgb(byName(frames, 'seed-demo'));
  assert.ok(pb > 210 && pr > 160 && pb > pr && pg < pr, 'process is purple');
  const [yr, yg, yb] = rgb(byName(frames, '__libc_start_main'));
  assert.ok(Math.abs(yr - yg) < 10 && Math.abs(yg - yb) < 10, 'system libraries are grey');
});

test('details text: name (file:line) — samples and percentages, self and total', () => {
  const { frames } = framesOf(parseXml(renderFlamegraphSvg(demoProfile())));
  assert.equal(byName(frames, 'all').title, 'all — 100 samples, 100.00%');
  assert.equal(byName(frames, 'seed_demo::process_data').title, 'seed_demo::process_data (src/main.rs:42) — 60 samples, 60.00%');
  assert.equal(byName(frames, 'seed_demo::main').title, 'seed_demo::main — 100 samples, 100.00% (self: 5 samples, 5.00%)');
  assert.equal(
    byName(frames, 'std::rt::lang_start_internal').title,
    'std::rt::lang_start_internal (library/std/src/rt.rs:141) — 100 samples, 100.00%',
  );
  const one = framesOf(parseXml(renderFlamegraphSvg(profileFromFolded(['p;a 1', 'p;b 1233'])))).frames;
  assert.equal(byName(one, 'a').title, 'a — 1 sample, 0.08% (self: 1 sample, 0.08%)');
  assert.equal(byName(one, 'p').title, 'p — 1,234 samples, 100.00%');
});

test('an empty profile still gives a valid document', () => {
  const svg = renderFlamegraphSvg(profileFromFolded([]));
  const root = parseXml(svg);
  assert.equal(framesOf(root).frames.length, 0);
  assert.ok(allElements(root).some((e) => e.text === 'No samples'));
});

test('displayPath shortens workspace, std and registry paths', () => {
  assert.equal(displayPath('/w/proj/src/lib.rs', '/w/proj'), 'src/lib.rs');
  assert.equal(displayPath('/rustc/abc123/library/core/src/iter.rs', null), 'library/core/src/iter.rs');
  assert.equal(
    displayPath('/home/u/.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde_json-1.0.1/src/de.rs', null),
    'serde_json-1.0.1/src/de.rs',
  );
  assert.equal(displayPath('/opt/other.rs', '/w/proj'), '/opt/other.rs');
});
