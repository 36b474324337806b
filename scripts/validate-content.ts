/**
 * Loads and validates scenario content as the app would, and prints counts per category.
 *
 *   npx tsx scripts/validate-content.ts            the shipped scenarios/
 *   npx tsx scripts/validate-content.ts DIR ...    the shipped content plus your folders (as FDE_SCENARIOS_DIR)
 *
 * A problem prints one line naming the file, the scenario id and the field, and exits 1; a
 * folder that cannot be read exits 2. Naming the shipped folder itself is allowed: it is checked
 * once, not loaded twice (which would report every shipped id as a duplicate).
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { ContentError, SHIPPED_SCENARIOS_DIR, loadLibrary } from '../src/core/scenarios';

/** Where the output goes; the defaults write to the process's streams. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const processIo: Io = { out: (l) => void process.stdout.write(`${l}\n`), err: (l) => void process.stderr.write(`${l}\n`) };

/** Runs the check on the given folders; returns the exit code. */
export function main(args: string[], io: Io = processIo): number {
  const shipped = realpathSync(SHIPPED_SCENARIOS_DIR);
  const extra: string[] = [];
  for (const dir of args) {
    let real: string;
    try {
      if (!statSync(dir).isDirectory()) throw new Error('not a folder');
      real = realpathSync(dir);
    } catch {
      io.err(`validate-content: "${dir}" is not a readable folder`);
      return 2;
    }
    if (real !== shipped && !extra.includes(real)) extra.push(real);
  }
  try {
    const lib = loadLibrary({ extraDirs: extra });
    const byCategory: Record<string, number> = {};
    for (const s of lib.scenarios) byCategory[s.category] = (byCategory[s.category] ?? 0) + 1;
    const counts = Object.entries(byCategory)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
    const fromExtra = extra.length ? lib.scenarios.filter((s) => extra.some((d) => s.sourceFile.startsWith(d + path.sep))).length : 0;
    io.out(`OK: ${lib.criteria.length} criteria, ${lib.scenarios.length} scenarios (${counts})${extra.length ? `; ${fromExtra} from ${extra.join(', ')}` : ''}`);
    return 0;
  } catch (err) {
    if (!(err instanceof ContentError)) throw err;
    // The message already names the file, the scenario id and the field; shown relative when short.
    const rel = path.relative(process.cwd(), err.file);
    const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? err.message.replace(err.file, rel) : err.message;
    io.err(`validate-content: ${shown}`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
