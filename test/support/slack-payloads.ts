/**
 * Slack request payloads with overridable defaults, in the shapes Slack documents, and a request
 * signer/sender for the HTTP receiver.
 *
 * - Slash commands: https://docs.slack.dev/interactivity/implementing-slash-commands (form-encoded)
 * - Events API envelope and message.im: https://docs.slack.dev/apis/events-api,
 *   https://docs.slack.dev/reference/events/message.im (JSON)
 * - block_actions: https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 *   (form-encoded, a JSON `payload` field)
 * - app_home_opened: https://docs.slack.dev/reference/events/app_home_opened
 * - Signing: https://docs.slack.dev/authentication/verifying-requests-from-slack
 */
import { createHmac, randomUUID } from 'node:crypto';
import { request, type Agent } from 'node:http';
import { FAKE_APP_ID, FAKE_BOT_USER, FAKE_TEAM } from './fake-slack';

export const TEST_SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const TEST_USER = 'U0FDEUSR1';
export const TEST_CHANNEL = 'C0FDECHN1';

export interface SlashCommandPayload {
  token: string;
  team_id: string;
  team_domain: string;
  enterprise_id?: string;
  enterprise_name?: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  is_enterprise_install: string;
  response_url: string;
  trigger_id: string;
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}${Date.now().toString(36).toUpperCase()}${(++counter).toString(36).toUpperCase()}`;

export function dmChannelOf(user: string): string {
  return `D${user.replace(/^U/, '')}`;
}

export function slashCommand(overrides: Partial<SlashCommandPayload> = {}): SlashCommandPayload {
  const user = overrides.user_id ?? TEST_USER;
  return {
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: FAKE_TEAM,
    team_domain: 'fde-test',
    channel_id: dmChannelOf(user),
    channel_name: 'directmessage',
    user_id: user,
    user_name: 'jiwoo',
    command: '/fde',
    text: 'practice',
    api_app_id: FAKE_APP_ID,
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T0FDE0001/1234567890/abcdefghijklmnop',
    trigger_id: `${Date.now()}.1234567890.${nextId('t')}`,
    ...overrides,
  };
}

export interface EventEnvelope<E> {
  token: string;
  team_id: string;
  api_app_id: string;
  event: E;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: { enterprise_id: string | null; team_id: string; user_id: string; is_bot: boolean; is_enterprise_install: boolean }[];
  is_ext_shared_channel: boolean;
  event_context: string;
}

export function envelope<E>(event: E, overrides: Partial<EventEnvelope<E>> = {}): EventEnvelope<E> {
  return {
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    team_id: FAKE_TEAM,
    api_app_id: FAKE_APP_ID,
    event,
    type: 'event_callback',
    event_id: nextId('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: FAKE_TEAM, user_id: FAKE_BOT_USER, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${nextId('ctx')}`,
    ...overrides,
  };
}

export interface MessageImEvent {
  type: 'message';
  subtype?: string;
  channel: string;
  user?: string;
  bot_id?: string;
  text: string;
  ts: string;
  event_ts: string;
  channel_type: 'im';
  client_msg_id?: string;
  team?: string;
  blocks?: unknown[];
  [key: string]: unknown;
}

/** Slack escapes &, < and > in message text (mentions stay as <@U...>, <!channel>). */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A message.im event as Slack sends it for text the person typed in the bot's DM. */
export function messageIm(text: string, overrides: Partial<MessageImEvent> = {}, envelopeOverrides: Partial<EventEnvelope<MessageImEvent>> = {}) {
  const user = overrides.user ?? TEST_USER;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;
  const event: MessageImEvent = {
    client_msg_id: randomUUID(),
    type: 'message',
    text,
    user,
    ts,
    blocks: [{ type: 'rich_text', block_id: 'Ab1', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }] }],
    team: FAKE_TEAM,
    channel: dmChannelOf(user),
    event_ts: ts,
    channel_type: 'im',
    ...overrides,
  };
  return envelope(event, envelopeOverrides);
}

/**
 * A message in a public or private channel (message.channels / message.groups), e.g. a reply in
 * the thread of a daily prompt: https://docs.slack.dev/reference/events/message.channels
 */
export interface ChannelMessageEvent {
  type: 'message';
  subtype?: string;
  channel: string;
  user?: string;
  bot_id?: string;
  text: string;
  ts: string;
  event_ts: string;
  thread_ts?: string;
  parent_user_id?: string;
  channel_type: 'channel' | 'group';
  client_msg_id?: string;
  team?: string;
  [key: string]: unknown;
}

