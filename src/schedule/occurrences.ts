/**
 * When a team's daily prompt falls, computed by croner in the team's time zone, so daylight
 * saving and weekday boundaries are the library's job. Only evaluation here: no timers start
 * (a Cron without a callback never schedules).
 */
import { Cron } from 'croner';
import type { DailySettings } from '../core/daily';

/** The cron pattern for a setting: minute hour * * (1-5 | *). */
export function cronPattern(s: Pick<DailySettings, 'time' | 'days'>): string {
  const [hh, mm] = s.time.split(':').map(Number);
  return `${mm} ${hh} * * ${s.days === 'weekdays' ? '1-5' : '*'}`;
}

// Patterns are few (one per team) and Cron construction parses the pattern: keep them.
const cache = new Map<string, Cron>();

function cronFor(s: Pick<DailySettings, 'time' | 'days' | 'timeZone'>): Cron {
  const key = `${cronPattern(s)}|${s.timeZone}`;
  let c = cache.get(key);
  if (!c) {
    c = new Cron(cronPattern(s), { timezone: s.timeZone, mode: '5-part' });
    if (cache.size > 1000) cache.clear();
    cache.set(key, c);
  }
  return c;
}

/** The latest scheduled instant at or before `now` (epoch ms), or undefined. */
export function lastOccurrence(s: Pick<DailySettings, 'time' | 'days' | 'timeZone'>, now: number): number | undefined {
  // croner drops milliseconds and looks strictly before the reference: +1 s makes "at or before
  // now" inclusive of an occurrence in the current second.
  return cronFor(s).previousRuns(1, new Date(now + 1000))[0]?.getTime();
}

/** The first scheduled instant strictly after `after` (epoch ms), or undefined. */
export function nextOccurrence(s: Pick<DailySettings, 'time' | 'days' | 'timeZone'>, after: number): number | undefined {
  return cronFor(s).nextRun(new Date(after))?.getTime();
}
