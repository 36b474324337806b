/**
 * Runs every benchmark in bench/ one after the other and prints their figures.
 * Usage: npm run bench            (or npx tsx bench/<name>.ts for one)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = __dirname;
const benches = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'run-all.ts' && !f.startsWith('_')).sort();
let failed = 0;
for (const b of benches) {
  console.log(`\n=== ${b}`);
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(dir, b)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
