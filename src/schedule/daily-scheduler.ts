/**
 * Decides which teams' daily prompts are due and posts them through the daily service.
 *
 * tick(now): for every enabled team, the latest scheduled occurrence at or before `now` (croner,
 * in the team's zone) is due when it falls on the team's local today, came after the setting
 * was last changed, and today has no post yet. That one rule gives the on-time post, the
 * catch-up at start when a post was missed "if it is still that day", and no post for a day that
 * has passed. The daily service serialises per team and re-checks the day's record, so two ticks
 * never post twice.
 *
 * start(): the runtime driver, a croner job at second 1 of every minute (unref'ed, never
 * overlapping) plus one tick straight away for the catch-up.
 */
import { Cron } from 'croner';
import { localDay, type Daily, type DailyPostOutcome, type DailyPublisher, type DailySettings } from '../core/daily';
import { silentLogger, systemClock, type Clock, type Logger } from '../core/ports';
import { lastOccurrence } from './occurrences';

export interface DailySchedulerDeps {
  daily: Pick<Daily, 'listSettings' | 'getPost' | 'postToday'>;
  /** The channel that posts for a team (by settings.teamKey's platform); undefined skips it. */
  publisherFor: (settings: DailySettings) => DailyPublisher | undefined;
  clock?: Clock;
  log?: Logger;
}

export type TickResult = { teamKey: string; due: boolean; reason: string; outcome?: DailyPostOutcome };

/** Whether the team's prompt is due at `now` (ignoring whether it was already posted). */
export function dueDay(s: DailySettings, now: number): { due: boolean; day: string; occurrence?: number; reason: string } {
  const day = localDay(now, s.timeZone);
  if (!s.enabled) return { due: false, day, reason: 'disabled' };
  const occurrence = lastOccurrence(s, now);
  if (occurrence === undefined) return { due: false, day, reason: 'no occurrence' };
  if (localDay(occurrence, s.timeZone) !== day) return { due: false, day, occurrence, reason: 'not today' };
  // A setting made after today's time starts tomorrow: no surprise post when an admin sets 09:00 at 14:00.
  if (occurrence < s.setAt - (s.setAt % 60_000)) return { due: false, day, occurrence, reason: 'set after today' };
  return { due: true, day, occurrence, reason: 'due' };
}

export type DailyScheduler = ReturnType<typeof createDailyScheduler>;

export function createDailyScheduler(deps: DailySchedulerDeps) {
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? silentLogger;

  async function tickTeam(s: DailySettings, now: number): Promise<TickResult> {
    const d = dueDay(s, now);
    if (!d.due) return { teamKey: s.teamKey, due: false, reason: d.reason };
    const existing = await deps.daily.getPost(s.teamKey, d.day);
    if (existing?.status === 'posted' || existing?.status === 'posting')
      return { teamKey: s.teamKey, due: false, reason: `already ${existing.status}` };
    const publisher = deps.publisherFor(s);
    if (!publisher) return { teamKey: s.teamKey, due: true, reason: 'no channel running for this team' };
    const outcome = await deps.daily.postToday(s.teamKey, publisher, { trigger: 'schedule', at: now, log });
    return { teamKey: s.teamKey, due: true, reason: outcome.status, outcome };
  }

  /** Posts every prompt that is due at `now`. Teams are independent; one failing does not stop others. */
  async function tick(now: number = clock.now()): Promise<TickResult[]> {
    const all = await deps.daily.listSettings();
    const results = await Promise.all(
      all.map((s) =>
        tickTeam(s, now).catch((err: unknown): TickResult => {
          log.error({ err, team: s.teamKey }, 'daily tick failed for a team');
          return { teamKey: s.teamKey, due: true, reason: 'error' };
        }),
      ),
    );
    return results;
  }

  /**
   * Starts the runtime driver. `ready` settles after the catch-up tick; stop() ends the job (an
   * in-flight tick finishes on its own).
   */
  function start(): { ready: Promise<TickResult[]>; stop: () => void } {
    const job = new Cron(
      '1 * * * * *',
      {
        unref: true,
        protect: true,
        catch: (err: unknown) => log.error({ err }, 'daily tick failed'),
      },
      async () => {
        await tick();
      },
    );
    const ready = tick().catch((err: unknown) => {
      log.error({ err }, 'daily catch-up tick failed');
      return [] as TickResult[];
    });
    return { ready, stop: () => job.stop() };
  }

  return { tick, start };
}
