/**
 * Finishes grading jobs left by a process that stopped (a crash, kill -9, a deploy): at start and
 * then every third of a lease, this process claims jobs whose lease ran out (each goes to exactly
 * one process), grades them and delivers the feedback through the channel that received the
 * answer, like an idle-out grading.
 */
import type { AnyDelivery, Coach } from '../core/coach';
import type { Daily } from '../core/daily';
import { silentLogger, type Logger, type Store } from '../core/ports';

export interface JobRunnerDeps {
  store: Store;
  coach: Pick<Coach, 'resumeJob' | 'instanceId' | 'jobLeaseMs'>;
  daily: Pick<Daily, 'resumeJob'>;
  /** Person-key prefixes this process can deliver to ("slack:", "teams:", "cli:local:me"). */
  personKeyPrefixes: string[];
  deliver: (delivery: AnyDelivery) => Promise<void>;
  log?: Logger;
  /** Jobs claimed per round (default 16). */
  batch?: number;
}

export function createJobRunner(deps: JobRunnerDeps) {
  const log = deps.log ?? silentLogger;
  let running: Promise<number> | undefined;

  async function round(): Promise<number> {
    const jobs = await deps.store.claimJobs(deps.coach.instanceId, deps.coach.jobLeaseMs, {
      limit: deps.batch ?? 16,
      personKeyPrefixes: deps.personKeyPrefixes,
    });
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const d = job.kind === 'daily' ? await deps.daily.resumeJob(job, log) : await deps.coach.resumeJob(job, log);
          if (d) await deps.deliver(d);
        } catch (err) {
          // The job stays (its lease runs out) and a later round tries again.
          log.error({ err, job: job.id }, 'resuming a grading job failed');
        }
      }),
    );
    return jobs.length;
  }

  /** One round unless one is already running; resolves to the number of jobs claimed. */
  function runOnce(): Promise<number> {
    running ??= round().finally(() => {
      running = undefined;
    });
    return running;
  }

  /** Runs a round now and then every third of a lease; stop() clears the timer. */
  function start(): { ready: Promise<number>; stop: () => Promise<void> } {
    const every = Math.max(250, Math.floor(deps.coach.jobLeaseMs / 3));
    const timer = setInterval(() => {
      runOnce().catch((err: unknown) => log.error({ err }, 'grading job round failed'));
    }, every);
    timer.unref();
    const ready = runOnce().catch((err: unknown) => {
      log.error({ err }, 'grading job round failed');
      return 0;
    });
    return {
      ready,
      stop: async () => {
        clearInterval(timer);
        await running?.catch(() => undefined);
      },
    };
  }

  return { runOnce, start };
}
