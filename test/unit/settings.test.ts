// The settings table (src/protocol/settings.ts) is the one definition of every
// recording setting: package.json's contributes.configuration must say the
// same (key, type, default, enum, bounds, description, scope), so the two
// cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import {
  RECORD_SETTINGS,
  RecordSettingKey,
  SETTINGS_SECTION,
  defaultRecordSettings,
  readRecordSettings,
  settingEntry,
} from '../../src/protocol/settings';
import { COMMANDS, DEFAULT_LENS_SETTINGS } from '../../src/protocol/lspProtocol';
import { repoRoot } from '../helpers/repo';

interface JsonSetting {
  type: string;
  default: unknown;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  enumDescriptions?: string[];
  markdownDescription?: string;
  scope?: string;
  items?: { type: string };
  additionalProperties?: { type: string };
}

const pkg = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
const properties = pkg.contributes.configuration.properties as Record<string, JsonSetting>;
const keys = Object.keys(RECORD_SETTINGS) as RecordSettingKey[];

test('every recording setting of the table is in package.json, with the same type, default, bounds, choices, description and scope', () => {
  for (const key of keys) {
    const s = settingEntry(key);
    const json = properties[`${SETTINGS_SECTION}.${key}`];
    assert.ok(json, `package.json lacks ${SETTINGS_SECTION}.${key}`);
    assert.equal(json.type, s.type, `${key}: type`);
    assert.deepEqual(json.default, s.default, `${key}: default`);
    assert.equal(json.minimum, s.minimum, `${key}: minimum`);
    assert.equal(json.maximum, s.maximum, `${key}: maximum`);
    assert.deepEqual(json.enum, s.enum, `${key}: enum`);
    assert.deepEqual(json.enumDescriptions, s.enumDescriptions, `${key}: enumDescriptions`);
    assert.equal(json.markdownDescription, s.description, `${key}: description`);
    assert.equal(json.scope, s.scope, `${key}: scope`);
    if (s.type === 'array') assert.deepEqual(json.items, { type: 'string' }, `${key}: items`);
    if (s.type === 'object') assert.deepEqual(json.additionalProperties, { type: 'string' }, `${key}: values`);
    // The table's own check accepts its default.
    assert.deepEqual(s.read(s.default), s.default, `${key}: the default passes the check`);
  }
});

test('package.json has no rustFlamegraph setting the table (or the lens settings) does not define', () => {
  const lensKeys = Object.keys(DEFAULT_LENS_SETTINGS).map((k) => `lens.${k}`);
  for (const full of Object.keys(properties)) {
    const key = full.slice(SETTINGS_SECTION.length + 1);
    assert.ok(
      full.startsWith(`${SETTINGS_SECTION}.`) && ((keys as string[]).includes(key) || lensKeys.includes(key)),
      `${full} is not defined in src/protocol/settings.ts`,
    );
  }
  for (const k of lensKeys) {
    const name = k.slice('lens.'.length) as keyof typeof DEFAULT_LENS_SETTINGS;
    assert.deepEqual(properties[`${SETTINGS_SECTION}.${k}`]?.default, DEFAULT_LENS_SETTINGS[name], `${k}: default`);
  }
});

test('reading settings: invalid values fall back to the default, valid ones pass', () => {
  const given: Record<string, unknown> = {
    frequency: 0,
    callGraph: 'magic',
    event: '  page-faults ',
    programArguments: ['a', 3, 'b'],
    environment: { A: '1', B: 2 },
    cargoProfile: '',
  };
  const s = readRecordSettings((k) => given[k]);
  assert.equal(s.frequency, 997);
  assert.equal(s.callGraph, 'dwarf');
  assert.equal(s.event, 'page-faults');
  assert.deepEqual(s.programArguments, ['a', 'b']);
  assert.deepEqual(s.environment, { A: '1' });
  assert.equal(s.cargoProfile, 'release');
  const d = defaultRecordSettings();
  d.programArguments.push('x');
  assert.deepEqual(defaultRecordSettings().programArguments, [], 'defaults are fresh copies');
});

test('the command ids of the code (COMMANDS) are exactly the ones package.json contributes: the public ids cannot drift', () => {
  const contributed = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
  assert.deepEqual(Object.values(COMMANDS).sort(), contributed);
  assert.equal(COMMANDS.revealFunction, 'rustFlamegraph.revealFunction', 'the id tasks and lenses call');
  assert.equal(COMMANDS.profileTarget, 'rustFlamegraph.profileTarget');
});
