/**
 * Slack retries an event it did not get a fast 200 for (x-slack-retry-num, or retry_attempt in
 * Socket Mode) with the same event_id, and with several instances behind one app a retry may
 * reach another instance. Claims live in the store (INSERT ... ON CONFLICT on SQL stores), so
 * each id has one winner across every instance sharing it; they expire lazily after the window.
 */
import type { Store } from '../core/ports';

/** Longer than Slack's retry schedule (three retries over about five minutes). */
export const DEDUPE_WINDOW_MS = 30 * 60_000;

export class SharedClaims {
  constructor(
    private readonly store: Pick<Store, 'claim'>,
    private readonly ttlMs = DEDUPE_WINDOW_MS,
  ) {}

  /**
   * True when this call is the first to claim the id within the window (go ahead), false for a
   * duplicate. Used by every listener: events by event_id, commands and actions by their keys.
   */
  claim(id: string): Promise<boolean> {
    return this.store.claim(`slack:${id}`, this.ttlMs);
  }
}
