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
