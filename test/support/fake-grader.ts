/** A controllable Grader for tests: wraps the offline grader, with scripted failures and delays. */
import type { GradeOptions, Grader } from '../../src/core/ports';
import type { GradeRequest, GradeResult, ProbeRequest, ProbeResult } from '../../src/core/types';
import { OfflineGrader } from '../../src/grading/offline';

export class ScriptedGrader implements Grader {
  readonly kind = 'offline' as const;
  private readonly inner = new OfflineGrader();
  /** Errors to throw on the next grade() calls, in order. */
  failures: Error[] = [];
  /** Milliseconds each grade() waits before answering. */
  delayMs = 0;
  /** Never resolve grade() (until aborted). */
  hang = false;
  /** Whether probe() may ask follow-ups. */
  probes = true;
  readonly calls: GradeRequest[] = [];
  readonly probeCalls: ProbeRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;

  async grade(req: GradeRequest, opts: GradeOptions = {}): Promise<GradeResult> {
    this.calls.push(req);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.hang)
        await new Promise<never>((_, reject) => opts.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      const failure = this.failures.shift();
      if (failure) throw failure;
      return this.inner.gradeSync(req);
    } finally {
      this.inFlight--;
    }
  }

  async probe(req: ProbeRequest): Promise<ProbeResult | null> {
    this.probeCalls.push(req);
    return this.probes ? this.inner.probe(req) : null;
  }
}
