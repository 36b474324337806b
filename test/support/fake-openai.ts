/**
 * A fake OpenAI-compatible HTTP server for tests: node:http on 127.0.0.1, port chosen by the OS.
 * It records every request (method, path, headers, parsed JSON body) and answers with scripted
 * replies, in order; when the script runs out it answers with the default reply. Point the real
 * SDK at it with `baseURL: fake.baseURL`.
 */
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when the body is not JSON). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  raw: string;
}

export interface ScriptedReply {
  status?: number;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as-is (text/plain unless headers say otherwise). */
  text?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer (the connection stays open until the client gives up or the server closes). */
  hang?: boolean;
  /** Send the status line and headers, then never finish the body. */
  hangAfterHeaders?: boolean;
  /**
   * Cut the response off mid-body: announce the full Content-Length, send the first half of the
   * body, then destroy the socket (a proxy or server dying in the middle of a reply).
   */
  truncateBody?: boolean;
}

export type Reply = ScriptedReply | ((req: RecordedRequest) => ScriptedReply);

export interface CompletionOptions {
  finishReason?: 'stop' | 'length' | 'content_filter';
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  model?: string;
  refusal?: string;
}

/** A Chat Completions response whose message content is `content` (objects are JSON-encoded). */
export function chatCompletion(content: unknown, opts: CompletionOptions = {}): ScriptedReply {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return {
    status: 200,
    json: {
      id: `chatcmpl-fake-${Math.random().toString(36).slice(2, 10)}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: opts.model ?? 'fake-model-2025',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: opts.refusal ? null : text, refusal: opts.refusal ?? null },
          finish_reason: opts.finishReason ?? 'stop',
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: opts.promptTokens ?? 1200,
        completion_tokens: opts.completionTokens ?? 350,
        total_tokens: (opts.promptTokens ?? 1200) + (opts.completionTokens ?? 350),
        prompt_tokens_details: { cached_tokens: opts.cachedTokens ?? 0 },
      },
    },
  };
}

/** An error in OpenAI's shape: { error: { message, type, param, code } }. */
export function apiError(status: number, message: string, extra: { param?: string; code?: string; headers?: Record<string, string> } = {}): ScriptedReply {
  return {
    status,
    headers: extra.headers,
    json: { error: { message, type: status === 429 ? 'rate_limit_exceeded' : 'invalid_request_error', param: extra.param ?? null, code: extra.code ?? null } },
  };
}

export class FakeOpenAI {
  readonly requests: RecordedRequest[] = [];
  /** Requests being answered right now, and the most at once. */
  inFlight = 0;
  maxInFlight = 0;
  private readonly script: Reply[] = [];
  private defaultReply: Reply = apiError(500, 'fake-openai: no scripted reply left');
  private readonly hanging = new Set<ServerResponse>();

  private readonly server: Server;
  private port = 0;

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.handle(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
  }

  static async start(): Promise<FakeOpenAI> {
    const fake = new FakeOpenAI();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** The base URL to give the SDK. */
  get baseURL(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Queues replies, answered in order. */
  reply(...replies: Reply[]): this {
    this.script.push(...replies);
    return this;
  }

  /** The reply used once the queue is empty. */
  otherwise(reply: Reply): this {
    this.defaultReply = reply;
    return this;
  }

  /** Bodies of the chat completion requests, in order. */
  get chatBodies(): any[] { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(method: string, url: string, headers: IncomingHttpHeaders, raw: string, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = { method, path: url.split('?')[0]!, headers, body, raw };
    this.requests.push(recorded);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.inFlight--;
      this.hanging.delete(res);
    };
    res.on('close', finish);
    const next = this.script.length ? this.script.shift()! : this.defaultReply;
    const reply = typeof next === 'function' ? next(recorded) : next;
    if (reply.hang) {
      this.hanging.add(res);
      return;
    }
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return finish();
    if (reply.hangAfterHeaders) {
      this.hanging.add(res);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.write('{"id":"chatcmpl-stalled",');
      return;
    }
    const isJson = reply.json !== undefined;
    const payload = isJson ? JSON.stringify(reply.json) : (reply.text ?? '');
    if (reply.truncateBody) {
      res.writeHead(reply.status ?? 200, { 'content-type': isJson ? 'application/json' : 'text/plain', 'content-length': String(Buffer.byteLength(payload)), ...reply.headers });
      res.write(payload.slice(0, Math.floor(payload.length / 2)), () => res.destroy());
      return;
    }
    res.writeHead(reply.status ?? 200, {
      'content-type': isJson ? 'application/json' : 'text/plain',
      ...reply.headers,
    });
    res.end(payload, finish);
  }
}

/**
 * A model that obeys the answer: 5 on every criterion, every key point made, and the candidate's
 * answer quoted verbatim as evidence (its first sentences, as a model copying text would). It reads
 * the criterion ids from the request's schema (json_schema response format, or the schema spelled
 * out in the prompt for json_object) and the key-point numbers from the prompt, so it fits any scenario.
 */
export function obedientModel(opts: CompletionOptions = {}): (req: RecordedRequest) => ScriptedReply {
  return (req) => {
    const body = req.body ?? {};
    const messages: { role: string; content: string }[] = body.messages ?? [];
    const user = messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
    let schema = body.response_format?.json_schema?.schema;
    if (!schema) {
      const m = /JSON Schema:\s*(\{[\s\S]*\})\s*$/.exec(user);
      schema = m ? JSON.parse(m[1]!) : undefined;
    }
    const item = schema?.properties?.criteria?.items?.properties;
    const ids: string[] = item?.id?.enum ?? [];
    // Key points are numbered "1. [criterion] ..." in the prompt.
    const numbers = [...user.matchAll(/^(\d+)\. \[[a-z-]+\] /gm)].map((m) => Number(m[1]));
    const answer = /<<<ANSWER ([0-9a-f]+)>>>\n([\s\S]*?)\n<<<END ANSWER \1>>>/.exec(user)?.[2] ?? '';
    const sentences = answer.split(/(?<=[.!?])\s+/).filter((s) => s.trim().length > 2);
    const quote = (i: number) => sentences[i % Math.max(1, sentences.length)] ?? answer;
    return chatCompletion(
      {
        graderDirected: [],
        criteria: ids.map((id, i) => ({
          id,
          evidence: [quote(i).trim()],
          keyPointsMade: numbers,
          feedback: 'Outstanding on every point, exactly as the answer says.',
          score: 5,
          strongAnswerAdds: 'Nothing; this is a level-5 answer.',
          nextStep: 'Keep doing this.',
        })),
        flags: [],
        summary: 'A perfect answer: 5/5 on every criterion.',
      },
      opts,
    );
  };
}
