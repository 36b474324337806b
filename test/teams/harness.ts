/**
 * Test harness for the Teams channel: the real server on 127.0.0.1:0, the core with a scripted
 * grader, a fake connector, and activity factories shaped like what Teams sends
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages).
 */
// jwks-rsa (inside the SDK's JWT middleware) requires `jose`, an ES module: Node 20.19+ loads it,
// Jest's CommonJS runtime cannot. It only converts keys fetched from Microsoft's JWKS endpoint,
// which no test reaches (401s are decided before any key is fetched), so it is stubbed here.
jest.mock('jose', () => ({
  importJWK: () => Promise.reject(new Error('jose is not loaded under Jest')),
  exportSPKI: () => Promise.reject(new Error('jose is not loaded under Jest')),
}));

import { buildCore, type Core } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { Clock, Grader, Logger } from '../../src/core/ports';
import { createTeamsServer, type TeamsServer, type TeamsServerOptions } from '../../src/teams';
import { FakeConnector } from '../support/fake-connector';
import { ScriptedGrader } from '../support/fake-grader';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:6f1b2f3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f', name: 'FDE Coach' };
export const ANA = { id: '29:1a2B3c-ana', name: 'Ana Kim', aadObjectId: 'aad-ana-0001' };
export const BEN = { id: '29:9z8Y7x-ben', name: 'Ben Park', aadObjectId: 'aad-ben-0002' };
export const PERSONAL_CONVERSATION = 'a:1personal-ana';
export const TEAM_ID = '19:team-platform@thread.tacv2';
export const CHANNEL_ID = '19:team-platform@thread.tacv2';

/** A logger that keeps entries, to assert on warnings. */
export function memoryLogger(entries: { level: string; obj: object; msg?: string }[] = []): Logger & { entries: typeof entries } {
  const make = (bindings: object): Logger => ({
    debug: (obj, msg) => void entries.push({ level: 'debug', obj: { ...bindings, ...obj }, msg }),
    info: (obj, msg) => void entries.push({ level: 'info', obj: { ...bindings, ...obj }, msg }),
    warn: (obj, msg) => void entries.push({ level: 'warn', obj: { ...bindings, ...obj }, msg }),
    error: (obj, msg) => void entries.push({ level: 'error', obj: { ...bindings, ...obj }, msg }),
    child: (b) => make({ ...bindings, ...b }),
  });
  return Object.assign(make({}), { entries });
}

