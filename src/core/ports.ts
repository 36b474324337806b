/**
 * The interfaces the core needs from the outside world. Each has an in-memory implementation in
 * src so the core runs with nothing configured; adapters and tests pass in their own.
 */
import type {
  CategoryId,
  CriterionId,
  Difficulty,
  GradeRequest,
  GradeResult,
  Language,
  ProbeRequest,
  ProbeResult,
} from './types';

export interface GradeOptions {
  /** Aborts the grading; the grader rejects with an AbortError-like error. */
  signal?: AbortSignal;
}

/** Grades answers against a scenario's rubric. Offline and LLM graders both implement it. */
export interface Grader {
  readonly kind: 'offline' | 'llm';
  grade(request: GradeRequest, options?: GradeOptions): Promise<GradeResult>;
  /**
   * Decides whether the answer so far leaves a gap worth probing and, if so, returns the probe.
   * Null means "grade now".
   */
  probe(request: ProbeRequest, options?: GradeOptions): Promise<ProbeResult | null>;
}

/** Current time, injectable so idle-outs, streaks and schedules are tested without waiting. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The minimal structured logger the core uses (pino's child loggers satisfy it). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

/** Who is talking to the coach. The key is stable per platform, workspace and user. */
export interface Person {
  platform: 'slack' | 'teams' | 'cli';
  /** Slack team id, Teams tenant id, or "local". */
  teamId: string;
  userId: string;
  displayName?: string;
}

export function personKey(p: Pick<Person, 'platform' | 'teamId' | 'userId'>): string {
  return `${p.platform}:${p.teamId}:${p.userId}`;
}

export function teamKey(p: Pick<Person, 'platform' | 'teamId'>): string {
  return `${p.platform}:${p.teamId}`;
}

/** One graded answer, kept for stats and the leaderboard. */
export interface HistoryEntry {
  scenarioId: string;
  category: CategoryId;
  difficulty: Difficulty;
  source: 'practice' | 'daily';
  overall: number;
  scores: Partial<Record<CriterionId, number>>;
  points: number;
  grader: 'offline' | 'llm';
  at: number;
}

/** Running per-competency totals (so averages survive history trimming). */
export type CompetencyTotals = Partial<Record<CriterionId, { sum: number; count: number }>>;

export interface UserRecord {
  key: string;
  teamKey: string;
  userId: string;
  displayName?: string;
  /** Chosen language; unset means "follow the script of the answer". */
  language?: Language;
  /** Most recent first; trimmed to a bounded length. */
  history: HistoryEntry[];
  totals: CompetencyTotals;
  totalPoints: number;
  answered: number;
  seen: string[];
  optOut: boolean;
  streak: { count: number; lastDay?: string; best: number };
}

/** A pending answer that could not be graded yet; kept until graded again or discarded. */
export interface PendingGrade {
  request: Omit<GradeRequest, 'scenario' | 'criteria'> & { scenarioId: string };
  reason: string;
  at: number;
  source: 'practice' | 'daily';
}

export type SessionPhase = 'awaiting-answer' | 'awaiting-follow-up' | 'failed-grading';

export interface SessionState {
  id: string;
  personKey: string;
  scenarioId: string;
  language: Language;
  /** True when the language was chosen (command flag or user setting), false when inferred. */
  languageFixed: boolean;
  phase: SessionPhase;
  answer?: string;
  followUps: { probe: string; answer?: string }[];
  startedAt: number;
  lastActivityAt: number;
  filters: { category?: CategoryId; difficulty?: Difficulty };
  pending?: PendingGrade;
}

/** Totals over every grading a store has seen: what the model costs and how fast it is. */
export interface UsageTotals {
  gradings: number;
  llmGradings: number;
  fallbacks: number;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
}

/**
 * An answer received and waiting for its grade. Written before grading starts, deleted in the same
 * transaction as the grade; a job whose lease ran out (its process died) is claimed and finished
 * by another process or the next start.
 */
export interface GradingJob {
  /** Deterministic per answer ("practice:<session id>", "daily:<team>:<day>:<person>"). */
  id: string;
  personKey: string;
  kind: 'practice' | 'daily';
  /** What the resumer needs (the session, or the daily answer's key); plain JSON. */
  payload: unknown;
  /** How many times a process started on it (1 for the first). */
  attempts: number;
  createdAt: number;
}

