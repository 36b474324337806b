/**
 * Opens the configured store: memory, the SQLite file under the data directory, or PostgreSQL.
 */
import type { Config } from '../config';
import type { Clock, Store } from '../core/ports';
import { MemoryStore } from './memory';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';

export { MemoryStore } from './memory';
export { openPostgresStore } from './postgres';
export { openSqliteStore, SQLITE_FILE } from './sqlite';
export { StoreVersionError } from './migrations';

export async function openStore(config: Pick<Config, 'store'>, opts: { clock?: Clock } = {}): Promise<Store> {
  const s = config.store;
  switch (s.kind) {
    case 'memory':
      return new MemoryStore(opts.clock);
    case 'postgres':
      return openPostgresStore(s.databaseUrl!, opts);
    case 'sqlite':
      return openSqliteStore(s.dataDir, opts);
  }
}

/** Where the state lives, for the start log line and `fde-coach` messages (password redacted). */
export { redactUrl } from './shared';
