/**
 * Points, streaks and competency averages: the arithmetic behind stats and the leaderboard.
 * Written out in the help text too; change both together.
 */
import type { CompetencyTotals, HistoryEntry, UserRecord } from './ports';
import type { CriterionId, Difficulty, GradeFlag, GradeResult } from './types';

export const DIFFICULTY_MULTIPLIER: Record<Difficulty, number> = { easy: 1, medium: 1.5, hard: 2 };
/** Extra points for answering the daily prompt. */
export const DAILY_BONUS = 5;
/** How many graded answers are kept per person (averages survive trimming via totals). */
export const HISTORY_LIMIT = 200;

/**
 * points = round(overall x 10 x difficulty multiplier) (+5 for a daily answer). An answer that
 * tried to instruct the grader earns 0, and so does one with nothing to grade (empty, a line or two,
 * or not about this scenario): ten "ok"s must not climb the leaderboard.
 */
export const NO_POINTS_FLAGS: readonly GradeFlag[] = ['injection', 'empty', 'too-short', 'off-topic'];

export function pointsFor(result: GradeResult, difficulty: Difficulty, source: 'practice' | 'daily'): number {
  if (result.flags.some((f) => NO_POINTS_FLAGS.includes(f))) return 0;
  const base = Math.round(result.overall * 10 * DIFFICULTY_MULTIPLIER[difficulty]);
  return base + (source === 'daily' ? DAILY_BONUS : 0);
}

export function newUser(key: string, teamKey: string, userId: string, displayName?: string): UserRecord {
  return {
    key,
    teamKey,
    userId,
    displayName,
    history: [],
    totals: {},
    totalPoints: 0,
    answered: 0,
    seen: [],
    optOut: false,
    streak: { count: 0, best: 0 },
  };
}

/** Adds a graded answer to a user record (returns a new record). */
export function recordGrade(user: UserRecord, entry: HistoryEntry): UserRecord {
  const totals: CompetencyTotals = { ...user.totals };
  for (const [id, score] of Object.entries(entry.scores) as [CriterionId, number][]) {
    const t = totals[id] ?? { sum: 0, count: 0 };
    totals[id] = { sum: t.sum + score, count: t.count + 1 };
  }
  return {
    ...user,
    history: [entry, ...user.history].slice(0, HISTORY_LIMIT),
    totals,
    totalPoints: user.totalPoints + entry.points,
    answered: user.answered + 1,
  };
}

export function averages(totals: CompetencyTotals): { id: CriterionId; average: number; count: number }[] {
  return (Object.entries(totals) as [CriterionId, { sum: number; count: number }][])
    .filter(([, t]) => t.count > 0)
    .map(([id, t]) => ({ id, average: Math.round((t.sum / t.count) * 10) / 10, count: t.count }));
}

/** The competency with the lowest average, if any was assessed. */
export function weakestCompetency(totals: CompetencyTotals): CriterionId | undefined {
  const list = averages(totals).sort((a, b) => a.average - b.average || a.id.localeCompare(b.id));
  return list[0]?.id;
}

/** Start of the ISO week (Monday 00:00 UTC) containing the time. */
export function weekStart(at: number): number {
  const d = new Date(at);
  const day = (d.getUTCDay() + 6) % 7;
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
}

export function pointsSince(user: UserRecord, since: number): number {
  return user.history.filter((h) => h.at >= since).reduce((a, h) => a + h.points, 0);
}

/**
 * Updates the daily streak for an answer on `day` (YYYY-MM-DD in the team's time zone): the streak
 * grows when the previous answered prompt day is `previousDay`, else restarts at 1.
 */
export function bumpStreak(
  streak: UserRecord['streak'],
  day: string,
  previousDay: string | undefined,
): UserRecord['streak'] {
  if (streak.lastDay === day) return streak;
  const count = previousDay !== undefined && streak.lastDay === previousDay ? streak.count + 1 : 1;
  return { count, lastDay: day, best: Math.max(streak.best, count) };
}
