/**
 * The Teams HTTP endpoint: POST /api/messages on express, authenticated by the Agents SDK's JWT
 * middleware, handled by the CloudAdapter and the agent in bot.ts.
 *
 * - Authentication first: with a client id, a request without a valid Bot Framework token gets
 *   401 before its body is read. Without one, local traffic (Bot Framework Emulator, Microsoft
 *   365 Agents Playground) is accepted anonymously, on 127.0.0.1 only, with a warning.
 * - A body that is not JSON, or not an activity (no type, no conversation id), gets 400.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, type Request as AgentsRequest, type TurnContext } from '@microsoft/agents-hosting';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Core } from '../app';
import type { RunningChannel } from '../channel';
import type { AnyDelivery } from '../core/coach';
import type { DailyPublisher } from '../core/daily';
import type { Logger } from '../core/ports';
import type { Language } from '../core/types';
import { authConfigFrom, type TeamsSettings } from './auth';
import { createTeamsAgent } from './bot';
import { label, renderReplies, type AdaptiveCard } from './cards';
import { createTeamsDailyPublisher } from './daily';
import { createProactive } from './proactive';
import { TEAM_REF_PREFIX, type StoredReference } from './references';
import { BackgroundTasks } from './tasks';

export interface TeamsServerOptions {
  /** 0 picks a free port (tests). Defaults to config.teams.port, else 3978. */
  port?: number;
  /** Defaults to all interfaces with a client id, 127.0.0.1 without one. */
  host?: string;
  /** Overrides core.config.teams (tests configure authentication this way). */
  teams?: Partial<TeamsSettings>;
  log?: Logger;
  now?: () => number;
  /**
   * The Entra authority tokens are checked against (default https://login.microsoftonline.com);
   * tests point it at a local server.
   */
  authority?: string;
}

export interface TeamsServer extends RunningChannel {
  platform: 'teams';
  /** Where the endpoint listens, e.g. http://127.0.0.1:3978 (append /api/messages). */
  url: string;
  port: number;
  adapter: CloudAdapter;
  /** True when requests must carry a valid Bot Framework token. */
  authenticated: boolean;
  /** Posts a card as a new message in a stored channel (or chat); returns the message id. */
  postToChannel(reference: StoredReference, card: AdaptiveCard): Promise<string>;
  /** Posts the daily prompt, the recap and the weekly board into team channels (core.daily calls it). */
  dailyPublisher: DailyPublisher;
  /** Stored team installations (one reference per team), not removed. */
  channelReferences(): Promise<StoredReference[]>;
  /** Resolves when every accepted message has been handled. */
  idle(): Promise<void>;
}

const isParseError = (err: unknown) =>
  (err as { type?: string }).type === 'entity.parse.failed' || (err as { name?: string }).name === 'ZodError';

