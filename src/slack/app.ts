/**
 * Builds the Bolt app: HTTP mode (HTTPReceiver on /slack/events, GET /healthz) or Socket Mode,
 * the Web API pointed at config.slack.apiUrl when set, and the listeners grouped by kind.
 * Tests and benchmarks call createSlackApp with overrides (port 0, a fake Web API URL).
 */
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type webApi } from '@slack/bolt';
import type { Core } from '../app';
import { ConfigError, type Config } from '../config';
import type { AnyDelivery } from '../core/coach';
import type { DailyPublisher } from '../core/daily';
import type { Clock, Logger } from '../core/ports';
import { SlackAdapter } from './adapter';
import { boltLogger } from './bolt-logger';
import { registerActions } from './listeners/actions';
import { registerCommands } from './listeners/commands';
import { registerDaily } from './listeners/daily';
import { registerEvents } from './listeners/events';
import { registerMessages } from './listeners/messages';
import { registerMiddleware } from './listeners/middleware';
import { guardSlackRequests } from './receiver';

export type SlackSettings = NonNullable<Config['slack']>;

export interface SlackAppOptions extends Partial<SlackSettings> {
  /** Interface to listen on in HTTP mode (default: all interfaces). */
  host?: string;
  log?: Logger;
  clock?: Clock;
  /** Extra Web API client options (retries, timeout, agent). */
  clientOptions?: webApi.WebClientOptions;
  /** How long stop() lets work that was already acknowledged finish (default 10 s). */
  drainMs?: number;
}

export interface SlackApp {
  readonly app: App;
  readonly adapter: SlackAdapter;
  readonly mode: 'http' | 'socket';
  /** Starts listening (HTTP) or connects (Socket Mode). Resolves with the port in HTTP mode. */
  start(): Promise<{ port?: number }>;
  /** Base URL of the HTTP server once started, e.g. http://127.0.0.1:53124 (HTTP mode only). */
  readonly url: string | undefined;
  stop(): Promise<void>;
  deliver(delivery: AnyDelivery): Promise<void>;
  /** Posts the daily prompt, recap and weekly board into Slack channels. */
  readonly dailyPublisher: DailyPublisher;
}

export const EVENTS_PATH = '/slack/events';
export const HEALTH_PATH = '/healthz';

function settingsFrom(core: Core, options: SlackAppOptions): SlackSettings & { host?: string } {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as SlackAppOptions;
  const base = core.config.slack;
  const botToken = defined.botToken ?? base?.botToken;
  const appToken = defined.appToken ?? base?.appToken;
  const signingSecret = defined.signingSecret ?? base?.signingSecret;
  const mode = defined.mode ?? base?.mode ?? (appToken ? 'socket' : 'http');
  const problems: string[] = [];
  if (!botToken) problems.push('SLACK_BOT_TOKEN is missing (the xoxb- bot token from OAuth & Permissions)');
  if (mode === 'socket' && !appToken) problems.push('Socket Mode needs SLACK_APP_TOKEN (an xapp- app-level token with connections:write)');
  if (mode === 'http' && !signingSecret) problems.push('HTTP mode needs SLACK_SIGNING_SECRET (Basic Information > App Credentials)');
  if (problems.length) throw new ConfigError(problems);
  return {
    botToken: botToken!,
    mode,
    appToken,
    signingSecret,
    apiUrl: defined.apiUrl ?? base?.apiUrl,
    port: defined.port ?? base?.port ?? 3000,
    host: defined.host,
  };
}

/** Slack's error code from a Web API failure, for start-up messages. */
function slackError(err: unknown): string {
  const e = err as { data?: { error?: string }; code?: string; message?: string };
  return e.data?.error ?? e.code ?? e.message ?? String(err);
}

