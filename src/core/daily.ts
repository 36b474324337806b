/**
 * The daily prompt, platform-neutral: per-team settings and the admin command, prompt rotation,
 * one post per team per local day, answers graded once per person per prompt, streaks and the
 * recap. No SDK and no timers here: src/schedule decides when postToday runs (croner does the
 * time-zone arithmetic) and the adapter supplies the callbacks that actually post.
 *
 * Store documents (plain JSON):
 *   daily:settings:<team>            DailySettings
 *   daily:rotation:<team>            DailyRotation
 *   daily:last:<team>                DailyLast (the latest successful post day)
 *   daily:post:<team>:<day>          DailyPost
 *   daily:ref:<team>:<message ref>   { day }  (thread reply -> post)
 *   daily:answer:<team>:<day>:<user> DailyAnswerRecord (one per person per prompt)
 *   daily:weekly:<team>:<week start> { postedAt }  (weekly leaderboard post made)
 */
import { personOf, type Coach, type Delivery } from './coach';
import { dailyNotice, td, type DailyMessageCode, type DailyNoticeReply } from './daily-messages';
import { buildLeaderboard, loadStandings, type LeaderboardReply, type StreakDays } from './leaderboard';
import { bumpStreak, weekStart } from './points';
import {
  personKey,
  silentLogger,
  systemClock,
  teamKey,
  type Clock,
  type Logger,
  type Person,
  type Store,
  type UserRecord,
} from './ports';
import { StoreUnavailableError, type GradingJob } from './ports';
import type { CoachReply, ScenarioView } from './replies';
import { t } from './messages';
import type { ScenarioIndex } from './scenarios';
import { detectLanguage, normalizeAnswer } from './text';
import type { CategoryId, Language, Scenario } from './types';

// ---------------------------------------------------------------------------------------------
// Types

export type DailyDays = 'weekdays' | 'everyday';

/** A team's daily prompt setting. */
export interface DailySettings {
  /** teamKey(person): "slack:T123", "teams:<tenant>". */
  teamKey: string;
  channelId: string;
  /** The name Slack sent with the channel (`<#C123|name>`), for display only. */
  channelName?: string;
  /** Local time, 24-hour "HH:MM". */
  time: string;
  /** Canonical IANA name, validated. */
  timeZone: string;
  days: DailyDays;
  /** Language of the channel posts and recaps. */
  language: Language;
  enabled: boolean;
  /** personKey of the admin who last changed it. */
  setBy: string;
  /** When it was last changed; occurrences before this do not count (no surprise post on set). */
  setAt: number;
}

/** Where a post landed, as the adapter reports it (e.g. Slack { channel, ts }). Opaque here. */
export type MessageRef = Record<string, string>;

export interface DailyPost {
  teamKey: string;
  /** YYYY-MM-DD in the team's time zone. */
  day: string;
  scenarioId: string;
  channelId: string;
  /**
   * posting: the post callback is running (or the process died during it: not retried by the
   * schedule, since it may have gone out); posted: done; failed: the callback threw, retried.
   */
  status: 'posting' | 'posted' | 'failed';
  trigger: 'schedule' | 'now';
  attempts: number;
  attemptAt: number;
  error?: string;
  message?: MessageRef;
  postedAt?: number;
  /** The team's previous post day, so streaks follow post days (weekends do not break them). */
  previousDay?: string;
  /** personKeys whose answer was received (graded, being graded, or kept for a retry). */
  answers: string[];
  recappedAt?: number;
}

/** One person's answer to one prompt: the one-answer guard, and the kept text until graded. */
export interface DailyAnswerRecord {
  teamKey: string;
  day: string;
  userKey: string;
  status: 'grading' | 'failed' | 'graded' | 'released';
  /** Kept until graded, so a failed grading never loses the answer. */
  text?: string;
  language: Language;
  reason?: string;
  receivedAt: number;
  gradedAt?: number;
}

/**
 * Rotation state. Order: the tradeoffs category first, then every other scenario; when all have
 * been posted a new cycle starts (tradeoffs first again). No scenario repeats within a cycle and
 * the last one of a cycle is not the first of the next.
 */
export interface DailyRotation {
  cycle: number;
  used: string[];
  last?: string;
}

export interface DailyLast {
  day: string;
  previousDay?: string;
}

/** How a thread reply or an "answer privately" button names the prompt. */
export type DailyPostRef = { day: string } | { message: MessageRef };

export interface DailySettingsReply {
  kind: 'daily-settings';
  language: Language;
  settings: DailySettings;
  /** Next scheduled post (epoch ms), when enabled. */
  next?: number;
  text: string;
}

export interface DailyPromptReply {
  kind: 'daily-prompt';
  language: Language;
  teamKey: string;
  day: string;
  scenario: ScenarioView;
  heading: string;
  instructions: string;
  /** Label for the "answer privately" button. */
  answerLabel: string;
}

