/**
 * Remembers recently seen ids (Slack event_id) for a while, so an event Slack retries
 * (x-slack-retry-num, or retry_attempt in Socket Mode) is handled once. Bounded in size and time;
 * no timers, entries expire lazily.
 */
import { systemClock, type Clock } from '../core/ports';

export class RecentIds {
  private readonly seenAt = new Map<string, number>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly max = 10_000,
    private readonly clock: Clock = systemClock,
  ) {}

  /** True when the id was seen within the TTL; otherwise records it and returns false. */
  seen(id: string): boolean {
    const now = this.clock.now();
    this.evict(now);
    const at = this.seenAt.get(id);
    if (at !== undefined && now - at < this.ttlMs) return true;
    this.seenAt.delete(id);
    this.seenAt.set(id, now);
    return false;
  }

  /**
   * Async form used by every listener: true when this call is the first to claim the id within the
   * TTL (go ahead), false for a duplicate. A shared store can back the same contract.
   */
  async claim(id: string): Promise<boolean> {
    return !this.seen(id);
  }

  get size(): number {
    return this.seenAt.size;
  }

  private evict(now: number): void {
    // Map keeps insertion order, so the oldest entries come first.
    for (const [id, at] of this.seenAt) {
      if (now - at < this.ttlMs && this.seenAt.size < this.max) break;
      this.seenAt.delete(id);
    }
  }
}
