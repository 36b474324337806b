/**
 * A local stand-in for Slack's Web API (and response_url, and the Socket Mode WebSocket) on
 * 127.0.0.1. Point Bolt at it with clientOptions.slackApiUrl (SLACK_API_URL). It records every
 * call and answers like Slack: chat.postMessage returns ts and channel, conversations.open a DM
 * id, chat.update refuses an unknown ts, and Block Kit limits are enforced (invalid_blocks), so a
 * renderer that breaks a limit fails the test the way it would fail in production.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const FAKE_TEAM = 'T0FDE0001';
export const FAKE_BOT_USER = 'U0FDEBOT1';
export const FAKE_BOT_ID = 'B0FDEBOT1';
export const FAKE_APP_ID = 'A0FDE0001';

/** One recorded request. */
export interface SlackCall {
  /** Web API method ("chat.postMessage"), or "response_url" for posts to a response URL. */
  method: string;
  /** Arguments as Slack would read them: form fields, with JSON fields (blocks, view) parsed. */
  args: Record<string, unknown>;
  /** The bearer token the caller used, if any. */
  token?: string;
  /** For response_url posts: the id in /response/<id>. */
  responseId?: string;
  /** What the fake answered (ok, ts, channel...). */
  response?: Record<string, unknown>;
  at: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  ephemeral?: boolean;
  user?: string;
}

type Handler = (args: Record<string, unknown>, call: SlackCall) => Record<string, unknown>;

interface Failure {
  method: string;
  error: string;
  times: number;
  status?: number;
}

const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'];

// Block payloads are arbitrary JSON from the app under test; the checks below read them loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function limitsProblem(blocks: unknown, maxBlocks: number): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  if (blocks.length > maxBlocks) return `no more than ${maxBlocks} items allowed [json-pointer:/blocks]`;
  const blockIds = new Set<string>();
  for (const [i, b] of blocks.entries()) {
    const block = b as Record<string, Json>;
    if (block.block_id) {
      if (blockIds.has(block.block_id)) return `duplicate block_id [json-pointer:/blocks/${i}/block_id]`;
      blockIds.add(block.block_id);
      if (String(block.block_id).length > 255) return `block_id too long [json-pointer:/blocks/${i}]`;
    }
    switch (block.type) {
      case 'header':
        if (block.text?.type !== 'plain_text') return `header needs plain_text [json-pointer:/blocks/${i}]`;
        if (String(block.text.text).length > 150) return `must be less than 151 characters [json-pointer:/blocks/${i}/text]`;
        break;
      case 'section':
        if (!block.text && !block.fields) return `section needs text or fields [json-pointer:/blocks/${i}]`;
        if (block.text && (String(block.text.text).length > 3000 || String(block.text.text).length < 1))
          return `must be between 1 and 3000 characters [json-pointer:/blocks/${i}/text]`;
        if (block.fields && (block.fields.length > 10 || block.fields.some((f: Json) => String(f.text).length > 2000)))
          return `fields too long [json-pointer:/blocks/${i}/fields]`;
        if (block.accessory?.type === 'button' && String(block.accessory.text?.text).length > 75)
          return `must be less than 76 characters [json-pointer:/blocks/${i}/accessory/text]`;
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 10)
          return `context needs 1 to 10 elements [json-pointer:/blocks/${i}/elements]`;
        if (block.elements.some((e: Json) => String(e.text).length > 3000)) return `context text too long [json-pointer:/blocks/${i}]`;
        break;
      case 'actions': {
        if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 25)
          return `actions needs 1 to 25 elements [json-pointer:/blocks/${i}/elements]`;
        const ids = new Set<string>();
        for (const [j, e] of block.elements.entries()) {
          if (String(e.text?.text ?? '').length > 75) return `must be less than 76 characters [json-pointer:/blocks/${i}/elements/${j}/text]`;
          if (String(e.value ?? '').length > 2000) return `value too long [json-pointer:/blocks/${i}/elements/${j}/value]`;
          if (e.action_id) {
            if (ids.has(e.action_id)) return `duplicate action_id [json-pointer:/blocks/${i}/elements/${j}/action_id]`;
            ids.add(e.action_id);
          }
        }
        break;
      }
      case 'divider':
        break;
      case 'input': {
        // Modals only (views.open / views.update); https://docs.slack.dev/reference/block-kit/blocks/input-block
        if (block.label?.type !== 'plain_text' || !String(block.label.text ?? '').length || String(block.label.text).length > 2000)
          return `input needs a plain_text label of 1 to 2000 characters [json-pointer:/blocks/${i}/label]`;
        const el = block.element ?? {};
        if (el.type !== 'plain_text_input') return `unsupported input element ${String(el.type)} [json-pointer:/blocks/${i}/element]`;
        if (el.max_length !== undefined && (el.max_length < 1 || el.max_length > 3000))
          return `max_length must be between 1 and 3000 [json-pointer:/blocks/${i}/element/max_length]`;
        if (el.placeholder && String(el.placeholder.text).length > 150) return `placeholder too long [json-pointer:/blocks/${i}/element/placeholder]`;
        break;
      }
      default:
        return `unsupported block type ${String(block.type)} [json-pointer:/blocks/${i}]`;
    }
  }
  return undefined;
}

