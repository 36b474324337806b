/**
 * Work that outlives the HTTP request. Teams expects /api/messages to answer within seconds,
 * while LLM grading can take longer: messages are acknowledged at once and handled here. Tracking
 * the promises lets `stop()` finish what was accepted and lets tests wait for quiet.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  /** Starts `fn`; a rejection is passed to `onError`, never left unhandled. */
  run(fn: () => Promise<void>, onError: (err: unknown) => void): void {
    const p: Promise<void> = fn()
      .catch(onError)
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when nothing is running, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
