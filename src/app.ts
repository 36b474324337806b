/**
 * Builds the core from a Config: content, grader, store and coach. Shared by the terminal, the
 * Slack and Teams channels and the benchmarks, so every face runs the same wiring.
 */
import type { Config } from './config';
import { createCoach, type Coach } from './core/coach';
import type { Daily } from './core/daily';
import type { Leaderboard } from './core/leaderboard';
import type { Clock, Grader, Logger, Store } from './core/ports';
import { ScenarioIndex, loadLibrary } from './core/scenarios';
import { createGrader } from './grading';
import { createDailyServices } from './schedule';
import { MemoryStore } from './store/memory';

export interface Core {
  config: Config;
  library: ScenarioIndex;
  grader: Grader;
  store: Store;
  coach: Coach;
  /** The daily prompt service (one per process: its per-team locks live in it). */
  daily: Daily;
  leaderboard: Leaderboard;
  clock?: Clock;
  log: Logger;
}

export interface CoreOverrides {
  grader?: Grader;
  store?: Store;
  clock?: Clock;
  random?: () => number;
}

export function buildCore(config: Config, log: Logger, overrides: CoreOverrides = {}): Core {
  const library = new ScenarioIndex(loadLibrary({ extraDirs: config.scenarioDirs }));
  const grader = overrides.grader ?? createGrader(config, log);
  // main.ts and the terminal open the configured store (openStore) and pass it in; tests and
  // benchmarks that pass none get a throwaway memory store.
  const store = overrides.store ?? new MemoryStore(overrides.clock);
  const coach = createCoach({
    library,
    grader,
    store,
    log,
    clock: overrides.clock,
    random: overrides.random,
    idleMs: config.sessionIdleMs,
    jobLeaseMs: config.store.jobLeaseMs,
    // The coach's own bound sits above the grader's queue wait and retries (each at most
    // timeoutMs, backoff at most 2 s), so the LLM grader always gets to fall back offline first.
    gradeTimeoutMs: config.grader.queueTimeoutMs + (config.grader.timeoutMs + 2_000) * (config.grader.maxRetries + 1) + 5_000,
  });
  const { daily, leaderboard } = createDailyServices({ library, store, coach, log }, overrides);
  return { config, library, grader, store, coach, daily, leaderboard, clock: overrides.clock, log };
}
