/**
 * The team leaderboard (weekly and all-time), opt-out, and the per-person progress view behind the
 * App Home tab. Pure core: reads user records from the Store and returns data, never markup.
 */
import type { Coach } from './coach';
import { dailyNotice, pointsRules, td, type DailyNoticeReply } from './daily-messages';
import { averages, pointsSince, weekStart } from './points';
import { personKey, systemClock, teamKey, type Clock, type Person, type Store, type UserRecord } from './ports';
import type { ScenarioIndex } from './scenarios';
import type { CategoryId, CriterionId, Difficulty, Language } from './types';

export type LeaderboardPeriod = 'week' | 'all';

/** The team's two latest daily post days: a streak is current when it reached one of them. */
export interface StreakDays {
  last?: string;
  previous?: string;
}

/**
 * The streak as it stands today. The stored count only changes when someone answers, so a person
 * who stopped answering would keep an old count; it is current only when their last answered
 * prompt is the team's latest or the one before (today's may not be answered yet).
 */
export function currentStreak(streak: UserRecord['streak'], days?: StreakDays): number {
  if (!days?.last) return streak.count;
  if (!streak.lastDay) return 0;
  return streak.lastDay === days.last || streak.lastDay === days.previous ? streak.count : 0;
}

export interface LeaderboardEntry {
  /** 1-based; ties are broken, so ranks are distinct. */
  rank: number;
  userKey: string;
  userId: string;
  displayName?: string;
  points: number;
  /** When the person reached these points (their last scoring answer in the period). */
  reachedAt: number;
  streak: number;
  bestStreak: number;
}

export interface LeaderboardReply {
  kind: 'leaderboard';
  language: Language;
  teamKey: string;
  period: LeaderboardPeriod | 'last-week';
  /** The counted window [from, to); unset bounds are open. */
  from?: number;
  to?: number;
  title: string;
  /** The top N. */
  entries: LeaderboardEntry[];
  /** How many people have points in the period (opted-out people excluded). */
  totalRanked: number;
  /** Set when the board is empty. */
  emptyText?: string;
  /** The asking person's own line, whether or not they made the top N. */
  me?: {
    userKey: string;
    userId: string;
    rank?: number;
    points: number;
    streak: number;
    optedOut: boolean;
    inTop: boolean;
    text: string;
  };
}

interface Window {
  from?: number;
  to?: number;
}

/**
 * Points per person in a window as the store computed them (a query over graded answers), so
 * ranking never needs every person's history. Absent: computed from the records' history.
 */
export type Standings = ReadonlyMap<string, { points: number; reachedAt: number }>;

/** The store's standings for a window, keyed by person. */
export async function loadStandings(store: Pick<Store, 'standings'>, tk: string, window: Window): Promise<Standings> {
  return new Map((await store.standings(tk, window)).map((s) => [s.userKey, { points: s.points, reachedAt: s.reachedAt }]));
}

/** Points in the window and when they were reached; all-time uses the running total. */
export function standing(user: UserRecord, window: Window = {}, standings?: Standings): { points: number; reachedAt: number } {
  if (standings) return standings.get(user.key) ?? { points: 0, reachedAt: Number.MAX_SAFE_INTEGER };
  const open = window.from === undefined && window.to === undefined;
  const inWindow = user.history.filter(
    (h) => (window.from === undefined || h.at >= window.from) && (window.to === undefined || h.at < window.to),
  );
  const points = open ? user.totalPoints : inWindow.reduce((a, h) => a + h.points, 0);
  const scoring = inWindow.filter((h) => h.points > 0).map((h) => h.at);
  // History is most recent first and trimmed from the old end, so the latest scoring answer is kept.
  const reachedAt = scoring.length ? Math.max(...scoring) : Number.MAX_SAFE_INTEGER;
  return { points, reachedAt };
}

/**
 * Everyone with points in the window, opted-out people excluded, ordered by points, then by who
 * got there first, then by key so the order is stable.
 */
export function rankUsers(users: readonly UserRecord[], window: Window = {}, days?: StreakDays, standings?: Standings): LeaderboardEntry[] {
  return users
    .filter((u) => !u.optOut)
    .map((u) => ({ u, ...standing(u, window, standings) }))
    .filter((x) => x.points > 0)
    .sort((a, b) => b.points - a.points || a.reachedAt - b.reachedAt || a.u.key.localeCompare(b.u.key))
    .map((x, i) => ({
      rank: i + 1,
      userKey: x.u.key,
      userId: x.u.userId,
      displayName: x.u.displayName,
      points: x.points,
      reachedAt: x.reachedAt,
      streak: currentStreak(x.u.streak, days),
      bestStreak: x.u.streak.best,
    }));
}