export interface Harness {
  core: Core;
  server: TeamsServer;
  connector: FakeConnector;
  grader: ScriptedGrader;
  log: ReturnType<typeof memoryLogger>;
  /** POSTs an activity (or raw body) to /api/messages and waits until the bot is quiet. */
  post(body: unknown, headers?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  teams?: TeamsServerOptions['teams'];
  grader?: Grader;
  /** More environment for loadConfig, e.g. FDE_ADMINS. */
  env?: Record<string, string>;
  /** The core's clock (coach, daily prompt, leaderboard). */
  clock?: Clock;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const connector = await new FakeConnector().start();
  const log = memoryLogger();
  const config = loadConfig({ CHANNELS: 'teams', GRADER: 'offline', TEAMS_PORT: '3978', ...opts.env });
  const grader = new ScriptedGrader();
  const core = buildCore(config, log, { grader: opts.grader ?? grader, random: () => 0, clock: opts.clock });
  const server = await createTeamsServer(core, { port: 0, teams: opts.teams, log });
  return {
    core,
    server,
    connector,
    grader,
    log,
    async post(body, headers = {}) {
      const res = await fetch(`${server.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      await res.arrayBuffer();
      await server.idle();
      return res.status;
    },
    async close() {
      await server.stop();
      await connector.stop();
    },
  };
}

let seq = 1_700_000_000_000;
const nextId = () => String(++seq);

type Person = { id: string; name: string; aadObjectId: string };

/** A message in Ana's personal chat. */
export function personalMessage(serviceUrl: string, text: string | undefined, over: Record<string, unknown> = {}, from: Person = ANA) {
  return {
    type: 'message',
    id: nextId(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from,
    conversation: { conversationType: 'personal', tenantId: TENANT, id: from === ANA ? PERSONAL_CONVERSATION : `a:1personal-${from.name}` },
    recipient: BOT,
    textFormat: 'plain',
    locale: 'en-US',
    ...(text !== undefined ? { text } : {}),
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Asia/Seoul' }],
    channelData: { tenant: { id: TENANT } },
    ...over,
  };
}

/** An Action.Submit from a card in personal chat: a message whose `value` is the button's data. */
export function cardSubmit(serviceUrl: string, value: Record<string, unknown>, from: Person = ANA) {
  return personalMessage(serviceUrl, undefined, { value, replyToId: nextId(), channelData: { tenant: { id: TENANT }, source: { name: 'message' }, legacy: { replyToId: 'x' } } }, from);
}

/** A message in the team channel; with `threadRoot` it is a reply in that thread. */
export function channelMessage(
  serviceUrl: string,
  text: string,
  opts: { mention?: boolean; threadRoot?: string; from?: Person; channelId?: string; value?: Record<string, unknown>; locale?: string } = {},
) {
  const from = opts.from ?? ANA;
  const channelId = opts.channelId ?? CHANNEL_ID;
  const mentionTag = `<at>${BOT.name}</at>`;
  return {
    type: 'message',
    id: nextId(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from,
    conversation: {
      isGroup: true,
      conversationType: 'channel',
      tenantId: TENANT,
      id: opts.threadRoot ? `${channelId};messageid=${opts.threadRoot}` : channelId,
    },
    recipient: BOT,
    textFormat: 'plain',
    locale: opts.locale ?? 'en-US',
    ...(opts.value ? { value: opts.value } : { text: opts.mention ? `${mentionTag} ${text}` : text }),
    ...(opts.threadRoot ? { replyToId: opts.threadRoot } : {}),
    entities: opts.mention ? [{ type: 'mention', text: mentionTag, mentioned: { id: BOT.id, name: BOT.name } }] : [],
    channelData: {
      teamsChannelId: channelId,
      teamsTeamId: TEAM_ID,
      channel: { id: channelId },
      team: { id: TEAM_ID },
      tenant: { id: TENANT },
    },
  };
}

/** The bot being added: to a team (scope "team") or to Ana's personal scope. */
export function botAdded(serviceUrl: string, scope: 'team' | 'personal') {
  const base = { type: 'conversationUpdate', id: nextId(), timestamp: new Date().toISOString(), serviceUrl, channelId: 'msteams', recipient: BOT, membersAdded: [{ id: BOT.id }] };
  if (scope === 'team')
    return {
      ...base,
      from: ANA,
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: CHANNEL_ID },
      channelData: { team: { id: TEAM_ID, name: 'Platform Team' }, eventType: 'teamMemberAdded', tenant: { id: TENANT } },
    };
  return {
    ...base,
    from: ANA,
    membersAdded: [{ id: BOT.id }, { id: ANA.id, aadObjectId: ANA.aadObjectId }],
    conversation: { conversationType: 'personal', tenantId: TENANT, id: PERSONAL_CONVERSATION },
    channelData: { tenant: { id: TENANT } },
  };
}

export function installationUpdate(serviceUrl: string, action: 'add' | 'remove') {
  return {
    type: 'installationUpdate',
    action,
    id: nextId(),
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: ANA,
    recipient: BOT,
    conversation: { conversationType: 'personal', tenantId: TENANT, id: PERSONAL_CONVERSATION },
    channelData: { tenant: { id: TENANT }, source: { name: 'message' } },
  };
}

/** A settable clock for the core (daily prompt days, weekly boards). */
export class FakeClock {
  t: number;
  constructor(iso: string) {
    this.t = Date.parse(iso);
  }
  now = (): number => this.t;
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
}
