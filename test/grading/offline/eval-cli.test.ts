/**
 * `fde-coach eval` as a person runs it (the built bin as a child process): in-sample and
 * cross-validated figures side by side, JSON with both, and a clear message for a missing gold folder.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'fde-coach.js');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('fde-coach eval --cv', () => {
  it('reports in-sample and leave-scenarios-out figures, overall and per kind, as JSON', () => {
    const r = cli(['eval', '--cv', '3', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.items).toBeGreaterThanOrEqual(40);
    for (const m of [report, report.cv.metrics]) {
      expect(typeof m.spearman).toBe('number');
      expect(m.within1).toBeGreaterThan(0);
      expect(m.mae).toBeGreaterThanOrEqual(0);
      expect(m.kinds.strong.count).toBeGreaterThan(0);
      expect(typeof m.kinds.strong.got).toBe('number');
    }
    expect(report.cv.folds).toBe(3);
    expect(report.cv.calibrations).toHaveLength(3);
    // Every answer is scored exactly once, by the fold that held its scenario out.
    expect(report.cv.results.map((x: { id: string }) => x.id).sort()).toEqual(report.results.map((x: { id: string }) => x.id).sort());
  });

  it('prints the two columns, and applies --min-spearman to the cross-validated figure', () => {
    const r = cli(['eval', '--cv', '3', '--no-progress', '--min-spearman', '0.99']);
    expect(r.stdout).toMatch(/as shipped\s+cross-validated \(3-fold\)/);
    expect(r.stdout).toMatch(/Spearman correlation\s+\d\.\d{3}\s+\d\.\d{3}/);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Cross-validated Spearman .* below --min-spearman 0.99/);
  });

  it('fails clearly with exit 2 for a gold folder that does not exist, or a bad --cv', () => {
    const r = cli(['eval', '--gold', '/nonexistent']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No gold-set folder at "\/nonexistent"/);
    expect(r.stdout).toBe('');
    const bad = cli(['eval', '--cv', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/2 or more/);
  });
});
