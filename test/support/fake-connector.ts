/**
 * A local Bot Framework connector (the service behind an activity's `serviceUrl`) on 127.0.0.1.
 * It records every call the bot makes and answers like the real one:
 *
 *   POST /v3/conversations/:id/activities              send to a conversation (new post / thread)
 *   POST /v3/conversations/:id/activities/:replyToId   reply to an activity
 *   PUT  /v3/conversations/:id/activities/:activityId  update an activity
 *   POST /v3/conversations                             create a conversation (e.g. a personal chat)
 *
 * Responses carry generated ids, so the bot can update what it sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An Adaptive Card as sent: plain JSON. */
export type CardJson = {
  type: string;
  version: string;
  body: Record<string, unknown>[];
  actions?: { type: string; title: string; data?: Record<string, unknown> }[];
  [k: string]: unknown;
};

export interface RecordedActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  /** POST .../activities/:replyToId */
  replyToId?: string;
  /** PUT .../activities/:activityId */
  activityId?: string;
  /** The id the fake returned (POST), or the updated id (PUT). */
  id: string;
  authorization?: string;
  body: {
    type: string;
    text?: string;
    replyToId?: string;
    conversation?: { id: string };
    attachments?: { contentType: string; content: CardJson }[];
    [k: string]: unknown;
  };
}

export interface CreatedConversation {
  id: string;
  body: {
    isGroup?: boolean;
    bot?: { id: string };
    agent?: { id: string };
    members?: { id: string }[];
    tenantId?: string;
    channelData?: { tenant?: { id: string } };
    [k: string]: unknown;
  };
}

export const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** The Adaptive Cards in a recorded activity. */
export function cardsOf(a: RecordedActivity): CardJson[] {
  return (a.body.attachments ?? []).filter((x) => x.contentType === ADAPTIVE).map((x) => x.content);
}

/** Every string in a card, in order (TextBlock text, FactSet titles and values, button titles). */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) if (!['type', '$schema', 'data', 'version'].includes(k)) walk(x);
  };
  walk(card);
  return out.join('\n');
}

export class FakeConnector {
  readonly activities: RecordedActivity[] = [];
  readonly conversations: CreatedConversation[] = [];
  /** Status codes to answer the next calls with (then back to 200). */
  readonly failNext: number[] = [];
  private server?: http.Server;
  private n = 0;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  /** Recorded activities in one conversation (ignoring the ";messageid=" thread suffix when asked). */
  in(conversationId: string, opts: { thread?: boolean } = {}): RecordedActivity[] {
    return this.activities.filter((a) =>
      opts.thread ? a.conversationId.split(';messageid=')[0] === conversationId : a.conversationId === conversationId,
    );
  }

  /** Forgets what was recorded (between steps of a test). */
  clear(): void {
    this.activities.length = 0;
    this.conversations.length = 0;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const fail = this.failNext.shift();
    if (fail) return send(fail, { error: { code: 'ServiceError', message: `fake failure ${fail}` } });
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return send(400, { error: { code: 'BadSyntax', message: 'not JSON' } });
    }
    const path = url.pathname.replace(/\/+$/, '').replace(/^\/+/, '/');
    if (req.method === 'POST' && path === '/v3/conversations') {
      const id = `a:created-${++this.n}`;
      this.conversations.push({ id, body: body as CreatedConversation['body'] });
      return send(201, { id, activityId: '', serviceUrl: this.url });
    }
    const m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
    if (!m || (req.method !== 'POST' && req.method !== 'PUT')) return send(404, { error: { code: 'NotFound', message: path } });
    const conversationId = decodeURIComponent(m[1]!);
    const second = m[2] ? decodeURIComponent(m[2]) : undefined;
    const authorization = req.headers.authorization;
    if (req.method === 'PUT') {
      if (!second) return send(400, { error: { code: 'BadArgument', message: 'missing activity id' } });
      this.activities.push({ method: 'PUT', conversationId, activityId: second, id: second, authorization, body: body as RecordedActivity['body'] });
      return send(200, { id: second });
    }
    const id = `bot-msg-${++this.n}`;
    this.activities.push({ method: 'POST', conversationId, replyToId: second, id, authorization, body: body as RecordedActivity['body'] });
    return send(200, { id });
  }
}
