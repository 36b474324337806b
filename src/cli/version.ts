/**
 * The package's version, read from package.json at run time so that `fde-coach --version` always
 * matches what was installed (a copied constant drifts at the next release).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** package.json sits two folders up from both src/cli (ts-jest, tsx) and dist/cli (the bin). */
export const PACKAGE_JSON = path.resolve(__dirname, '..', '..', 'package.json');

/** The `version` field of package.json. */
export function packageVersion(file: string = PACKAGE_JSON): string {
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string' || !pkg.version) throw new Error(`${file} has no "version"`);
  return pkg.version;
}
