/** Bolt's and the Web API client's log lines, sent to the process's pino logger. */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../core/ports';

function levelOf(log: Logger): LogLevel {
  const level = (log as { level?: string }).level;
  if (level === 'debug' || level === 'trace') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return level === undefined ? LogLevel.INFO : LogLevel.ERROR;
}

export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ lib: 'bolt' });
  let level = levelOf(log);
  // pino's isLevelEnabled lets the Web API client's many debug lines cost nothing when off.
  const enabled = (fn: string) => (child as { isLevelEnabled?: (l: string) => boolean }).isLevelEnabled?.(fn) ?? true;
  const emit = (fn: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]) => {
    if (!enabled(fn)) return;
    const err = parts.find((p): p is Error => p instanceof Error);
    const msg = parts
      .filter((p) => p !== err)
      .map((p) => (typeof p === 'string' ? p : safeJson(p)))
      .join(' ');
    // The Web API client's debug lines carry message bodies (answers, quotes): never logged.
    if (fn === 'debug' && /^http request (body|result)/.test(msg)) return;
    child[fn](err ? { err } : {}, msg || err?.message);
  };
  return {
    debug: (...m: unknown[]) => emit('debug', m),
    info: (...m: unknown[]) => emit('info', m),
    warn: (...m: unknown[]) => emit('warn', m),
    error: (...m: unknown[]) => emit('error', m),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
