// One palette for the page and the SVG export: the SVG's rgb() fill of a
// frame is the page's light-theme hsl() colour of the same frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameColor, frameColorRgb, hslToRgb } from '../../src/model/palette';
import { renderFlamegraphSvg } from '../../src/core/export/flamegraphSvg';
import { ProfileBuilder } from '../../src/model/builder';
import type { FrameKind } from '../../src/model/profileTypes';

test('hsl to rgb follows CSS', () => {
  assert.deepEqual(hslToRgb({ h: 0, s: 100, l: 50 }), [255, 0, 0]);
  assert.deepEqual(hslToRgb({ h: 120, s: 100, l: 25 }), [0, 128, 0]);
  assert.deepEqual(hslToRgb({ h: 240, s: 100, l: 50 }), [0, 0, 255]);
  assert.deepEqual(hslToRgb({ h: 33, s: 48, l: 77 }), [225, 199, 168]);
  assert.deepEqual(hslToRgb({ h: 0, s: 0, l: 100 }), [255, 255, 255]);
});

test('a frame has the same colour in the page (hsl) and in the SVG (rgb)', () => {
  const kinds: FrameKind[] = ['user', 'dependency', 'std', 'system', 'kernel', 'process', 'root', 'unknown'];
  for (const kind of kinds) {
    for (const name of ['a', 'seed_demo::process_data', 'std::rt::lang_start', '<T as Foo>::bar']) {
      const m = /^hsl\(([\d.-]+),([\d.]+)%,([\d.]+)%\)$/.exec(frameColor(kind, name, 'light'))!;
      const [r, g, b] = hslToRgb({ h: Number(m[1]), s: Number(m[2]), l: Number(m[3]) });
      assert.equal(frameColorRgb(kind, name, 'light'), `rgb(${r},${g},${b})`, `${kind} ${name}`);
    }
  }
  const builder = new ProfileBuilder({ workspaceRoot: '/ws', mainBinary: null });
  builder.addStack('app', [{ name: 'app::main', file: '/ws/src/main.rs', line: 1, inlined: false, dso: null }], 3);
  const svg = renderFlamegraphSvg(
    builder.build({
      event: 'cpu-clock',
      frequency: null,
      callGraph: null,
      command: null,
      workspaceRoot: '/ws',
      createdAt: 't',
      warnings: [],
    }),
  );
  assert.ok(svg.includes(`fill="${frameColorRgb('user', 'app::main', 'light')}"`), 'the SVG draws with the light theme');
});

test('every shade of a family keeps its look in the SVG (not only the names the SVG test uses)', () => {
  for (let i = 0; i < 2000; i++) {
    const name = `fn_${i}`;
    const rgb = (k: FrameKind) => (/rgb\((\d+),(\d+),(\d+)\)/.exec(frameColorRgb(k, name, 'light')) ?? []).slice(1).map(Number);
    const [ur, ug, ub] = rgb('user');
    assert.ok(ur > 200 && ug < 160 && ub < 70, `user ${name}`);
    const [sr, , sb] = rgb('std');
    assert.ok(sb > 190 && sr < 130, `std ${name}`);
    const [dr, dg, db] = rgb('dependency');
    assert.ok(dr > 180 && dg > 155 && db < 90, `dependency ${name}`);
    const [kr, kg, kb] = rgb('kernel');
    assert.ok(kg > 180 && kr < 120 && kb < 120, `kernel ${name}`);
    const [pr, pg, pb] = rgb('process');
    assert.ok(pb > 210 && pr > 160 && pb > pr && pg < pr, `process ${name}`);
    const [yr, yg, yb] = rgb('system');
    assert.ok(Math.abs(yr - yg) < 10 && Math.abs(yg - yb) < 10, `system ${name}`);
    const light = (c: string) => Number(/,([\d.]+)%\)$/.exec(c)![1]);
    assert.ok(light(frameColor('user', name, 'dark')) < light(frameColor('user', name, 'light')) - 10, `dark user ${name}`);
  }
});
