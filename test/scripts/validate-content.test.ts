/**
 * scripts/validate-content.ts: one clear line per problem (file, scenario id, field) and a
 * non-zero exit, never a stack trace; the shipped folder named explicitly is checked once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { main } from '../../scripts/validate-content';

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'validate-content.ts');

function capture(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

/**
 * A folder with one scenario file: a shipped tradeoffs scenario under a new id (so it follows the
 * schema as it stands), with `scenario`'s fields overriding it.
 */
function folder(scenario: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fde-validate-'));
  const shipped = parse(readFileSync(path.join(ROOT, 'scenarios', 'tradeoffs.yaml'), 'utf8')) as { category: string; scenarios: Record<string, unknown>[] };
  const base = { ...shipped.scenarios[0]!, id: 'team-own-escalation' };
  writeFileSync(path.join(dir, 'team.yaml'), stringify({ category: shipped.category, scenarios: [{ ...base, ...scenario }] }));
  return dir;
}

test('the shipped content passes, with or without naming its folder (no "duplicate id")', () => {
  const plain = capture([]);
  expect(plain).toMatchObject({ code: 0, err: [] });
  expect(plain.out[0]).toMatch(/^OK: 7 criteria, \d+ scenarios \(/);
  for (const args of [['scenarios'], [path.join(ROOT, 'scenarios')], ['scenarios', './scenarios/']]) {
    const named = capture(args);
    expect(named).toMatchObject({ code: 0, err: [] });
    expect(named.out).toEqual(plain.out);
  }
});

test("a team's own valid folder is loaded with the shipped content and counted", () => {
  const dir = folder({});
  const r = capture([dir]);
  expect(r.err).toEqual([]);
  expect(r.code).toBe(0);
  expect(r.out[0]).toMatch(new RegExp(`; 1 from .*${path.basename(dir)}$`));
});

test('a broken scenario: one line naming the file, the scenario id and the field; exit 1', () => {
  const dir = folder({ difficulty: 'extreme' });
  const r = capture([dir]);
  expect(r.code).toBe(1);
  expect(r.out).toEqual([]);
  expect(r.err).toHaveLength(1);
  expect(r.err[0]).toContain(path.join(dir, 'team.yaml'));
  expect(r.err[0]).toContain('scenario "team-own-escalation"');
  expect(r.err[0]).toContain('field scenarios[0].difficulty');
});

test('a folder that cannot be read: exit 2 with its name', () => {
  const r = capture([path.join(os.tmpdir(), 'fde-no-such-folder')]);
  expect(r.code).toBe(2);
  expect(r.err).toEqual([expect.stringMatching(/"[^"]*fde-no-such-folder" is not a readable folder/)]);
});

test('as a command: the message on stderr, no stack trace, exit 1', () => {
  const dir = folder({ criteria: ['no-such-criterion'] });
  const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), SCRIPT, dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^validate-content: .*team\.yaml: scenario "team-own-escalation": field scenarios\[0\]\./);
  expect(r.stderr).not.toMatch(/\n\s+at |ContentError:/);
});