/** A reply typed in the thread of the message posted at threadTs in channel. */
export function threadReply(
  text: string,
  threadTs: string,
  overrides: Partial<ChannelMessageEvent> = {},
  envelopeOverrides: Partial<EventEnvelope<ChannelMessageEvent>> = {},
) {
  const user = overrides.user ?? TEST_USER;
  const ts = `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;
  const event: ChannelMessageEvent = {
    client_msg_id: randomUUID(),
    type: 'message',
    text,
    user,
    ts,
    thread_ts: threadTs,
    parent_user_id: FAKE_BOT_USER,
    team: FAKE_TEAM,
    channel: TEST_CHANNEL,
    event_ts: ts,
    channel_type: 'channel',
    ...overrides,
  };
  return envelope(event, envelopeOverrides);
}

export interface AppHomeOpenedEvent {
  type: 'app_home_opened';
  user: string;
  channel: string;
  tab: 'home' | 'messages';
  event_ts: string;
  view?: unknown;
}

export function appHomeOpened(overrides: Partial<AppHomeOpenedEvent> = {}) {
  const user = overrides.user ?? TEST_USER;
  return envelope<AppHomeOpenedEvent>({
    type: 'app_home_opened',
    user,
    channel: dmChannelOf(user),
    tab: 'home',
    event_ts: `${Math.floor(Date.now() / 1000)}.000100`,
    ...overrides,
  });
}

/** A message as it appears inside a block_actions payload (what the bot posted). */
export interface ActionMessage {
  ts: string;
  text?: string;
  blocks?: unknown[];
}

export interface BlockActionsOptions {
  actionId: string;
  value?: string;
  /** Button label; Slack echoes the button's text. */
  label?: string;
  user?: string;
  /** The message the button was on; omit for a Home tab button. */
  message?: ActionMessage;
  channel?: string;
  ephemeral?: boolean;
  responseUrl?: string;
  blockId?: string;
}

export function blockActions(o: BlockActionsOptions) {
  const user = o.user ?? TEST_USER;
  const channel = o.channel ?? dmChannelOf(user);
  const now = `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;
  const fromMessage = Boolean(o.message);
  return {
    type: 'block_actions',
    user: { id: user, username: 'jiwoo', name: 'jiwoo', team_id: FAKE_TEAM },
    api_app_id: FAKE_APP_ID,
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    container: fromMessage
      ? { type: 'message', message_ts: o.message!.ts, channel_id: channel, is_ephemeral: Boolean(o.ephemeral) }
      : { type: 'view', view_id: 'V0FDEHOME1' },
    trigger_id: `${Date.now()}.1234567890.${nextId('t')}`,
    team: { id: FAKE_TEAM, domain: 'fde-test' },
    enterprise: null,
    is_enterprise_install: false,
    ...(fromMessage
      ? {
          channel: { id: channel, name: 'directmessage' },
          message: { type: 'message', user: FAKE_BOT_USER, ts: o.message!.ts, bot_id: 'B0FDEBOT1', text: o.message!.text ?? '', blocks: o.message!.blocks ?? [], team: FAKE_TEAM },
          response_url: o.responseUrl ?? 'https://hooks.slack.com/actions/T0FDE0001/1234567890/abcdef',
        }
      : { view: { id: 'V0FDEHOME1', type: 'home', blocks: [] } }),
    state: { values: {} },
    actions: [
      {
        action_id: o.actionId,
        block_id: o.blockId ?? 'b1',
        text: { type: 'plain_text', text: o.label ?? o.actionId, emoji: true },
        value: o.value ?? '',
        type: 'button',
        action_ts: now,
      },
    ],
  };
}

export interface ViewSubmissionOptions {
  callbackId: string;
  /** state.values: block_id -> action_id -> { type, value }. */
  values: Record<string, Record<string, { type: string; value?: string | null }>>;
  privateMetadata?: string;
  user?: string;
  viewId?: string;
}

/** A view_submission payload: https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload */
export function viewSubmission(o: ViewSubmissionOptions) {
  const user = o.user ?? TEST_USER;
  return {
    type: 'view_submission',
    team: { id: FAKE_TEAM, domain: 'fde-test' },
    user: { id: user, username: 'jiwoo', name: 'jiwoo', team_id: FAKE_TEAM },
    api_app_id: FAKE_APP_ID,
    token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    trigger_id: `${Date.now()}.1234567890.${nextId('t')}`,
    view: {
      id: o.viewId ?? nextId('V'),
      team_id: FAKE_TEAM,
      type: 'modal',
      blocks: [],
      private_metadata: o.privateMetadata ?? '',
      callback_id: o.callbackId,
      state: { values: o.values },
      hash: '156772938.1827394',
      title: { type: 'plain_text', text: 'Daily prompt', emoji: true },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
      previous_view_id: null,
      root_view_id: null,
      app_id: FAKE_APP_ID,
      external_id: '',
      app_installed_team_id: FAKE_TEAM,
      bot_id: 'B0FDEBOT1',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** Form body of a slash command. */
export function formBody(fields: object): string {
  const pairs: [string, string][] = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, String(v)]);
  return new URLSearchParams(pairs).toString();
}

/** Form body of an interaction: a single `payload` field holding JSON. */
export function interactionBody(payload: object): string {
  return formBody({ payload: JSON.stringify(payload) });
}

/** Slack's v0 signature headers for a body. */
export function signRequest(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}

export interface SignedRequest {
  body: string;
  contentType: 'application/json' | 'application/x-www-form-urlencoded';
  secret?: string;
  timestamp?: number;
  /** Overrides the computed signature (to send a bad one). */
  signature?: string;
  headers?: Record<string, string>;
  agent?: Agent | false;
}

export interface SignedResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** POSTs a signed request to the app (default secret TEST_SIGNING_SECRET). */
export function postSigned(url: string, r: SignedRequest): Promise<SignedResponse> {
  const signed = signRequest(r.secret ?? TEST_SIGNING_SECRET, r.body, r.timestamp);
  if (r.signature) signed['x-slack-signature'] = r.signature;
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        agent: r.agent ?? false,
        headers: { 'content-type': r.contentType, 'content-length': Buffer.byteLength(r.body), ...signed, ...r.headers },
      },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

export const asCommand = (p: SlashCommandPayload): SignedRequest => ({ body: formBody(p), contentType: 'application/x-www-form-urlencoded' });
export const asEvent = (e: object): SignedRequest => ({ body: JSON.stringify(e), contentType: 'application/json' });
export const asAction = (p: object): SignedRequest => ({ body: interactionBody(p), contentType: 'application/x-www-form-urlencoded' });
