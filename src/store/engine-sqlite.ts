/**
 * SQLite specifics. One process owns a SQLite store (the bot, or the terminal practising as
 * "cli:" people), so the named locks are in-process; the file itself stays safe with several
 * readers and writers (WAL, busy timeout), and SQLite has a single writer, so claims need no
 * SKIP LOCKED.
 */
import { KeyedMutex } from '../core/mutex';
import type { Engine } from './sql-store';

export function sqliteEngine(): Engine {
  const locks = new KeyedMutex();
  return {
    name: 'sqlite',
    skipLocked: false,
    withLock: (key, fn) => locks.run(key, fn),
    close: async () => undefined,
  };
}