export interface BoardOptions {
  period: LeaderboardPeriod | 'last-week';
  language: Language;
  now: number;
  /** How many entries to list (default 10). */
  top?: number;
  askingKey?: string;
  /** For 'last-week': the window; defaults to the ISO week before `now`. */
  from?: number;
  to?: number;
  days?: StreakDays;
  /** The store's standings for the board's window (boardWindow); without, records' history. */
  standings?: Standings;
}

/** The counted window of a board. */
export function boardWindow(opts: Pick<BoardOptions, 'period' | 'now' | 'from' | 'to'>): Window {
  if (opts.period === 'week') return { from: weekStart(opts.now) };
  if (opts.period === 'last-week') {
    const to = opts.to ?? weekStart(opts.now);
    return { from: opts.from ?? weekStart(to - 1), to };
  }
  return {};
}

/** Builds a leaderboard from a team's user records (pure). */
export function buildLeaderboard(teamKeyValue: string, users: readonly UserRecord[], opts: BoardOptions): LeaderboardReply {
  const lang = opts.language;
  const top = opts.top ?? 10;
  const window = boardWindow(opts);
  const ranked = rankUsers(users, window, opts.days, opts.standings);
  const title = td(lang, opts.period === 'week' ? 'lb-title-week' : opts.period === 'all' ? 'lb-title-all' : 'lb-title-last-week');
  const reply: LeaderboardReply = {
    kind: 'leaderboard',
    language: lang,
    teamKey: teamKeyValue,
    period: opts.period,
    ...window,
    title,
    entries: ranked.slice(0, top),
    totalRanked: ranked.length,
    emptyText: ranked.length ? undefined : td(lang, 'lb-empty'),
  };
  if (opts.askingKey) {
    const user = users.find((u) => u.key === opts.askingKey);
    const mine = ranked.find((e) => e.userKey === opts.askingKey);
    const optedOut = Boolean(user?.optOut);
    const points = user ? standing(user, window, opts.standings).points : 0;
    reply.me = {
      userKey: opts.askingKey,
      userId: user?.userId ?? opts.askingKey.split(':').slice(2).join(':'),
      rank: mine?.rank,
      points,
      streak: user ? currentStreak(user.streak, opts.days) : 0,
      optedOut,
      inTop: Boolean(mine && mine.rank <= top),
      text: optedOut
        ? td(lang, 'lb-you-hidden')
        : mine
          ? td(lang, 'lb-you', { rank: mine.rank, points: mine.points })
          : td(lang, 'lb-you-none'),
    };
  }
  return reply;
}

export type LeaderboardCommand =
  | { kind: 'show'; period: LeaderboardPeriod }
  | { kind: 'optout' }
  | { kind: 'optin' }
  | { kind: 'rules' }
  | { kind: 'error'; input: string };

const LB_WORDS: Record<string, LeaderboardCommand> = {
  '': { kind: 'show', period: 'week' },
  week: { kind: 'show', period: 'week' },
  weekly: { kind: 'show', period: 'week' },
  주간: { kind: 'show', period: 'week' },
  이번주: { kind: 'show', period: 'week' },
  all: { kind: 'show', period: 'all' },
  alltime: { kind: 'show', period: 'all' },
  'all-time': { kind: 'show', period: 'all' },
  전체: { kind: 'show', period: 'all' },
  optout: { kind: 'optout' },
  'opt-out': { kind: 'optout' },
  hide: { kind: 'optout' },
  optin: { kind: 'optin' },
  'opt-in': { kind: 'optin' },
  show: { kind: 'optin' },
  rules: { kind: 'rules' },
  points: { kind: 'rules' },
  help: { kind: 'rules' },
  규칙: { kind: 'rules' },
};

/** Parses the text after `leaderboard` (default: this week). */
export function parseLeaderboardCommand(text: string): LeaderboardCommand {
  const tokens = text.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (tokens[0]?.toLowerCase() === 'leaderboard') tokens.shift();
  if (tokens.length > 1) return { kind: 'error', input: tokens.join(' ') };
  return LB_WORDS[(tokens[0] ?? '').toLowerCase()] ?? { kind: 'error', input: tokens[0] ?? '' };
}

/** What the App Home tab shows for one person (data; the adapter draws the bars). */
export interface ProgressReply {
  kind: 'progress';
  language: Language;
  userId: string;
  teamKey: string;
  answered: number;
  totalPoints: number;
  weekPoints: number;
  /** Every competency, in content order; average is null when not assessed yet (scores are n/5). */
  averages: { id: CriterionId; name: string; average: number | null; count: number }[];
  recent: {
    scenarioId: string;
    title: string;
    category: CategoryId;
    difficulty: Difficulty;
    source: 'practice' | 'daily';
    overall: number;
    points: number;
    at: number;
  }[];
  streak: { current: number; best: number };
  rank: { week?: number; all?: number; optedOut: boolean };
  /** The team's top ten, all time. */
  top: LeaderboardEntry[];
  /** For the "start practice" buttons. */
  categories: { id: CategoryId; name: string; count: number }[];
  pointsRules: string;
}

