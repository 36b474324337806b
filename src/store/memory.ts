/**
 * The default Store: plain Maps in this process. Values are deep-copied on the way in and out
 * (structuredClone) so callers cannot mutate stored state behind the store's back, exactly as
 * they could not with a durable store.
 */
import type { SessionState, Store, UserRecord } from '../core/ports';

export class MemoryStore implements Store {
  private readonly users = new Map<string, UserRecord>();
  private readonly sessions = new Map<string, SessionState>();
  private readonly docs = new Map<string, unknown>();

  async getUser(key: string): Promise<UserRecord | undefined> {
    const u = this.users.get(key);
    return u && structuredClone(u);
  }
  async putUser(user: UserRecord): Promise<void> {
    this.users.set(user.key, structuredClone(user));
  }
  async listUsers(teamKey: string): Promise<UserRecord[]> {
    return [...this.users.values()].filter((u) => u.teamKey === teamKey).map((u) => structuredClone(u));
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
      .map(([key, value]) => ({ key, value: structuredClone(value) as T }));
  }
}
