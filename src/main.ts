/**
 * `npm start`: reads the configuration once, builds the core and starts every channel whose
 * settings are present (CHANNELS narrows it). SIGTERM and SIGINT shut down cleanly.
 */
import { buildCore } from './app';
import { ConfigError, loadConfig } from './config';
import { ContentError } from './core/scenarios';
import { createLogger } from './log';
import { StoreUnavailableError } from './core/ports';
import { createDailyScheduler } from './schedule';
import { createJobRunner } from './schedule/jobs';
import { StoreVersionError, openStore, redactUrl } from './store';
import type { RunningChannel } from './channel';
import type { Logger } from './core/ports';
import type { AnyDelivery } from './core/coach';
import { startSlack } from './slack';
import { startTeams } from './teams';

/**
 * A rejection nobody handled (a bug in a listener, a library dropping a promise while serving one
 * request) is logged and the process keeps serving everyone else; Node's default is to exit.
 * Returns the function that removes the handler.
 */
function surviveUnhandledRejections(log: Logger): () => void {
  const onRejection = (reason: unknown) => log.error({ err: reason }, 'unhandled promise rejection; the process keeps running');
  process.on('unhandledRejection', onRejection);
  return () => process.off('unhandledRejection', onRejection);
}

/** The running process: its channels, and a clean stop of everything main started. */
export interface Running {
  channels: RunningChannel[];
  stop(): Promise<void>;
}

export async function main(env: NodeJS.ProcessEnv = process.env, opts: { handleSignals?: boolean } = {}): Promise<Running> {
  const config = loadConfig(env);
  const log = createLogger(config.logLevel ?? 'info');
  if (!config.channels.length) {
    throw new ConfigError([
      'No channel is configured. Set SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET for Slack, and/or CHANNELS=teams for Teams (see README). For practice without any account: npx fde-coach practice',
    ]);
  }
  const store = await openStore(config);
  const core = buildCore(config, log, { store });
  log.info(
    {
      store: config.store.kind,
      where: config.store.kind === 'postgres' ? redactUrl(config.store.databaseUrl!) : config.store.kind === 'sqlite' ? config.store.dataDir : undefined,
      instance: core.coach.instanceId,
    },
    'state',
  );
  log.info(
    { channels: config.channels, grader: core.grader.kind, model: config.grader.effective === 'llm' ? config.grader.model : undefined, scenarios: core.library.scenarios.length },
    'starting',
  );
  const running: RunningChannel[] = [];
  if (config.channels.includes('slack')) {
    running.push(await startSlack(core));
  }
  if (config.channels.includes('teams')) {
    running.push(await startTeams(core));
  }
  const scheduler = createDailyScheduler({
    daily: core.daily,
    publisherFor: (settings) => running.find((r) => settings.teamKey.startsWith(`${r.platform}:`))?.dailyPublisher,
    log,
  });
  const schedule = scheduler.start();
  void schedule.ready.catch((err: unknown) => log.error({ err }, 'daily catch-up failed'));

  const deliver = async (d: AnyDelivery) => {
    const channel = running.find((r) => d.personKey.startsWith(`${r.platform}:`));
    if (!channel) throw new Error(`no running channel for ${d.personKey}`);
    await channel.deliver(d);
  };
  // Answers received but not graded when a process stopped: finished here and delivered.
  const jobs = createJobRunner({
    store,
    coach: core.coach,
    daily: core.daily,
    personKeyPrefixes: running.map((r) => `${r.platform}:`),
    deliver,
    log,
  }).start();

  const idleSweep = setInterval(() => {
    // One instance of many sweeps each minute (the lease outlives the interval slightly less).
    void store
      .tryLease('idle-sweep', core.coach.instanceId, 55_000)
      .then((mine) => (mine ? core.coach.sweepIdle(log) : []))
      .then(
      async (deliveries) => {
        for (const d of deliveries) {
          const channel = running.find((r) => d.personKey.startsWith(`${r.platform}:`));
          await channel?.deliver(d).catch((err: unknown) => log.error({ err }, 'idle-out delivery failed'));
        }
      },
      (err: unknown) => log.error({ err }, 'idle sweep failed'),
    );
  }, 60_000);
  idleSweep.unref();
  const stopSurviving = surviveUnhandledRejections(log);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(idleSweep);
      schedule.stop();
      await jobs.stop();
      await Promise.allSettled(running.map((r) => r.stop()));
      stopSurviving();
      await store.close().catch((err: unknown) => log.warn({ err }, 'closing the store failed'));
      log.info({}, 'stopped');
      log.flush?.();
    })());
  if (opts.handleSignals ?? true) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const)
      process.once(signal, () => {
        log.info({ signal }, 'shutting down');
        void stop().then(() => process.exit(0));
      });
  }
  return { channels: running, stop };
}

if (require.main === module) {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError || err instanceof ContentError || err instanceof StoreUnavailableError || err instanceof StoreVersionError) {
      process.stderr.write(`fde-coach: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`fde-coach: failed to start: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
