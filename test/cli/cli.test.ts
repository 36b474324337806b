/**
 * The CLI end to end, as a child process running the installed bin (dist/ is built by
 * `npm run build`, which `npm test` runs first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageVersion } from '../../src/cli/version';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'fde-coach.js');
// The CLI keeps its state under FDE_DATA_DIR: never the real home directory in tests.
const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'fde-cli-data-'));

function cli(args: string[], input = '', env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', FDE_DATA_DIR: DATA_DIR, ...env },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const answer = `First I would not hard-code anything: I would ask what decision the ops lead makes with the status and measure the baseline lead time.
Because the parser is a one-off, I would ship it behind a feature flag with logging and a rollback, and file the connector gap with product so the next customer gets it.
I would tell the VP the tradeoff plainly: two days now, three weeks for the reusable connector, and who owns maintenance.`;

describe('fde-coach CLI', () => {
  it('--version (and -V) prints the version from package.json', () => {
    const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
    expect(cli(['--help']).stdout).toMatch(/-V, --version/);
  });

  it('reads the version from the file, not from a constant', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fde-ver-'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '9.8.7-rc.1' }));
    expect(packageVersion(path.join(dir, 'package.json'))).toBe('9.8.7-rc.1');
    writeFileSync(path.join(dir, 'package.json'), '{}');
    expect(() => packageVersion(path.join(dir, 'package.json'))).toThrow(/no "version"/);
  });

  it('eval --gold with a missing folder or a file: one clear message, exit 2', () => {
    const missing = cli(['eval', '--gold', path.join(os.tmpdir(), 'fde-no-such-gold')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^fde-coach: No gold-set folder at ".*fde-no-such-gold" \(--gold\)/);
    expect(missing.stderr).not.toMatch(/ENOENT|scandir|\n\s+at /);
    const file = cli(['eval', '--gold', 'package.json']);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/--gold must be a folder/);
  });

  it('lists scenarios as JSON', () => {
    const r = cli(['scenarios', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; category: string; difficulty: string; title: string; languages: string[] }[];
    expect(rows.length).toBeGreaterThanOrEqual(36);
    expect(rows[0]).toEqual({ id: expect.any(String), category: expect.any(String), difficulty: expect.any(String), title: expect.any(String), languages: ['en', 'ko'] });
  });

  it('grades an answer file to one JSON object', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fde-cli-'));
    const file = path.join(dir, 'a.txt');
    writeFileSync(file, answer);
    const r = cli(['grade', '--scenario', 'tradeoffs-hotfix-vs-connector', '--answer-file', file, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ scenarioId: 'tradeoffs-hotfix-vs-connector', grader: 'offline' });
    expect(out.overall).toBeGreaterThanOrEqual(1);
    expect(out.overall).toBeLessThanOrEqual(5);
    for (const c of out.criteria) {
      expect(c).toEqual(expect.objectContaining({ id: expect.any(String), score: expect.any(Number), evidence: expect.any(Array), feedback: expect.any(String) }));
      for (const q of c.evidence) expect(answer).toContain(q);
    }
  });

  it('grades an answer from stdin, in Korean when asked', () => {
    const r = cli(['grade', '--scenario', 'tradeoffs-hotfix-vs-connector', '--lang', 'ko'], answer);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\d\/5/);
    expect(r.stdout).toMatch(/[\uAC00-\uD7AF]/);
  });

  it('fails clearly on an unknown scenario or an empty answer', () => {
    const unknown = cli(['grade', '--scenario', 'nope', '--json'], answer);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown scenario "nope"/);
    const empty = cli(['grade', '--scenario', 'tradeoffs-hotfix-vs-connector'], '  \n ');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/answer is empty/);
    const badFlag = cli(['practice', '--difficulty', 'extreme']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(/extreme/);
  });

  it('grades an over-long answer on its first 6000 characters and says so', () => {
    const r = cli(['grade', '--scenario', 'tradeoffs-hotfix-vs-connector', '--json'], `${answer}\n${'More detail. '.repeat(800)}`);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/longer than 6000 characters: grading the first 6000/);
    for (const c of JSON.parse(r.stdout).criteria) for (const q of c.evidence) expect(answer + 'More detail.').toContain(q);
  });

  it('fails clearly on a bad environment variable', () => {
    const r = cli(['scenarios'], '', { GRADER: 'sometimes' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GRADER/);
  });

  it('runs a practice session from piped input: scenario, answer, feedback, quit', () => {
    const r = cli(['practice', '--category', 'tradeoffs', '--difficulty', 'medium'], `${answer}\n.\n:skip\n:quit\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/offline rubric grader/);
    expect(r.stdout).toMatch(/Tradeoffs · medium/);
    expect(r.stdout).toMatch(/Overall: \d\.\d\/5/);
    // Per criterion the best quote from the answer, or the line saying nothing earned it.
    expect(r.stdout).toMatch(/^ {3}“.+”$|Nothing in the answer earned/m);
    expect(r.stdout).toMatch(/Next step:/);
    expect(r.stdout.includes('\u001b[')).toBe(false); // NO_COLOR respected
  });

  it('never drops an answer typed before end of input', () => {
    const r = cli(['practice', '--category', 'discovery', '--lang', 'ko'], `${answer}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/종합: \d\.\d\/5/);
  });

  it('remembers history between runs in the SQLite file under FDE_DATA_DIR', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fde-cli-remember-'));
    const first = cli(['practice', '--category', 'tradeoffs', '--lang', 'en'], `${answer}\n.\n:stop\n:stats\n:quit\n`, { FDE_DATA_DIR: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Answered: 1 /);
    const second = cli(['practice', '--category', 'discovery', '--lang', 'en'], `:stats\n:quit\n`, { FDE_DATA_DIR: dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Answered: 1 /);
    expect(existsSync(path.join(dir, 'fde-coach.db'))).toBe(true);
  });

  it('runs the gold-set eval and prints agreement figures as JSON', () => {
    const r = cli(['eval', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.items).toBeGreaterThanOrEqual(24);
    expect(report.grader).toBe('offline');
    expect(typeof report.spearman).toBe('number');
    expect(report.within1).toBeGreaterThan(0);
  });
});
