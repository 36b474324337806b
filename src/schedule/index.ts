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

export function createDailyRuntime(
  core: Pick<Core, 'library' | 'store' | 'coach' | 'log'>,
  opts: {
    /** The running channel's publisher for a team (Slack for "slack:...", Teams for "teams:..."). */
    publisherFor: (settings: DailySettings) => DailyPublisher | undefined;
    clock?: Clock;
    random?: () => number;
  },
): DailyRuntime {
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
  const scheduler = createDailyScheduler({ daily, publisherFor: opts.publisherFor, clock: opts.clock, log: core.log });
  return { daily, leaderboard, scheduler };
}