/** The recap posted under the previous prompt: counts and key points, never anyone's scores. */
export interface DailyRecapReply {
  kind: 'daily-recap';
  language: Language;
  teamKey: string;
  day: string;
  scenarioId: string;
  title: string;
  answered: number;
  /** What strong answers covered: the scenario's key points in the team's language. */
  keyPoints: string[];
  heading: string;
  keyPointsLabel: string;
}

/** Everything the daily feature returns for adapters to render (feedback comes as CoachReply). */
export type DailyReply =
  | DailySettingsReply
  | DailyNoticeReply
  | DailyPromptReply
  | DailyRecapReply
  | LeaderboardReply
  | CoachReply;

/** What the adapter supplies to put things in the channel. */
export interface DailyPublisher {
  post(settings: DailySettings, prompt: DailyPromptReply, day: string): Promise<MessageRef>;
  recap?(settings: DailySettings, previous: DailyPost, recap: DailyRecapReply): Promise<void>;
  /** The weekly leaderboard, posted with the first prompt of a new week. */
  leaderboard?(settings: DailySettings, board: LeaderboardReply): Promise<void>;
}

export type DailyPostOutcome =
  | { status: 'posted'; post: DailyPost }
  | { status: 'already-posted'; post: DailyPost }
  | { status: 'in-progress'; post: DailyPost }
  | { status: 'failed'; post: DailyPost; reason: string }
  | { status: 'disabled'; settings: DailySettings }
  | { status: 'not-configured' }
  | { status: 'no-scenario' };

export type DailyAnswerReply = CoachReply | DailyNoticeReply;