export function createSlackApp(core: Core, options: SlackAppOptions = {}): SlackApp {
  const s = settingsFrom(core, options);
  const log = (options.log ?? core.log).child({ component: 'slack' });
  const logger = boltLogger(log);
  const clientOptions: webApi.WebClientOptions = {
    // Slack's own default retries for ~30 minutes; a person waiting on a reply is better served by
    // a few quick retries and a clear error.
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    timeout: 20_000,
    ...(s.apiUrl ? { slackApiUrl: s.apiUrl.endsWith('/') ? s.apiUrl : `${s.apiUrl}/` } : {}),
    ...options.clientOptions,
  };

  let app: App;
  if (s.mode === 'socket') {
    app = new App({
      token: s.botToken,
      appToken: s.appToken,
      socketMode: true,
      clientOptions,
      logger,
      convoStore: false,
      deferInitialization: true,
    });
  } else {
    const receiver = new HTTPReceiver({
      signingSecret: s.signingSecret!,
      endpoints: EVENTS_PATH,
      port: s.port,
      // Must stay false: ack() answers Slack at once and grading runs after the response.
      processBeforeResponse: false,
      logger,
      // The request's signature reaches the middleware as context.requestSignature: a replayed
      // request carries the same one (see listeners/middleware.ts).
      customPropertiesExtractor: (req) => {
        const signature = req.headers['x-slack-signature'];
        return typeof signature === 'string' ? { requestSignature: signature } : {};
      },
      customRoutes: [
        {
          path: HEALTH_PATH,
          method: ['GET'],
          handler: (_req, res) => {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ status: 'ok', platform: 'slack', mode: 'http', scenarios: core.library.scenarios.length }));
          },
        },
      ],
    });
    guardSlackRequests(receiver, { signingSecret: s.signingSecret!, endpoints: [EVENTS_PATH], log });
    app = new App({ token: s.botToken, receiver, clientOptions, logger, convoStore: false, deferInitialization: true });
  }

  const adapter = new SlackAdapter(core, app.client, log, options.clock ?? core.clock);
  registerMiddleware(app, adapter);
  registerCommands(app, adapter);
  registerMessages(app, adapter);
  registerActions(app, adapter);
  registerDaily(app, adapter);
  registerEvents(app, adapter);
  app.error(async (err) => {
    log.error({ err, code: err.code }, 'unhandled Slack error');
  });

  let url: string | undefined;
  let running = false;

  return {
    app,
    adapter,
    mode: s.mode,
    get url() {
      return url;
    },
    async start() {
      try {
        // auth.test: fails here, at start, when the bot token is wrong; gives the bot's user id.
        await app.init();
      } catch (err) {
        throw new ConfigError([`SLACK_BOT_TOKEN was not accepted by Slack (auth.test: ${slackError(err)})`]);
      }
      if (s.mode === 'socket') {
        try {
          await app.start();
        } catch (err) {
          throw new ConfigError([`Socket Mode could not connect with SLACK_APP_TOKEN (${slackError(err)})`]);
        }
        running = true;
        log.info({ mode: 'socket' }, 'Slack connected (Socket Mode)');
        return {};
      }
      let server: Server;
      try {
        server = (await app.start(s.host ? { port: s.port, host: s.host } : s.port)) as Server;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'EADDRINUSE' || code === 'EACCES')
          throw new ConfigError([`PORT ${s.port} cannot be used for Slack's HTTP endpoint (${code}); choose another PORT`]);
        throw err;
      }
      server.on('request', (_req, res: ServerResponse) => adapter.gate.watch(res));
      running = true;
      const addr = server.address() as AddressInfo;
      const host = !s.host || s.host === '0.0.0.0' || s.host === '::' ? '127.0.0.1' : s.host;
      url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
      log.info({ mode: 'http', port: addr.port, path: EVENTS_PATH }, 'Slack listening (HTTP mode)');
      return { port: addr.port };
    },
    async stop() {
      if (!running) return;
      running = false;
      await app.stop().catch((err: unknown) => log.warn({ err }, 'stopping the Slack receiver failed'));
      await adapter.drain(options.drainMs ?? 10_000);
      log.info({}, 'Slack stopped');
    },
    deliver: (delivery) => adapter.deliver(delivery),
    dailyPublisher: adapter.dailyPublisher,
  };
}
