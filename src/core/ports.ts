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

/**
 * Per-person state. Async from day one so a durable or shared store can replace memory without
 * touching the core. Values are plain JSON-serialisable data.
 */
export interface Store {
  getUser(key: string): Promise<UserRecord | undefined>;
  putUser(user: UserRecord): Promise<void>;
  /** Every user of a team, for leaderboards. */
  listUsers(teamKey: string): Promise<UserRecord[]>;
  getSession(personKey: string): Promise<SessionState | undefined>;
  putSession(session: SessionState): Promise<void>;
  deleteSession(personKey: string): Promise<void>;
  listSessions(): Promise<SessionState[]>;
  /** Small named documents (daily prompt settings, conversation references). */
  getDoc<T>(key: string): Promise<T | undefined>;
  putDoc<T>(key: string, value: T): Promise<void>;
  listDocs<T>(prefix: string): Promise<{ key: string; value: T }[]>;
}