/** What one grade changes, written in one transaction so nothing is half-written. */
export interface GradeCommit {
  /** The person with the new history entry first (history[0] is the new answer); unset for usage alone (import). */
  user?: UserRecord;
  usage: UsageTotals;
  /** The person whose session the grade closes. */
  deleteSessionOf?: string;
  /** The grading job the grade finishes. */
  jobId?: string;
}

/** One person's points in a window, from the graded answers (the leaderboard query). */
export interface Standing {
  userKey: string;
  points: number;
  /** When the last scoring answer in the window was graded. */
  reachedAt: number;
}

/**
 * The store could not read or write (database unreachable, disk full). The turn answers "could
 * not save, try again" and the process stays up.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Everything a team would miss after a deploy. Async from day one so a durable or shared store
 * replaces memory without touching the core; values are plain JSON-serialisable data. Three
 * implementations keep one contract (test/store/contract.ts): memory, SQLite and PostgreSQL.
 */
export interface Store {
  /** The person with their most recent graded answers (at most HISTORY_LIMIT) as history. */
  getUser(key: string): Promise<UserRecord | undefined>;
  /**
   * Saves the person's settings and totals. History is append-only: entries newer than the
   * stored ones are added, older ones are never removed (the leaderboard counts all of them).
   */
  putUser(user: UserRecord): Promise<void>;
  /**
   * Every person of a team. With history: false their history is left empty (the leaderboard
   * takes points from standings and needs only names, opt-outs and streaks).
   */
  listUsers(teamKey: string, opts?: { history?: boolean }): Promise<UserRecord[]>;
  /** Every graded answer of a person, oldest first (export). */
  answersOf(personKey: string): Promise<HistoryEntry[]>;
  /** Every team key with people (export). */
  listTeams(): Promise<string[]>;
  /** Points per person of a team for answers graded in [from, to); opted-out people included. */
  standings(teamKey: string, window: { from?: number; to?: number }): Promise<Standing[]>;
  getSession(personKey: string): Promise<SessionState | undefined>;
  putSession(session: SessionState): Promise<void>;
  deleteSession(personKey: string): Promise<void>;
  listSessions(): Promise<SessionState[]>;
  /** Small named documents (daily prompt settings, posts and answers, conversation references). */
  getDoc<T>(key: string): Promise<T | undefined>;
  putDoc<T>(key: string, value: T): Promise<void>;
  listDocs<T>(prefix: string): Promise<{ key: string; value: T }[]>;

  /**
   * Runs fn with the named lock held, serialised across every process sharing the store (an
   * advisory lock on PostgreSQL; in-process on SQLite and memory, which serve one process).
   * Not reentrant: fn must not take the same key again.
   */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** True for the first caller to claim the key within ttlMs (Slack retries, duplicate deliveries). */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /**
   * True when holder now holds the named lease for ttlMs: it was free, expired, or already the
   * holder's. One process of many runs the daily post tick and the idle-out sweep.
   */
  tryLease(name: string, holder: string, ttlMs: number): Promise<boolean>;

  /** Adds one grade's usage and everything else it changes, in one transaction. */
  commitGrade(commit: GradeCommit): Promise<void>;
  getUsage(): Promise<UsageTotals>;

  /** Records a job owned by owner with a lease of leaseMs (replaces one with the same id). */
  putJob(job: Pick<GradingJob, 'id' | 'personKey' | 'kind' | 'payload'>, owner: string, leaseMs: number): Promise<void>;
  /** Extends the owner's lease; false when the job is gone or another process took it. */
  renewJob(id: string, owner: string, leaseMs: number): Promise<boolean>;
  deleteJob(id: string): Promise<void>;
  /** True when a job with this id exists and its lease has not run out. */
  jobLive(id: string): Promise<boolean>;
  /**
   * Takes up to limit jobs whose lease ran out, for owner (each goes to exactly one caller),
   * oldest first; personKeyPrefixes narrows them to the platforms this process can deliver to.
   */
  claimJobs(owner: string, leaseMs: number, opts: { limit: number; personKeyPrefixes?: string[] }): Promise<GradingJob[]>;

  /** Releases connections and files. */
  close(): Promise<void>;
}