export async function createTeamsServer(core: Core, options: TeamsServerOptions = {}): Promise<TeamsServer> {
  const settings: TeamsSettings = { port: 3978, ...core.config.teams, ...options.teams } as TeamsSettings;
  const log = (options.log ?? core.log).child({ platform: 'teams' });
  const authenticated = Boolean(settings.clientId);
  // Unauthenticated traffic is only ever accepted on loopback unless a host is given explicitly.
  const host = options.host ?? (authenticated ? undefined : '127.0.0.1');
  if (!authenticated) {
    log.warn(
      { host },
      `Teams: no clientId configured; accepting unauthenticated local traffic (Bot Framework Emulator, Microsoft 365 Agents Playground) on ${host} only. Production must set clientId, clientSecret and tenantId.`,
    );
  }

  let adapter: CloudAdapter;
  try {
    // validateServiceUrl: with a client id, an activity's serviceUrl must match the `serviceurl`
    // claim of its token (400 otherwise), so a valid token cannot send replies to another host.
    adapter = new CloudAdapter(authConfigFrom(settings, { authority: options.authority }), undefined, undefined, { validateServiceUrl: authenticated });
  } catch (err) {
    // e.g. the SDK refuses to start without a client id when NODE_ENV=production.
    throw new Error(
      `Teams: the Agents SDK rejected the configuration (${(err as Error).message}). Set clientId, clientSecret and tenantId from the Azure Bot registration; see docs/teams.md.`,
    );
  }
  const tasks = new BackgroundTasks();
  const proactive = createProactive({ adapter, store: core.store, log, clientId: settings.clientId, now: options.now });
  const dailyPublisher = createTeamsDailyPublisher({ store: core.store, proactive, log });
  const agent = createTeamsAgent({ core, adapter, proactive, tasks, publisher: dailyPublisher, log: options.log ?? core.log, now: options.now, authenticated });

  // One error handler for every turn: log it, tell the person plainly, never go silent.
  adapter.onTurnError = async (ctx: TurnContext, err: Error) => {
    log.error({ err, activity: ctx.activity?.id, type: ctx.activity?.type }, 'Teams turn failed');
    if (ctx.activity?.type !== 'message') return;
    const lang: Language = ctx.activity.locale?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
    try {
      await ctx.sendActivity(label(lang, 'error'));
    } catch (sendErr) {
      log.error({ err: sendErr }, 'could not tell the user about the error');
    }
  };

  const app = express();
  app.disable('x-powered-by');
  app.post(
    '/api/messages',
    // The SDK's authorizeJWT: 401 without a valid Bot Framework token when a client id is set.
    // It would answer with its internal error text ("error in secret or public key callback:
    // ..." names the key endpoint and what failed); the caller gets a plain status, the log the
    // reason.
    (req: Request, res: Response, next: NextFunction) => {
      const plain = {
        status: (code: number) => ({
          send: (body: unknown) => {
            log.warn({ status: code, reason: body }, 'Teams request refused');
            if (!res.headersSent) res.sendStatus(code);
          },
        }),
      };
      adapter.authorizeRequest(req as unknown as AgentsRequest, plain as unknown as Parameters<CloudAdapter['authorizeRequest']>[1], next).catch(next);
    },
    express.json({ limit: '1mb' }),
    async (req: Request, res: Response) => {
      const body: unknown = req.body;
      const activity = body as { type?: unknown; conversation?: { id?: unknown } } | undefined;
      if (!activity || typeof activity !== 'object' || Array.isArray(activity) || typeof activity.type !== 'string' || !activity.type) {
        res.status(400).json({ error: 'the body must be a Bot Framework activity with a "type"' });
        return;
      }
      try {
        await adapter.process(req as unknown as AgentsRequest, res, (ctx) => agent.run(ctx));
      } catch (err) {
        const status = isParseError(err) ? 400 : 500;
        log.warn({ err, status }, 'rejected an activity');
        if (!res.headersSent) res.status(status).json({ error: status === 400 ? 'malformed activity' : 'internal error' });
      }
    },
  );
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = (err as { status?: number }).status ?? 500;
    if (status >= 500) log.error({ err }, 'Teams endpoint error');
    res.status(status).json({ error: status === 400 ? 'malformed JSON' : status === 413 ? 'body too large' : 'internal error' });
  });

  const server: http.Server = await new Promise((resolve, reject) => {
    const port = options.port ?? settings.port;
    const done = (err?: Error) => (err ? reject(err) : resolve(s));
    const s = host ? app.listen(port, host, done) : app.listen(port, done);
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host && host !== '0.0.0.0' ? host : '127.0.0.1'}:${port}`;
  log.info({ port, host: host ?? 'all interfaces', authenticated }, 'Teams endpoint listening on /api/messages');

  let stopped = false;
  return {
    platform: 'teams',
    url,
    port,
    adapter,
    authenticated,

    postToChannel: (reference, card) => proactive.postToChannel(reference, card),

    dailyPublisher,

    async channelReferences() {
      const refs = await core.store.listDocs<StoredReference>(TEAM_REF_PREFIX);
      return refs.map((r) => r.value).filter((r) => !r.removedAt);
    },

    async deliver(delivery: AnyDelivery) {
      await proactive.sendToPerson(delivery.personKey, renderReplies(delivery.replies));
    },

    idle: () => tasks.idle(),

    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      // Messages already accepted are finished (their answers are not lost).
      await tasks.idle();
      log.info({}, 'Teams endpoint stopped');
    },
  };
}
