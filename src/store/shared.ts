/**
 * Small rules every Store implementation shares, so memory, SQLite and PostgreSQL agree.
 */
import type { HistoryEntry, UsageTotals, UserRecord } from '../core/ports';

export const EMPTY_USAGE: UsageTotals = {
  gradings: 0,
  llmGradings: 0,
  fallbacks: 0,
  promptTokens: 0,
  completionTokens: 0,
  latencyMs: 0,
};

export function addUsage(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    gradings: a.gradings + b.gradings,
    llmGradings: a.llmGradings + b.llmGradings,
    fallbacks: a.fallbacks + b.fallbacks,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    latencyMs: a.latencyMs + b.latencyMs,
  };
}

/**
 * The history entries of a record that the store does not hold yet, oldest first. History is
 * append-only and `answered` counts every graded answer, so the new ones are the first
 * (answered - stored) entries; counting, not comparing times, keeps two answers graded in the same
 * millisecond (a fake clock) apart. A hand-built record with history but answered = 0 counts its
 * history.
 */
export function historyToAppend(storedCount: number, user: Pick<UserRecord, 'answered' | 'history'>): HistoryEntry[] {
  const total = Math.max(user.answered, user.history.length);
  const fresh = Math.max(0, Math.min(user.history.length, total - storedCount));
  return user.history.slice(0, fresh).reverse();
}

/** A connection URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
