/**
 * The throwaway Store (tests, FDE_STORE=memory): plain Maps in this process. Values are
 * deep-copied on the way in and out (structuredClone) so callers cannot mutate stored state
 * behind the store's back, exactly as they could not with a durable store. Keeps the same
 * contract as the SQL stores (test/store/contract.ts), including the append-only history.
 */
import { KeyedMutex } from '../core/mutex';
import { HISTORY_LIMIT } from '../core/points';
import {
  systemClock,
  type Clock,
  type GradeCommit,
  type GradingJob,
  type HistoryEntry,
  type SessionState,
  type Standing,
  type Store,
  type UsageTotals,
  type UserRecord,
} from '../core/ports';
import { EMPTY_USAGE, addUsage, historyToAppend } from './shared';

interface MemoryJob extends GradingJob {
  owner: string;
  leaseUntil: number;
}

export class MemoryStore implements Store {
  private readonly users = new Map<string, Omit<UserRecord, 'history'>>();
  /** Every graded answer per person, oldest first. */
  private readonly answers = new Map<string, HistoryEntry[]>();
  private readonly sessions = new Map<string, SessionState>();
  private readonly docs = new Map<string, unknown>();
  private readonly claims = new Map<string, number>();
  private readonly leases = new Map<string, { holder: string; until: number }>();
  private readonly jobs = new Map<string, MemoryJob>();
  private usage: UsageTotals = { ...EMPTY_USAGE };
  private readonly locks = new KeyedMutex();

  constructor(private readonly clock: Clock = systemClock) {}

  private withHistory(u: Omit<UserRecord, 'history'>): UserRecord {
    const all = this.answers.get(u.key) ?? [];
    return structuredClone({ ...u, history: all.slice(-HISTORY_LIMIT).reverse() });
  }

  async getUser(key: string): Promise<UserRecord | undefined> {
    const u = this.users.get(key);
    return u && this.withHistory(u);
  }
  async putUser(user: UserRecord): Promise<void> {
    const { history, ...rest } = structuredClone(user);
    this.users.set(user.key, rest);
    const stored = this.answers.get(user.key) ?? [];
    const add = historyToAppend(stored.length, { answered: user.answered, history });
    this.answers.set(user.key, [...stored, ...add]);
  }
  async listUsers(teamKey: string, opts: { history?: boolean } = {}): Promise<UserRecord[]> {
    return [...this.users.values()]
      .filter((u) => u.teamKey === teamKey)
      .map((u) => (opts.history === false ? structuredClone({ ...u, history: [] }) : this.withHistory(u)));
  }
  async answersOf(personKey: string): Promise<HistoryEntry[]> {
    return structuredClone(this.answers.get(personKey) ?? []);
  }
  async listTeams(): Promise<string[]> {
    return [...new Set([...this.users.values()].map((u) => u.teamKey))].sort();
  }
  async standings(teamKey: string, window: { from?: number; to?: number }): Promise<Standing[]> {
    const out: Standing[] = [];
    for (const u of this.users.values()) {
      if (u.teamKey !== teamKey) continue;
      const inWindow = (this.answers.get(u.key) ?? []).filter(
        (h) => (window.from === undefined || h.at >= window.from) && (window.to === undefined || h.at < window.to),
      );
      if (!inWindow.length) continue;
      const scoring = inWindow.filter((h) => h.points > 0).map((h) => h.at);
      out.push({
        userKey: u.key,
        points: inWindow.reduce((a, h) => a + h.points, 0),
        reachedAt: scoring.length ? Math.max(...scoring) : Number.MAX_SAFE_INTEGER,
      });
    }
    return out;
  }
  async getSession(personKey: string): Promise<SessionState | undefined> {
    const s = this.sessions.get(personKey);
    return s && structuredClone(s);
  }
  async putSession(session: SessionState): Promise<void> {
    this.sessions.set(session.personKey, structuredClone(session));
  }
  async deleteSession(personKey: string): Promise<void> {
    this.sessions.delete(personKey);
  }
  async listSessions(): Promise<SessionState[]> {
    return [...this.sessions.values()].map((s) => structuredClone(s));
  }
  async getDoc<T>(key: string): Promise<T | undefined> {
    const v = this.docs.get(key);
    return v === undefined ? undefined : (structuredClone(v) as T);
  }
  async putDoc<T>(key: string, value: T): Promise<void> {
    this.docs.set(key, structuredClone(value));
  }
  async listDocs<T>(prefix: string): Promise<{ key: string; value: T }[]> {
    return [...this.docs.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value: structuredClone(value) as T }));
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(key, fn);
  }
  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const until = this.claims.get(key);
    if (until !== undefined && until > now) return false;
    this.claims.set(key, now + ttlMs);
    // Expired claims go lazily, a few at a time, so the map stays bounded without a timer.
    let n = 0;
    for (const [k, u] of this.claims) {
      if (n++ > 8) break;
      if (u <= now) this.claims.delete(k);
    }
    return true;
  }
  async tryLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const l = this.leases.get(name);
    if (l && l.until > now && l.holder !== holder) return false;
    this.leases.set(name, { holder, until: now + ttlMs });
    return true;
  }
  async commitGrade(c: GradeCommit): Promise<void> {
    if (c.user) await this.putUser(c.user);
    this.usage = addUsage(this.usage, c.usage);
    if (c.deleteSessionOf) this.sessions.delete(c.deleteSessionOf);
    if (c.jobId) this.jobs.delete(c.jobId);
  }
  async getUsage(): Promise<UsageTotals> {
    return { ...this.usage };
  }
  async putJob(job: Pick<GradingJob, 'id' | 'personKey' | 'kind' | 'payload'>, owner: string, leaseMs: number): Promise<void> {
    const now = this.clock.now();
    const old = this.jobs.get(job.id);
    this.jobs.set(job.id, {
      ...structuredClone(job),
      attempts: (old?.attempts ?? 0) + 1,
      createdAt: old?.createdAt ?? now,
      owner,
      leaseUntil: now + leaseMs,
    });
  }
  async renewJob(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const j = this.jobs.get(id);
    if (!j || j.owner !== owner) return false;
    j.leaseUntil = this.clock.now() + leaseMs;
    return true;
  }
  async deleteJob(id: string): Promise<void> {
    this.jobs.delete(id);
  }
  async jobLive(id: string): Promise<boolean> {
    const j = this.jobs.get(id);
    return Boolean(j && j.leaseUntil > this.clock.now());
  }
  async claimJobs(owner: string, leaseMs: number, opts: { limit: number; personKeyPrefixes?: string[] }): Promise<GradingJob[]> {
    const now = this.clock.now();
    const due = [...this.jobs.values()]
      .filter((j) => j.leaseUntil <= now && (!opts.personKeyPrefixes || opts.personKeyPrefixes.some((p) => j.personKey.startsWith(p))))
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, opts.limit);
    return due.map((j) => {
      j.owner = owner;
      j.leaseUntil = now + leaseMs;
      j.attempts += 1;
      const { owner: _o, leaseUntil: _l, ...job } = j;
      return structuredClone(job);
    });
  }
  async close(): Promise<void> {}
}