/** A minimal WebSocket server side (RFC 6455) for Socket Mode: text frames, ping/pong, close. */
class FakeSocket {
  private buffer = Buffer.alloc(0);
  private closed = false;
  constructor(
    readonly socket: Socket,
    private readonly onText: (text: string) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
    });
  }

  send(text: string, opcode = 0x1): void {
    if (this.closed) return;
    const payload = Buffer.from(text);
    let head: Buffer;
    if (payload.length < 126) head = Buffer.from([0x80 | opcode, payload.length]);
    else if (payload.length < 65536) {
      head = Buffer.alloc(4);
      head[0] = 0x80 | opcode;
      head[1] = 126;
      head.writeUInt16BE(payload.length, 2);
    } else {
      head = Buffer.alloc(10);
      head[0] = 0x80 | opcode;
      head[1] = 127;
      head.writeBigUInt64BE(BigInt(payload.length), 2);
    }
    this.socket.write(Buffer.concat([head, payload]));
  }

  close(): void {
    if (this.closed) return;
    this.send('', 0x8);
    this.closed = true;
    this.socket.end();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const opcode = this.buffer[0]! & 0x0f;
      const masked = (this.buffer[1]! & 0x80) !== 0;
      let len = this.buffer[1]! & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.buffer.length < 4) return;
        len = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (this.buffer.length < 10) return;
        len = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const maskLen = masked ? 4 : 0;
      if (this.buffer.length < offset + maskLen + len) return;
      const mask = this.buffer.subarray(offset, offset + maskLen);
      const payload = Buffer.from(this.buffer.subarray(offset + maskLen, offset + maskLen + len));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
      this.buffer = this.buffer.subarray(offset + maskLen + len);
      if (opcode === 0x1) this.onText(payload.toString('utf8'));
      else if (opcode === 0x8) {
        if (!this.closed) {
          this.socket.write(Buffer.from([0x88, 0x00]));
          this.closed = true;
        }
        this.socket.end();
        return;
      } else if (opcode === 0x9) this.send(payload.toString('utf8'), 0xa);
    }
  }
}

