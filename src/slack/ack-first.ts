/**
 * Ack-first scheduling. When many commands arrive together (a workshop: fifty people type
 * `/fde practice` at once), the work behind the first acks (Web API calls, rendering, the core)
 * would otherwise run between the later requests and delay their acks. The gate lets that work
 * wait while any HTTP request is still waiting for its response, and for a short quiet moment
 * after the last one arrived (requests of one burst arrive within a few milliseconds), so every
 * request of the burst is acknowledged first.
 *
 * The wait is bounded per piece of work (maxDeferMs after it was queued), so under sustained load
 * work is delayed, never starved, and is let go in arrival order rather than in one batch.
 * Socket Mode has no HTTP requests to watch: there the gate never waits.
 */
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

interface Waiter {
  resolve: () => void;
  deadline: number;
}

export class AckFirstGate {
  private unacked = 0;
  private waiters: Waiter[] = [];
  private bound: NodeJS.Timeout | undefined;
  private quiet: NodeJS.Timeout | undefined;
  private lastRequestAt = -Infinity;

  constructor(
    private readonly maxDeferMs = 100,
    private readonly quietMs = 5,
  ) {}

  /** Counts an HTTP request as waiting until its response has been sent (or the connection closed). */
  watch(res: ServerResponse): void {
    this.unacked += 1;
    this.lastRequestAt = performance.now();
    if (this.quiet) {
      clearTimeout(this.quiet);
      this.quiet = undefined;
    }
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      this.unacked -= 1;
      if (this.unacked === 0 && this.waiters.length) this.armQuiet(this.quietMs);
    };
    res.once('finish', finished);
    res.once('close', finished);
  }

  /**
   * Resolves when no request waits for its response and none arrived in the last quietMs, or
   * maxDeferMs after the call at the latest.
   */
  wait(): Promise<void> {
    const now = performance.now();
    if (this.unacked === 0 && !this.quiet && now - this.lastRequestAt >= this.quietMs) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ resolve, deadline: now + this.maxDeferMs });
      if (!this.bound) this.armBound();
      if (this.unacked === 0) this.armQuiet(this.quietMs - (now - this.lastRequestAt));
    });
  }

  /** Lets everything waiting go (all acks sent, or stopping). */
  release(): void {
    clearTimeout(this.bound);
    clearTimeout(this.quiet);
    this.bound = undefined;
    this.quiet = undefined;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w.resolve();
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Releases the waiting work once no request has arrived for a moment. */
  private armQuiet(ms: number): void {
    if (this.quiet) return;
    this.quiet = setTimeout(
      () => {
        this.quiet = undefined;
        if (this.unacked === 0) this.release();
      },
      Math.max(0, ms),
    );
    this.quiet.unref();
  }

  /** Lets go, in order, the work that has waited maxDeferMs; re-arms for the next in line. */
  private armBound(): void {
    const head = this.waiters[0];
    if (!head) return;
    this.bound = setTimeout(
      () => {
        this.bound = undefined;
        const now = performance.now();
        let n = 0;
        while (n < this.waiters.length && this.waiters[n]!.deadline <= now) n++;
        for (const w of this.waiters.splice(0, n)) w.resolve();
        this.armBound();
      },
      Math.max(0, head.deadline - performance.now()),
    );
    this.bound.unref();
  }
}
