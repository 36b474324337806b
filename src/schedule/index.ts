/**
 * Wires the daily prompt, the leaderboard and the scheduler onto a built Core, so main.ts and
 * the adapters share one instance (the daily service's per-team locks live in it).
 */
import type { Core } from '../app';
import { createDaily, type Daily, type DailyPublisher, type DailySettings } from '../core/daily';
import { createLeaderboard, type Leaderboard } from '../core/leaderboard';
import type { Clock } from '../core/ports';
import { createDailyScheduler, type DailyScheduler } from './daily-scheduler';
import { nextOccurrence } from './occurrences';

export { cronPattern, lastOccurrence, nextOccurrence } from './occurrences';
export { createDailyScheduler, dueDay, type DailyScheduler, type TickResult } from './daily-scheduler';

export interface DailyRuntime {
  daily: Daily;
  leaderboard: Leaderboard;
  scheduler: DailyScheduler;
}

/** The daily service and the leaderboard over a core (buildCore calls this once per process). */
export function createDailyServices(
  core: Pick<Core, 'library' | 'store' | 'coach' | 'log'>,
  opts: { clock?: Clock; random?: () => number } = {},
): Pick<DailyRuntime, 'daily' | 'leaderboard'> {
  const daily = createDaily({
    library: core.library,
    store: core.store,
    coach: core.coach,
    log: core.log,
    clock: opts.clock,
    random: opts.random,
    nextOccurrence,
  });
  const leaderboard = createLeaderboard({
    store: core.store,
    library: core.library,
    coach: core.coach,
    clock: opts.clock,
    streakDays: daily.streakDays,
  });
  return { daily, leaderboard };
}

/**
 * Fresh daily services plus a scheduler over a core. Tests use it to simulate a restarted
 * process over the same store; main.ts schedules the Core's own services instead.
 */
export function createDailyRuntime(
  core: Pick<Core, 'library' | 'store' | 'coach' | 'log'>,
  opts: {
    /** The running channel's publisher for a team (Slack for "slack:...", Teams for "teams:..."). */
    publisherFor: (settings: DailySettings) => DailyPublisher | undefined;
    clock?: Clock;
    random?: () => number;
  },
): DailyRuntime {
  const { daily, leaderboard } = createDailyServices(core, opts);
  const scheduler = createDailyScheduler({ daily, publisherFor: opts.publisherFor, clock: opts.clock, log: core.log });
  return { daily, leaderboard, scheduler };
}