export interface FakeSlack {
  /** Base Web API URL, e.g. http://127.0.0.1:1234/api/ (what SLACK_API_URL is set to). */
  readonly apiUrl: string;
  readonly origin: string;
  /** A response_url that posts back into this fake. */
  responseUrl(id?: string): string;
  /** Every call so far, optionally only one method's. */
  calls(method?: string): SlackCall[];
  /** Messages as Slack would hold them after posts and updates. */
  messages(channel?: string): StoredMessage[];
  /** Makes the next `times` calls of a method fail with {ok:false, error} (or an HTTP status). */
  failNext(method: string, error: string, times?: number, status?: number): void;
  /** Replaces the answer for a method. */
  on(method: string, handler: Handler): void;
  /** Sets fields users.info returns for a person (is_admin, is_owner, is_primary_owner, profile...). */
  setUser(id: string, fields: Record<string, unknown>): void;
  /** Reactions added so far (reactions.add), in order. */
  reactions(): { channel: string; timestamp: string; name: string }[];
  /** Resolves with the calls once predicate(calls) is truthy; rejects after timeoutMs with what was seen. */
  waitFor(predicate: (calls: SlackCall[]) => boolean, timeoutMs?: number): Promise<SlackCall[]>;
  /** Forgets recorded calls (not messages). */
  clearCalls(): void;
  socketMode: {
    /** Resolves when a Socket Mode client is connected and greeted. */
    connected(): Promise<void>;
    /** Sends an envelope; resolves with the payload the client acknowledged it with. */
    send(type: string, payload: unknown, extra?: Record<string, unknown>): Promise<unknown>;
  };
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const messages: StoredMessage[] = [];
  const failures: Failure[] = [];
  const handlers = new Map<string, Handler>();
  const userFields = new Map<string, Record<string, unknown>>();
  const reactions: { channel: string; timestamp: string; name: string }[] = [];
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  let tsCounter = 0;
  let viewCounter = 0;
  const nextTs = () => `1700000000.${String(++tsCounter).padStart(6, '0')}`;
  const dmFor = (user: string) => `D${user.replace(/^U/, '')}`;
  const sockets: FakeSocket[] = [];
  const pendingAcks = new Map<string, (payload: unknown) => void>();
  let envelopeCounter = 0;
  const connectedWaiters: (() => void)[] = [];
  let origin = '';

  const record = (call: SlackCall) => {
    calls.push(call);
    emitter.emit('call');
  };