// ---------------------------------------------------------------------------------------------
// Time (Intl only: the scheduler leaves occurrence arithmetic to croner)

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(at: number, timeZone: string): Record<string, string> {
  return Object.fromEntries(formatter(timeZone).formatToParts(at).map((p) => [p.type, p.value]));
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(at: number, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The wall-clock time (HH:MM) of an instant in a time zone. */
export function localTime(at: number, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.hour}:${p.minute}`;
}

/**
 * The canonical IANA name for what was typed, or undefined. Bare abbreviations (EST, KST) are
 * refused even where the runtime knows them: "EST" is fixed UTC-5 with no daylight saving, which
 * is not what someone in New York means.
 */
export function canonicalTimeZone(input: string): string | undefined {
  const s = input.trim();
  if (!s || !(/\//.test(s) || /^(utc|gmt)$/i.test(s))) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: s }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The admin command

export type DailyCommand =
  | { kind: 'show' }
  | { kind: 'now' }
  | { kind: 'off' }
  | { kind: 'on' }
  | { kind: 'retry' }
  | { kind: 'help' }
  | {
      kind: 'set';
      channelId: string;
      channelName?: string;
      time: string;
      timeZone: string;
      days: DailyDays;
      language?: Language;
    }
  | { kind: 'error'; code: DailyMessageCode; input: string };

const VERBS: Record<string, Exclude<DailyCommand['kind'], 'set' | 'error'> | 'set'> = {
  show: 'show',
  status: 'show',
  보기: 'show',
  set: 'set',
  설정: 'set',
  now: 'now',
  지금: 'now',
  off: 'off',
  disable: 'off',
  끄기: 'off',
  on: 'on',
  enable: 'on',
  켜기: 'on',
  retry: 'retry',
  다시: 'retry',
  help: 'help',
  도움말: 'help',
};

const DAY_WORDS: Record<string, DailyDays> = {
  weekdays: 'weekdays',
  weekday: 'weekdays',
  평일: 'weekdays',
  everyday: 'everyday',
  'every-day': 'everyday',
  daily: 'everyday',
  매일: 'everyday',
};

const LANGUAGE_WORDS: Record<string, Language> = {
  en: 'en',
  english: 'en',
  영어: 'en',
  ko: 'ko',
  korean: 'ko',
  한국어: 'ko',
};

function unescapeSlack(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * A channel token: Slack's `<#C123|name>` / `<#C123|>` / `<#C123>`, a bare Slack id, a Teams
 * channel id (19:...@thread...), or "here" when the caller knows the current channel.
 */
function parseChannel(token: string, currentChannelId?: string): { id: string; name?: string } | undefined {
  const slack = /^<#([A-Z0-9]+)(?:\|([^>]*))?>$/i.exec(token);
  if (slack) return { id: slack[1]!.toUpperCase(), name: slack[2] || undefined };
  if (/^[CG][A-Z0-9]{6,}$/.test(token)) return { id: token };
  if (/^19:[^\s]+@thread\.[a-z0-9]+$/i.test(token)) return { id: token };
  if (currentChannelId && /^(here|this|여기)$/i.test(token)) return { id: currentChannelId };
  return undefined;
}

/** "9:05" / "09:05" -> "09:05"; anything else undefined. */
export function parseTime(token: string): string | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(token);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

/**
 * Parses the text after `daily` (a leading "daily" is ignored):
 * `set <#C123|name> HH:MM <IANA zone> [weekdays|everyday] [en|ko]`, `now`, `off`, `on`, `retry`,
 * or nothing (show).
 */
export function parseDailyCommand(text: string, opts: { currentChannelId?: string } = {}): DailyCommand {
  const tokens = unescapeSlack(text).normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (tokens[0]?.toLowerCase() === 'daily') tokens.shift();
  const [verbRaw, ...args] = tokens;
  if (!verbRaw) return { kind: 'show' };
  const verb = VERBS[verbRaw.toLowerCase()];
  if (!verb) return { kind: 'error', code: 'daily-unknown', input: verbRaw };
  if (verb !== 'set') {
    if (args.length) return { kind: 'error', code: 'daily-bad-option', input: args[0]! };
    return { kind: verb };
  }
  const [channelTok, timeTok, zoneTok, ...rest] = args;
  if (!channelTok) return { kind: 'error', code: 'daily-missing-channel', input: '' };
  const channel = parseChannel(channelTok, opts.currentChannelId);
  if (!channel) return { kind: 'error', code: 'daily-bad-channel', input: channelTok };
  if (!timeTok) return { kind: 'error', code: 'daily-missing-time', input: '' };
  const time = parseTime(timeTok);
  if (!time) return { kind: 'error', code: 'daily-bad-time', input: timeTok };
  if (!zoneTok) return { kind: 'error', code: 'daily-missing-zone', input: '' };
  const timeZone = canonicalTimeZone(zoneTok);
  if (!timeZone) return { kind: 'error', code: 'daily-bad-zone', input: zoneTok };
  let days: DailyDays | undefined;
  let language: Language | undefined;
  for (const tok of rest) {
    const d = DAY_WORDS[tok.toLowerCase()];
    const l = LANGUAGE_WORDS[tok.toLowerCase()];
    if (d && !days) days = d;
    else if (l && !language) language = l;
    else return { kind: 'error', code: 'daily-bad-option', input: tok };
  }
  return { kind: 'set', channelId: channel.id, channelName: channel.name, time, timeZone, days: days ?? 'weekdays', language };
}

/** Admins are workspace admins and owners (from the platform) plus the user ids in FDE_ADMINS. */
/**
 * In a prompt's thread, a reply counts as an answer when it mentions the app or has at least
 * this many words; shorter asides ("nice one!") are conversation, and would otherwise use up the
 * person's one graded answer. One rule for every platform.
 */
export const MIN_THREAD_ANSWER_WORDS = 8;

export function isThreadAnswer(text: string, mentioned: boolean): boolean {
  return mentioned || text.split(/\s+/).filter(Boolean).length >= MIN_THREAD_ANSWER_WORDS;
}

export function isDailyAdmin(userId: string, isWorkspaceAdminOrOwner: boolean, admins: readonly string[]): boolean {
  return isWorkspaceAdminOrOwner || admins.includes(userId);
}

// ---------------------------------------------------------------------------------------------
// Rotation and views (pure)

export const DAILY_FIRST_CATEGORY: CategoryId = 'tradeoffs';

/** Picks the next scenario and returns the new rotation state (pure; `random` in [0, 1)). */
export function nextInRotation(
  scenarios: readonly Scenario[],
  rotation: DailyRotation | undefined,
  random: () => number = Math.random,
): { scenario?: Scenario; rotation: DailyRotation } {
  let state: DailyRotation = rotation ?? { cycle: 1, used: [] };
  const used = new Set(state.used);
  let unused = scenarios.filter((s) => !used.has(s.id));
  if (!unused.length) {
    state = { cycle: state.cycle + 1, used: [], last: state.last };
    unused = scenarios.filter((s) => s.id !== state.last);
    if (!unused.length) unused = [...scenarios];
  }
  const first = unused.filter((s) => s.category === DAILY_FIRST_CATEGORY);
  const pool = first.length ? first : unused;
  const scenario = pool[Math.min(pool.length - 1, Math.floor(random() * pool.length))];
  if (!scenario) return { rotation: state };
  return { scenario, rotation: { cycle: state.cycle, used: [...state.used, scenario.id], last: scenario.id } };
}

/** A streak change for an answer to the prompt of `day`; late answers to older prompts keep it. */
export function advanceStreak(streak: UserRecord['streak'], day: string, previousDay: string | undefined): UserRecord['streak'] {
  if (streak.lastDay && day < streak.lastDay) return streak;
  return bumpStreak(streak, day, previousDay);
}

/** A stable key for a message ref, whatever order its fields came in. */
export function refKey(ref: MessageRef): string {
  return Object.keys(ref)
    .sort()
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(ref[k]!)}`)
    .join('&');
}

function channelLabel(s: Pick<DailySettings, 'channelId' | 'channelName'>): string {
  return s.channelName ? `#${s.channelName}` : s.channelId;
}

// ---------------------------------------------------------------------------------------------
// The service

export interface DailyDeps {
  library: ScenarioIndex;
  store: Store;
  coach: Coach;
  /** When the next scheduled post falls after `after` (src/schedule provides it, with croner). */
  nextOccurrence: (settings: DailySettings, after: number) => number | undefined;
  clock?: Clock;
  log?: Logger;
  random?: () => number;
}

export interface DailyCommandContext {
  /** From isDailyAdmin(): the adapter knows whether the person is a workspace admin or owner. */
  isAdmin: boolean;
  language?: Language;
  /** The channel the command was typed in (lets `daily set here ...` work). */
  channelId?: string;
  /** Needed for `daily now`; without it `now` answers that posting is unavailable. */
  publisher?: DailyPublisher;
  log?: Logger;
}

/** A "posting" record older than this, from a process that died, may be replaced by `daily now`. */
export const STALE_POSTING_MS = 10 * 60_000;

export type Daily = ReturnType<typeof createDaily>;

/** What a daily grading job carries (its id is the answer record's key, its person the answerer). */
export interface DailyJobPayload {
  teamKey: string;
  day: string;
}

export function createDaily(deps: DailyDeps) {
  const { library, store, coach } = deps;
  const clock = deps.clock ?? systemClock;
  const baseLog = deps.log ?? silentLogger;
  const random = deps.random ?? Math.random;
  // team:<team> serialises posting; post:<team>:<day> serialises every change to one post and
  // its answers. Store locks: serialised across every instance sharing the store, so two
  // instances post a day's prompt once.
  const locks = { run: <T>(key: string, fn: () => Promise<T>) => store.withLock(`daily:${key}`, fn) };
  // A "grading" answer record is being graded while its grading job is live (some process holds
  // the lease); without a live job it was left by a process that stopped, and is retryable.
  const gradingLive = (key: string) => store.jobLive(key);
  const putJob = (key: string, person: Person, post: { teamKey: string; day: string }) =>
    store.putJob(
      { id: key, personKey: personKey(person), kind: 'daily', payload: { teamKey: post.teamKey, day: post.day } satisfies DailyJobPayload },
      coach.instanceId,
      coach.jobLeaseMs,
    );

  const K = {
    settings: (tk: string) => `daily:settings:${tk}`,
    rotation: (tk: string) => `daily:rotation:${tk}`,
    last: (tk: string) => `daily:last:${tk}`,
    post: (tk: string, day: string) => `daily:post:${tk}:${day}`,
    posts: (tk: string) => `daily:post:${tk}:`,
    ref: (tk: string, ref: MessageRef) => `daily:ref:${tk}:${refKey(ref)}`,
    answer: (tk: string, day: string, userKey: string) => `daily:answer:${tk}:${day}:${userKey}`,
    answers: (tk: string) => `daily:answer:${tk}:`,
    weekly: (tk: string, week: number) => `daily:weekly:${tk}:${new Date(week).toISOString().slice(0, 10)}`,
  };
  const postLock = (tk: string, day: string) => `post:${tk}:${day}`;

  const getSettings = (tk: string) => store.getDoc<DailySettings>(K.settings(tk));
  const getPost = (tk: string, day: string) => store.getDoc<DailyPost>(K.post(tk, day));



  function promptOf(tk: string, s: Scenario, lang: Language, day: string): DailyPromptReply {
    return {
      kind: 'daily-prompt',
      language: lang,
      teamKey: tk,
      day,
      scenario: library.view(s, lang),
      heading: td(lang, s.category === DAILY_FIRST_CATEGORY ? 'daily-prompt-heading-tradeoffs' : 'daily-prompt-heading', { day }),
      instructions: td(lang, 'daily-prompt-instructions'),
      answerLabel: td(lang, 'daily-answer-privately'),
    };
  }

  function recapOf(post: DailyPost, lang: Language): DailyRecapReply {
    const s = library.scenario(post.scenarioId);
    const title = s?.title[lang] ?? post.scenarioId;
    const count = post.answers.length;
    const code: DailyMessageCode = count === 0 ? 'daily-recap-none' : count === 1 ? 'daily-recap-one' : 'daily-recap-many';
    return {
      kind: 'daily-recap',
      language: lang,
      teamKey: post.teamKey,
      day: post.day,
      scenarioId: post.scenarioId,
      title,
      answered: count,
      keyPoints: s ? s.keyPoints.map((k) => k.text[lang]) : [],
      heading: td(lang, code, { day: post.day, title, count }),
      keyPointsLabel: td(lang, 'daily-recap-points'),
    };
  }

  function settingsParams(s: DailySettings, lang: Language, next: number | undefined) {
    return {
      channel: channelLabel(s),
      time: s.time,
      zone: s.timeZone,
      days: td(lang, s.days === 'weekdays' ? 'daily-weekdays' : 'daily-everyday'),
      language: td(lang, s.language === 'ko' ? 'daily-lang-ko' : 'daily-lang-en'),
      state: td(lang, s.enabled ? 'daily-state-on' : 'daily-state-off'),
      next: next === undefined ? td(lang, 'daily-next-none') : `${localDay(next, s.timeZone)} ${localTime(next, s.timeZone)}`,
    };
  }

  function settingsReply(s: DailySettings, lang: Language, code: DailyMessageCode): DailySettingsReply {
    const next = s.enabled ? deps.nextOccurrence(s, clock.now()) : undefined;
    return { kind: 'daily-settings', language: lang, settings: s, next, text: td(lang, code, settingsParams(s, lang, next)) };
  }

  /** Read-modify-write of one post under its lock. */
  function updatePost(tk: string, day: string, change: (p: DailyPost) => DailyPost | undefined): Promise<DailyPost | undefined> {
    return locks.run(postLock(tk, day), async () => {
      const p = await getPost(tk, day);
      if (!p) return undefined;
      const next = change(p);
      if (next) await store.putDoc(K.post(tk, day), next);
      return next ?? p;
    });
  }

  async function findPost(tk: string, ref: DailyPostRef): Promise<DailyPost | undefined> {
    if ('day' in ref) return getPost(tk, ref.day);
    const indexed = await store.getDoc<{ day: string }>(K.ref(tk, ref.message));
    if (indexed) return getPost(tk, indexed.day);
    // The adapter may name the message with fewer fields than it stored (e.g. only channel + ts).
    const entries = Object.entries(ref.message);
    if (!entries.length) return undefined;
    const posts = await store.listDocs<DailyPost>(K.posts(tk));
    return posts.map((p) => p.value).find((p) => p.message && entries.every(([k, v]) => p.message![k] === v));
  }

  async function weeklyBoard(settings: DailySettings, publisher: DailyPublisher, previous: DailyPost, at: number, log: Logger) {
    if (!publisher.leaderboard || previous.postedAt === undefined) return;
    const thisWeek = weekStart(at);
    const prevWeek = weekStart(previous.postedAt);
    if (thisWeek <= prevWeek) return;
    const key = K.weekly(settings.teamKey, prevWeek);
    if (await store.getDoc(key)) return;
    const [users, days, standings] = await Promise.all([
      store.listUsers(settings.teamKey, { history: false }),
      streakDays(settings.teamKey),
      loadStandings(store, settings.teamKey, { from: prevWeek, to: thisWeek }),
    ]);
    const board = buildLeaderboard(settings.teamKey, users, {
      period: 'last-week',
      language: settings.language,
      now: at,
      from: prevWeek,
      to: thisWeek,
      days,
      standings,
    });
    if (!board.entries.length) return;
    try {
      await publisher.leaderboard(settings, board);
      await store.putDoc(key, { postedAt: clock.now() });
    } catch (err) {
      log.warn({ err }, 'weekly leaderboard post failed');
    }
  }

  async function streakDays(tk: string): Promise<StreakDays | undefined> {
    const last = await store.getDoc<DailyLast>(K.last(tk));
    return last && { last: last.day, previous: last.previousDay };
  }

  /**
   * Posts today's prompt for the team unless today already has one. Serialised per team, so two
   * ticks (or a tick and `daily now`) cannot both post. The previous post gets its recap first.
   */
  function postToday(
    tk: string,
    publisher: DailyPublisher,
    opts: { trigger?: 'schedule' | 'now'; at?: number; log?: Logger } = {},
  ): Promise<DailyPostOutcome> {
    const trigger = opts.trigger ?? 'schedule';
    const log = (opts.log ?? baseLog).child({ team: tk, daily: trigger });
    return locks.run(`team:${tk}`, async (): Promise<DailyPostOutcome> => {
      const settings = await getSettings(tk);
      if (!settings) return { status: 'not-configured' };
      if (trigger === 'schedule' && !settings.enabled) return { status: 'disabled', settings };
      const at = opts.at ?? clock.now();
      const day = localDay(at, settings.timeZone);
      const existing = await getPost(tk, day);
      if (existing?.status === 'posted') return { status: 'already-posted', post: existing };
      if (existing?.status === 'posting') {
        const stale = trigger === 'now' && at - existing.attemptAt > STALE_POSTING_MS;
        if (!stale) return { status: 'in-progress', post: existing };
        log.warn({ day }, 'replacing a posting record left by a stopped process, as an admin asked');
      }
      const last = await store.getDoc<DailyLast>(K.last(tk));
      let scenario = existing ? library.scenario(existing.scenarioId) : undefined;
      if (!scenario) {
        const rotation = await store.getDoc<DailyRotation>(K.rotation(tk));
        const picked = nextInRotation(library.scenarios, rotation, random);
        if (!picked.scenario) return { status: 'no-scenario' };
        scenario = picked.scenario;
        await store.putDoc(K.rotation(tk), picked.rotation);
      }
      let post: DailyPost = {
        teamKey: tk,
        day,
        scenarioId: scenario.id,
        channelId: settings.channelId,
        status: 'posting',
        trigger,
        attempts: (existing?.attempts ?? 0) + 1,
        attemptAt: at,
        previousDay: last?.day !== day ? last?.day : last.previousDay,
        answers: existing?.answers ?? [],
      };
      await locks.run(postLock(tk, day), () => store.putDoc(K.post(tk, day), post));

      if (last && last.day !== day) {
        const previous = await getPost(tk, last.day);
        if (previous?.status === 'posted' && !previous.recappedAt && publisher.recap) {
          try {
            await publisher.recap(settings, previous, recapOf(previous, settings.language));
            await updatePost(tk, last.day, (p) => ({ ...p, recappedAt: clock.now() }));
          } catch (err) {
            log.warn({ err, day: last.day }, 'recap failed; posting the new prompt anyway');
          }
        }
        if (previous) await weeklyBoard(settings, publisher, previous, at, log);
      }

      let message: MessageRef;
      try {
        message = await publisher.post(settings, promptOf(tk, scenario, settings.language, day), day);
      } catch (err) {
        const reason = (err as { code?: string }).code ?? (err as Error).message ?? 'post failed';
        post = { ...post, status: 'failed', error: reason };
        await locks.run(postLock(tk, day), () => store.putDoc(K.post(tk, day), post));
        log.error({ err, day, scenarioId: scenario.id }, 'daily post failed; will retry');
        return { status: 'failed', post, reason };
      }
      post = { ...post, status: 'posted', message, postedAt: clock.now(), error: undefined };
      await locks.run(postLock(tk, day), () => store.putDoc(K.post(tk, day), post));
      await store.putDoc(K.ref(tk, message), { day });
      await store.putDoc<DailyLast>(K.last(tk), { day, previousDay: post.previousDay });
      log.info({ day, scenarioId: scenario.id }, 'daily prompt posted');
      return { status: 'posted', post };
    });
  }

  /** Grades a claimed answer; on failure keeps it for a retry. */
  async function gradeClaimed(
    person: Person,
    post: DailyPost,
    record: DailyAnswerRecord,
    log: Logger,
    onGrading?: () => Promise<void> | void,
  ): Promise<DailyAnswerReply[]> {
    const tk = post.teamKey;
    const key = K.answer(tk, post.day, record.userKey);
    const lang = record.language;
    const save = (r: DailyAnswerRecord) => locks.run(postLock(tk, post.day), () => store.putDoc(key, r));
    const stopHeartbeat = coach.keepLeased(key, log);
    try {
      try {
        await onGrading?.();
      } catch (err) {
        log.warn({ err }, 'onGrading hook failed; grading anyway');
      }
      let replies: CoachReply[];
      try {
        replies = await coach.gradeOnce(person, post.scenarioId, record.text ?? '', { source: 'daily', log, jobId: key });
      } catch (err) {
        if (err instanceof StoreUnavailableError) throw err;
        await store.deleteJob(key);
        const reason = (err as { code?: string }).code === 'GRADING_TIMEOUT' ? 'timeout' : (err as { code?: string }).code ?? 'grader error';
        await save({ ...record, status: 'failed', reason });
        log.error({ err, day: post.day, scenarioId: post.scenarioId }, 'daily grading failed; answer kept for retry');
        return [dailyNotice(lang, 'daily-grading-failed', { retryable: true }, { reason })];
      }
      const { text: _text, ...rest } = record;
      if (replies.some((r) => r.kind === 'notice' && r.notGraded)) {
        await store.deleteJob(key);
        // Not graded (e.g. content changed under the prompt): the person keeps their one answer.
        await save({ ...rest, status: 'released' });
        await updatePost(tk, post.day, (p) => ({ ...p, answers: p.answers.filter((k) => k !== record.userKey) }));
        return replies;
      }
      await save({ ...rest, status: 'graded', gradedAt: clock.now() });
      const user = await coach.updateUser(person, (u) => ({ ...u, streak: advanceStreak(u.streak, post.day, post.previousDay) }));
      return [...replies, dailyNotice(lang, 'daily-streak', {}, { count: user.streak.count, best: user.streak.best })];
    } finally {
      stopHeartbeat();
    }
  }

  /**
   * One answer to a posted prompt, from a thread reply or the private-answer modal. The first
   * answer per person per prompt is graded (feedback goes to the person privately: the adapter's
   * job); later ones get a notice and are not graded. A grading failure keeps the answer.
   */
  async function answerDaily(
    person: Person,
    ref: DailyPostRef,
    raw: string,
    opts: { onGrading?: () => Promise<void> | void; log?: Logger } = {},
  ): Promise<DailyAnswerReply[]> {
    const tk = teamKey(person);
    const userKey = personKey(person);
    const log = (opts.log ?? baseLog).child({ platform: person.platform, user: person.userId, daily: 'answer' });
    const text = normalizeAnswer(raw);
    const [user, settings, post] = await Promise.all([store.getUser(userKey), getSettings(tk), findPost(tk, ref)]);
    const lang = user?.language ?? detectLanguage(text) ?? settings?.language ?? 'en';
    if (!post || post.status !== 'posted' || !library.scenario(post.scenarioId))
      return [dailyNotice(lang, 'daily-no-post', { notGraded: true })];
    if (!text) return [dailyNotice(lang, 'daily-empty', { notGraded: true })];
    const key = K.answer(tk, post.day, userKey);
    const record: DailyAnswerRecord = { teamKey: tk, day: post.day, userKey, status: 'grading', text, language: lang, receivedAt: clock.now() };
    const claim = await locks.run(postLock(tk, post.day), async () => {
      const existing = await store.getDoc<DailyAnswerRecord>(key);
      if (existing && existing.status !== 'released') {
        if (existing.status === 'grading' && !(await gradingLive(key))) return 'failed';
        return existing.status;
      }
      // The answer is stored (with its grading job) before anything else happens, so it is never lost.
      await putJob(key, person, post);
      await store.putDoc(key, record);
      const p = await getPost(tk, post.day);
      if (p && !p.answers.includes(userKey)) await store.putDoc(K.post(tk, post.day), { ...p, answers: [...p.answers, userKey] });
      return 'claimed';
    });
    switch (claim) {
      case 'claimed':
        return gradeClaimed(person, post, record, log, opts.onGrading);
      case 'graded':
        return [dailyNotice(lang, 'daily-already-answered', { notGraded: true })];
      case 'grading':
        return [dailyNotice(lang, 'daily-in-progress', { notGraded: true })];
      case 'failed':
        return [dailyNotice(lang, 'daily-pending', { notGraded: true, retryable: true })];
    }
  }

  /** Grades again the person's kept daily answers (one prompt, or all of theirs in the team). */
  async function retryDaily(person: Person, ref?: DailyPostRef, opts: { log?: Logger; onGrading?: () => Promise<void> | void } = {}): Promise<DailyAnswerReply[]> {
    const tk = teamKey(person);
    const userKey = personKey(person);
    const log = (opts.log ?? baseLog).child({ platform: person.platform, user: person.userId, daily: 'retry' });
    const user = await store.getUser(userKey);
    let records: DailyAnswerRecord[];
    if (ref) {
      const post = await findPost(tk, ref);
      const r = post && (await store.getDoc<DailyAnswerRecord>(K.answer(tk, post.day, userKey)));
      records = r ? [r] : [];
    } else {
      records = (await store.listDocs<DailyAnswerRecord>(K.answers(tk))).map((d) => d.value).filter((r) => r.userKey === userKey);
    }
    const retryable = async (r: DailyAnswerRecord, key: string) =>
      r.status === 'failed' || (r.status === 'grading' && !(await gradingLive(key)));
    const keep = await Promise.all(records.map((r) => retryable(r, K.answer(tk, r.day, userKey))));
    records = records.filter((_, i) => keep[i]).sort((a, b) => a.day.localeCompare(b.day));
    const lang = user?.language ?? records[0]?.language ?? 'en';
    if (!records.length) return [dailyNotice(lang, 'daily-nothing-to-retry')];
    const out: DailyAnswerReply[] = [];
    for (const r of records) {
      const key = K.answer(tk, r.day, userKey);
      const claimed = await locks.run(postLock(tk, r.day), async () => {
        const current = await store.getDoc<DailyAnswerRecord>(key);
        if (!current || !(await retryable(current, key))) return undefined;
        const next: DailyAnswerRecord = { ...current, status: 'grading', reason: undefined };
        await putJob(key, person, { teamKey: tk, day: r.day });
        await store.putDoc(key, next);
        return next;
      });
      const post = await getPost(tk, r.day);
      if (!claimed || !post) {
        if (claimed) await store.deleteJob(key);
        continue;
      }
      out.push(...(await gradeClaimed(person, post, claimed, log, opts.onGrading)));
    }
    return out.length ? out : [dailyNotice(lang, 'daily-nothing-to-retry')];
  }

  /**
   * `daily ...`: show and retry for anyone; set, on, off and now need ctx.isAdmin (a refusal
   * changes nothing). `now` posts today's prompt even when the schedule is off or today is not a
   * scheduled day (an admin asked), but never a second one for the same day.
   */
  async function command(person: Person, text: string, ctx: DailyCommandContext): Promise<DailyReply[]> {
    const tk = teamKey(person);
    const [settings, user] = await Promise.all([getSettings(tk), store.getUser(personKey(person))]);
    const lang = ctx.language ?? user?.language ?? settings?.language ?? 'en';
    const cmd = parseDailyCommand(text, { currentChannelId: ctx.channelId });
    if (cmd.kind === 'error') return [dailyNotice(lang, cmd.code, {}, { input: cmd.input })];
    if (cmd.kind === 'help') return [dailyNotice(lang, 'daily-usage')];
    if (cmd.kind === 'show')
      return [settings ? settingsReply(settings, lang, 'daily-show') : dailyNotice(lang, 'daily-show-none')];
    if (cmd.kind === 'retry') return retryDaily(person, undefined, { log: ctx.log });
    if (!ctx.isAdmin) return [dailyNotice(lang, 'daily-not-admin')];
    const now = clock.now();
    const setBy = personKey(person);
    switch (cmd.kind) {
      case 'set': {
        const next: DailySettings = {
          teamKey: tk,
          channelId: cmd.channelId,
          channelName: cmd.channelName,
          time: cmd.time,
          timeZone: cmd.timeZone,
          days: cmd.days,
          language: cmd.language ?? settings?.language ?? lang,
          enabled: true,
          setBy,
          setAt: now,
        };
        if (!next.channelName) delete next.channelName;
        await store.putDoc(K.settings(tk), next);
        (ctx.log ?? baseLog).info({ team: tk, channel: next.channelId, time: next.time, zone: next.timeZone, days: next.days }, 'daily prompt set');
        return [settingsReply(next, lang, 'daily-set')];
      }
      case 'off':
      case 'on': {
        if (!settings) return [dailyNotice(lang, 'daily-show-none')];
        const next: DailySettings = { ...settings, enabled: cmd.kind === 'on', setBy, setAt: now };
        await store.putDoc(K.settings(tk), next);
        return [cmd.kind === 'on' ? settingsReply(next, lang, 'daily-on') : dailyNotice(lang, 'daily-off')];
      }
      case 'now': {
        if (!settings) return [dailyNotice(lang, 'daily-show-none')];
        if (!ctx.publisher) return [dailyNotice(lang, 'daily-no-channel-runtime')];
        const outcome = await postToday(tk, ctx.publisher, { trigger: 'now', log: ctx.log });
        const channel = channelLabel(settings);
        switch (outcome.status) {
          case 'posted':
            return [dailyNotice(lang, 'daily-posted', {}, { day: outcome.post.day, channel })];
          case 'already-posted':
            return [dailyNotice(lang, 'daily-already-posted', {}, { day: outcome.post.day, channel })];
          case 'in-progress':
            return [dailyNotice(lang, 'daily-post-in-progress', {}, { day: outcome.post.day })];
          case 'failed':
            // Not `retryable`: that flag means a kept answer to grade again; the text says to run `daily now` again.
            return [dailyNotice(lang, 'daily-post-failed', {}, { reason: outcome.reason })];
          default:
            return [dailyNotice(lang, 'daily-show-none')];
        }
      }
    }
  }

  /**
   * Finishes a daily answer whose grading job was left by a process that stopped (claimed
   * through store.claimJobs), for delivery to the person privately.
   */
  async function resumeJob(job: GradingJob, log?: Logger): Promise<Delivery<DailyAnswerReply> | undefined> {
    if (job.kind !== 'daily') return undefined;
    const { teamKey: tk, day } = job.payload as DailyJobPayload;
    const person = personOf(job.personKey);
    const l = (log ?? baseLog).child({ platform: person.platform, user: person.userId, daily: 'resume', job: job.id });
    const post = await getPost(tk, day);
    const claimed = await locks.run(postLock(tk, day), async () => {
      const record = await store.getDoc<DailyAnswerRecord>(job.id);
      if (!post || !record || record.text === undefined || record.status === 'graded' || record.status === 'released') return undefined;
      const next: DailyAnswerRecord = { ...record, status: 'grading', reason: undefined };
      await store.putDoc(job.id, next);
      return next;
    });
    if (!post || !claimed) {
      await store.deleteJob(job.id);
      return undefined;
    }
    l.info({ day }, 'resuming a daily grading left by a stopped process');
    const replies = await gradeClaimed(person, post, claimed, l);
    const title = library.scenario(post.scenarioId)?.title[claimed.language] ?? post.scenarioId;
    const resumed: CoachReply = {
      kind: 'notice',
      language: claimed.language,
      code: 'grading-resumed',
      text: t(claimed.language, 'grading-resumed', { title }),
    };
    return { personKey: job.personKey, replies: [resumed, ...replies] };
  }

  return {
    command,
    postToday,
    resumeJob,
    answerDaily,
    retryDaily,
    findPost,
    getPost,
    getSettings,
    /** Every team's setting (the scheduler walks these). */
    async listSettings(): Promise<DailySettings[]> {
      return (await store.listDocs<DailySettings>('daily:settings:')).map((d) => d.value);
    },
    /** The recap of one post, in the team's language unless another is asked for. */
    async recap(tk: string, day: string, language?: Language): Promise<DailyRecapReply | undefined> {
      const [post, settings] = await Promise.all([getPost(tk, day), getSettings(tk)]);
      return post && recapOf(post, language ?? settings?.language ?? 'en');
    },
    /** The team's two latest post days (for current streaks on the leaderboard). */
    streakDays,
    /** The person's answer record for a prompt (status only matters to adapters and tests). */
    answerRecord(person: Person, day: string): Promise<DailyAnswerRecord | undefined> {
      return store.getDoc<DailyAnswerRecord>(K.answer(teamKey(person), day, personKey(person)));
    },
  };
}
