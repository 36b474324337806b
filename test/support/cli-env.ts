/**
 * The environment a CLI child process gets in tests: PATH, no colours, and a fresh data folder of
 * its own (FDE_DATA_DIR, and HOME too, so nothing can fall back to the real ~/.local/share). Every
 * run starts with no history, whatever ran before it, and nothing lands in the developer's home.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function cliEnv(extra: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fde-cli-'));
  return { PATH: process.env.PATH ?? '', NO_COLOR: '1', FDE_DATA_DIR: dir, HOME: dir, ...extra };
}