  const builtIn: Record<string, Handler> = {
    'auth.test': () => ({ url: 'https://fde-test.slack.com/', team: 'FDE Test', user: 'fde-coach', team_id: FAKE_TEAM, user_id: FAKE_BOT_USER, bot_id: FAKE_BOT_ID, is_enterprise_install: false }),
    'conversations.open': (args) => {
      const users = String(args.users ?? '');
      if (!users) return { ok: false, error: 'users_list_not_supplied' };
      if (users.includes(',')) return { ok: false, error: 'not_allowed_token_type' };
      return { no_op: true, already_open: true, channel: { id: dmFor(users) } };
    },
    'chat.postMessage': (args) => {
      const channel = String(args.channel ?? '');
      if (!channel) return { ok: false, error: 'channel_not_found' };
      if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
      const problem = limitsProblem(args.blocks, 50);
      if (problem) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: [`[ERROR] ${problem}`] } };
      const ts = nextTs();
      const msg: StoredMessage = { channel, ts, text: args.text as string, blocks: args.blocks as unknown[] };
      if (args.thread_ts) msg.thread_ts = String(args.thread_ts);
      messages.push(msg);
      return { channel, ts, message: { type: 'message', bot_id: FAKE_BOT_ID, user: FAKE_BOT_USER, ts, text: args.text, blocks: args.blocks } };
    },
    'chat.update': (args) => {
      const msg = messages.find((m) => m.channel === args.channel && m.ts === args.ts && !m.ephemeral);
      if (!msg) return { ok: false, error: 'message_not_found' };
      const problem = limitsProblem(args.blocks, 50);
      if (problem) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: [`[ERROR] ${problem}`] } };
      msg.text = args.text as string;
      if (args.blocks !== undefined) msg.blocks = args.blocks as unknown[];
      return { channel: msg.channel, ts: msg.ts, text: msg.text, message: { text: msg.text, blocks: msg.blocks } };
    },
    'chat.delete': (args) => {
      const i = messages.findIndex((m) => m.channel === args.channel && m.ts === args.ts);
      if (i < 0) return { ok: false, error: 'message_not_found' };
      messages.splice(i, 1);
      return { channel: args.channel, ts: args.ts };
    },
    'chat.postEphemeral': (args) => {
      if (!args.channel) return { ok: false, error: 'channel_not_found' };
      if (!args.user) return { ok: false, error: 'user_not_in_channel' };
      const problem = limitsProblem(args.blocks, 50);
      if (problem) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: [`[ERROR] ${problem}`] } };
      const ts = nextTs();
      messages.push({ channel: String(args.channel), ts, text: args.text as string, blocks: args.blocks as unknown[], ephemeral: true, user: String(args.user) });
      return { message_ts: ts };
    },
    'views.publish': (args) => {
      const view = args.view as { type?: string; blocks?: unknown[] } | undefined;
      if (!args.user_id || !view) return { ok: false, error: 'invalid_arguments' };
      if (view.type !== 'home') return { ok: false, error: 'invalid_arguments' };
      const problem = limitsProblem(view.blocks, 100);
      if (problem) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: [`[ERROR] ${problem}`] } };
      return { view: { id: `V${String(++viewCounter).padStart(8, '0')}`, team_id: FAKE_TEAM, type: 'home', blocks: view.blocks } };
    },
    'views.open': (args) => {
      const view = args.view as Json;
      if (!args.trigger_id || !view) return { ok: false, error: 'invalid_arguments' };
      // https://docs.slack.dev/reference/views/modal-views: title, submit and close at most 24 characters.
      if (view.type !== 'modal') return { ok: false, error: 'invalid_arguments' };
      for (const f of ['title', 'submit', 'close'])
        if (view[f] !== undefined && (view[f].type !== 'plain_text' || String(view[f].text).length > 24 || !String(view[f].text).length))
          return { ok: false, error: 'invalid_arguments', response_metadata: { messages: [`[ERROR] must be 1 to 24 characters [json-pointer:/view/${f}/text]`] } };
      if (!view.title) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: title'] } };
      if ((view.blocks ?? []).some((b: Json) => b.type === 'input') && !view.submit)
        return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] a view with inputs needs submit'] } };
      if (String(view.private_metadata ?? '').length > 3000) return { ok: false, error: 'invalid_arguments' };
      const problem = limitsProblem(view.blocks, 100);
      if (problem) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: [`[ERROR] ${problem}`] } };
      return { view: { id: `V${String(++viewCounter).padStart(8, '0')}`, team_id: FAKE_TEAM, type: view.type, blocks: view.blocks } };
    },
    'users.info': (args) => {
      const id = String(args.user ?? '');
      if (!id) return { ok: false, error: 'user_not_found' };
      const name = `user-${id.toLowerCase()}`;
      return {
        user: {
          id,
          team_id: FAKE_TEAM,
          name,
          real_name: `Person ${id}`,
          is_bot: false,
          is_admin: false,
          is_owner: false,
          is_primary_owner: false,
          tz: 'Asia/Seoul',
          profile: { display_name: `Display ${id}`, real_name: `Person ${id}` },
          ...userFields.get(id),
        },
      };
    },
    'reactions.add': (args) => {
      if (!args.channel || !args.timestamp || !args.name) return { ok: false, error: 'invalid_arguments' };
      const r = { channel: String(args.channel), timestamp: String(args.timestamp), name: String(args.name) };
      if (reactions.some((x) => x.channel === r.channel && x.timestamp === r.timestamp && x.name === r.name)) return { ok: false, error: 'already_reacted' };
      reactions.push(r);
      return {};
    },
    'apps.connections.open': (_args, call) => {
      if (!call.token?.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
      return { url: `${origin.replace(/^http/, 'ws')}/socket?ticket=fake` };
    },
  };

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
      req.on('error', reject);
    });

  const parseArgs = (raw: string, contentType: string | undefined): Record<string, unknown> => {
    if (!raw) return {};
    if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
    const args: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
    for (const f of JSON_FIELDS) {
      if (typeof args[f] === 'string') {
        try {
          args[f] = JSON.parse(args[f] as string);
        } catch {
          // Slack would reject it too; leave the string so the assertion shows it.
        }
      }
    }
    return args;
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(req);
      if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
        const call: SlackCall = { method: 'response_url', args: parseArgs(raw, 'application/json'), responseId: url.pathname.slice('/response/'.length), at: Date.now() };
        record(call);
        return reply(res, 200, { ok: true });
      }
      const m = /^\/api\/([\w.]+)$/.exec(url.pathname);
      if (!m) return reply(res, 404, { ok: false, error: 'unknown_method' });
      const method = m[1]!;
      const auth = req.headers.authorization;
      const args = parseArgs(raw, req.headers['content-type']);
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
      delete args.token;
      const call: SlackCall = { method, args, token, at: Date.now() };
      const failure = failures.find((f) => f.method === method);
      if (failure) {
        failure.times -= 1;
        if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
        call.response = { ok: false, error: failure.error };
        record(call);
        if (failure.status) return reply(res, failure.status, call.response);
        return reply(res, 200, call.response);
      }
      if (!token) {
        record(call);
        return reply(res, 200, { ok: false, error: 'not_authed' });
      }
      const handler = handlers.get(method) ?? builtIn[method];
      const result = handler ? handler(args, call) : {};
      const ok = result.ok !== false;
      call.response = { ok, ...result };
      record(call);
      return reply(res, 200, call.response);
    })().catch((err: unknown) => reply(res, 500, { ok: false, error: String(err) }));
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    const key = req.headers['sec-websocket-key'];
    if (!req.url?.startsWith('/socket') || typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      ['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'),
    );
    const ws = new FakeSocket(socket, (text) => {
      const msg = JSON.parse(text) as { envelope_id?: string; payload?: unknown };
      if (msg.envelope_id) {
        record({ method: 'socket_ack', args: msg as Record<string, unknown>, at: Date.now() });
        pendingAcks.get(msg.envelope_id)?.(msg.payload);
        pendingAcks.delete(msg.envelope_id);
      }
    });
    sockets.push(ws);
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack', approximate_connection_time: 18060 }, connection_info: { app_id: FAKE_APP_ID } }));
    for (const w of connectedWaiters.splice(0)) w();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake: FakeSlack = {
    apiUrl: `${origin}/api/`,
    origin,
    responseUrl: (id = `R${Math.random().toString(36).slice(2, 10)}`) => `${origin}/response/${id}`,
    calls: (method) => (method ? calls.filter((c) => c.method === method) : [...calls]),
    messages: (channel) => (channel ? messages.filter((m) => m.channel === channel) : [...messages]),
    failNext: (method, error, times = 1, status) => void failures.push({ method, error, times, status }),
    on: (method, handler) => void handlers.set(method, handler),
    setUser: (id, fields) => void userFields.set(id, { ...userFields.get(id), ...fields }),
    reactions: () => [...reactions],
    clearCalls: () => void calls.splice(0),
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        if (predicate(calls)) return resolve([...calls]);
        const check = () => {
          if (!predicate(calls)) return;
          cleanup();
          resolve([...calls]);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake Slack: condition not met within ${timeoutMs} ms; calls so far: ${calls.map((c) => c.method).join(', ') || '(none)'}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          emitter.off('call', check);
        };
        emitter.on('call', check);
      });
    },
    socketMode: {
      connected: () => (sockets.length ? Promise.resolve() : new Promise<void>((resolve) => connectedWaiters.push(resolve))),
      send(type, payload, extra = {}) {
        const ws = sockets[sockets.length - 1];
        if (!ws) return Promise.reject(new Error('no Socket Mode client connected'));
        const envelopeId = `env-${++envelopeCounter}`;
        const acked = new Promise<unknown>((resolve) => pendingAcks.set(envelopeId, resolve));
        ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', ...extra }));
        return acked;
      },
    },
    async close() {
      for (const ws of sockets) ws.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