export interface LeaderboardDeps {
  store: Store;
  library: ScenarioIndex;
  /** Opt-out changes go through the coach's per-person lock. */
  coach: Pick<Coach, 'updateUser'>;
  clock?: Clock;
  /** The team's latest daily post days, so shown streaks are current (from the daily service). */
  streakDays?: (teamKey: string) => Promise<StreakDays | undefined>;
}

export type Leaderboard = ReturnType<typeof createLeaderboard>;

export function createLeaderboard(deps: LeaderboardDeps) {
  const { store, library, coach } = deps;
  const clock = deps.clock ?? systemClock;

  async function board(
    person: Person,
    period: LeaderboardPeriod,
    language: Language,
    top = 10,
  ): Promise<LeaderboardReply> {
    const tk = teamKey(person);
    const now = clock.now();
    // People without their history, and the points as one query over the window's answers.
    const [users, days, standings] = await Promise.all([
      store.listUsers(tk, { history: false }),
      deps.streakDays?.(tk),
      loadStandings(store, tk, boardWindow({ period, now })),
    ]);
    return buildLeaderboard(tk, users, { period, language, now, top, askingKey: personKey(person), days, standings });
  }

  async function setOptOut(person: Person, optOut: boolean, language: Language): Promise<DailyNoticeReply> {
    await coach.updateUser(person, (u) => ({ ...u, optOut }));
    return dailyNotice(language, optOut ? 'lb-optout' : 'lb-optin');
  }

  return {
    board,

    optOut: (person: Person, language: Language) => setOptOut(person, true, language),
    optIn: (person: Person, language: Language) => setOptOut(person, false, language),

    /** `leaderboard [week|all|optout|optin|rules]`. */
    async command(person: Person, text: string, language: Language): Promise<(LeaderboardReply | DailyNoticeReply)[]> {
      const cmd = parseLeaderboardCommand(text);
      switch (cmd.kind) {
        case 'show':
          return [await board(person, cmd.period, language)];
        case 'optout':
          return [await setOptOut(person, true, language)];
        case 'optin':
          return [await setOptOut(person, false, language)];
        case 'rules':
          return [{ kind: 'daily-notice', language, code: 'points-rules', text: pointsRules(language) }];
        case 'error':
          return [dailyNotice(language, 'lb-unknown', {}, { input: cmd.input })];
      }
    },

    /** The person's progress for the App Home tab. */
    async progress(person: Person, language?: Language): Promise<ProgressReply> {
      const tk = teamKey(person);
      const key = personKey(person);
      const now = clock.now();
      const [users, user, days, allStandings, weekStandings] = await Promise.all([
        store.listUsers(tk, { history: false }),
        store.getUser(key),
        deps.streakDays?.(tk),
        loadStandings(store, tk, {}),
        loadStandings(store, tk, { from: weekStart(now) }),
      ]);
      const lang = language ?? user?.language ?? 'en';
      const avg = new Map(averages(user?.totals ?? {}).map((a) => [a.id, a]));
      const all = rankUsers(users, {}, days, allStandings);
      const week = rankUsers(users, { from: weekStart(now) }, days, weekStandings);
      return {
        kind: 'progress',
        language: lang,
        userId: person.userId,
        teamKey: tk,
        answered: user?.answered ?? 0,
        totalPoints: user?.totalPoints ?? 0,
        weekPoints: user ? pointsSince(user, weekStart(now)) : 0,
        averages: library.library.criteria.map((c) => ({
          id: c.id,
          name: c.name[lang],
          average: avg.get(c.id)?.average ?? null,
          count: avg.get(c.id)?.count ?? 0,
        })),
        recent: (user?.history ?? []).slice(0, 5).map((h) => ({
          scenarioId: h.scenarioId,
          title: library.scenario(h.scenarioId)?.title[lang] ?? h.scenarioId,
          category: h.category,
          difficulty: h.difficulty,
          source: h.source,
          overall: h.overall,
          points: h.points,
          at: h.at,
        })),
        streak: { current: user ? currentStreak(user.streak, days) : 0, best: user?.streak.best ?? 0 },
        rank: {
          week: week.find((e) => e.userKey === key)?.rank,
          all: all.find((e) => e.userKey === key)?.rank,
          optedOut: Boolean(user?.optOut),
        },
        top: all.slice(0, 10),
        categories: library.categories.map((c) => ({
          id: c.id,
          name: c.name[lang],
          count: library.scenarios.filter((s) => s.category === c.id).length,
        })),
        pointsRules: pointsRules(lang),
      };
    },

    pointsRules,
  };
}
