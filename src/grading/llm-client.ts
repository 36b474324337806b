/**
 * One structured call to an OpenAI-compatible Chat Completions endpoint, made robust: a slot from
 * the concurrency cap, a per-attempt timeout, bounded retries with short backoff, and validation of
 * the output with zod. It never throws for a model failure: it returns { ok: false, reason } and
 * the grader decides what to do (fall back to the offline grader).
 *
 * It also learns what the server does not support, per client, and stops sending it:
 * - `response_format: json_schema` rejected (400 naming response_format/json_schema): switch to
 *   `json_object` with the schema in the prompt, and re-validate the result with the same schema;
 * - `temperature` rejected (reasoning models accept only the default): stop sending it;
 * - `max_tokens` / `max_completion_tokens` rejected: use the other one.
 * These switches are retried at once and do not count as attempts.
 */
import type OpenAI from 'openai';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  ContentFilterFinishReasonError,
  LengthFinishReasonError,
} from 'openai/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import type { Logger } from '../core/ports';
import { Semaphore } from './llm-semaphore';
import { withSchemaInPrompt, type ChatMessage, type PromptTemplates } from './llm-prompts';

export type ResponseFormatMode = 'json_schema' | 'json_object';
export type TokenParam = 'max_tokens' | 'max_completion_tokens';

/** What a server accepts, learned from its 400s; shared by every call through one client. */
export interface Compat {
  responseFormat: ResponseFormatMode;
  temperature: boolean;
  tokenParam: TokenParam;
}

export interface ModelClientOptions {
  /** The SDK client (its own retries are turned off: retries happen here, with injectable backoff). */
  client: OpenAI;
  model: string;
  templates: PromptTemplates;
  /** Per attempt, covering the whole response (headers and body). */
  timeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  maxConcurrency: number;
  /**
   * How long a call may wait for a free slot before it gives up as "busy" (default: timeoutMs), so
   * a burst of gradings falls back to the offline grader instead of outwaiting the coach.
   */
  queueTimeoutMs?: number;
  /** Wait before retry number `attempt` (1-based); retryAfterMs is the server's Retry-After, if any. */
  backoffMs?: (attempt: number, retryAfterMs?: number) => number;
  /** Which token-limit parameter to send first. */
  tokenParam?: TokenParam;
  temperature?: number;
  log?: Logger;
  now?: () => number;
}

export interface CallSpec<T> {
  /** For logs: grade, probe, persona. */
  purpose: string;
  messages: readonly ChatMessage[];
  schema: z.ZodType<T>;
  /** The json_schema name (a-z, 0-9, _ and -). */
  schemaName: string;
  maxTokens: number;
  signal?: AbortSignal;
}

export interface CallUsage {
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
}

interface CallBase {
  attempts: number;
  latencyMs: number;
  /** Summed over every attempt that reported usage (failed attempts cost tokens too). */
  usage: CallUsage;
  /** The model the server says answered, else the configured one. */
  model: string;
  responseFormat: ResponseFormatMode;
}
export type CallResult<T> = (CallBase & { ok: true; value: T }) | (CallBase & { ok: false; reason: string });

const MAX_BACKOFF_MS = 2_000;

/** 250 ms, 500 ms, 1 s, 2 s... with jitter, capped at 2 s; Retry-After is honoured up to the cap. */
export function defaultBackoffMs(attempt: number, retryAfterMs?: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 250 * 2 ** (attempt - 1));
  const jittered = base / 2 + Math.random() * (base / 2);
  return Math.min(MAX_BACKOFF_MS, Math.max(jittered, retryAfterMs ?? 0));
}

/** A failure of one attempt, classified. */
interface Failure {
  reason: string;
  retryable: boolean;
  retryAfterMs?: number;
  /** A capability the server rejected; switching it and trying again may succeed at once. */
  adjust?: 'json_object' | 'no-temperature' | 'token-param';
  /** What the failed attempt sent, so concurrent attempts that fail alike adjust idempotently. */
  sent?: Compat;
  /** The attempt ended because the output was cut off: give the next one more room. */
  truncated?: boolean;
}

class OutputError extends Error {
  constructor(
    readonly reason: string,
    readonly truncated = false,
  ) {
    super(reason);
  }
}

function retryAfter(headers: Headers | undefined): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const s = headers?.get('retry-after');
  if (!s) return undefined;
  if (Number.isFinite(Number(s))) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

function apiMessage(err: APIError): string {
  const e = err.error as { message?: unknown; param?: unknown } | undefined;
  return [err.message, typeof e?.message === 'string' ? e.message : '', typeof e?.param === 'string' ? e.param : ''].join(' ');
}

/** Socket-level codes that mean the connection broke, not that the server said no. */
const BROKEN_CONNECTION = /^(UND_ERR_(SOCKET|CLOSED|BODY_TIMEOUT|ABORTED)|ECONNRESET|EPIPE|ECONNABORTED|ETIMEDOUT|ERR_STREAM_PREMATURE_CLOSE)$/;

/**
 * A response that broke off while its body was being read. fetch (undici) reports it as a bare
 * `TypeError: terminated` whose cause is the socket error; the SDK passes it through unwrapped
 * because the headers had already arrived. As transient as a 500.
 */
function isCutOff(err: unknown): boolean {
  // Duck-typed: the error comes from Node's own fetch, whose classes are not this realm's under
  // test runners that sandbox globals.
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: unknown; message?: unknown; code?: unknown; cause?: { code?: unknown } };
  const code = typeof e.cause?.code === 'string' ? e.cause.code : e.code;
  if (typeof code === 'string' && BROKEN_CONNECTION.test(code)) return true;
  return e.name === 'TypeError' && e.message === 'terminated';
}

/** Classifies a failed attempt; `compat` is what that attempt sent. */
function classify(err: unknown, compat: Compat, timedOut: boolean, aborted: boolean): Failure {
  if (timedOut) return { reason: 'timeout', retryable: true };
  if (aborted) return { reason: 'aborted', retryable: false };
  if (err instanceof OutputError) return { reason: err.reason, retryable: true, truncated: err.truncated };
  if (err instanceof APIConnectionTimeoutError) return { reason: 'timeout', retryable: true };
  if (err instanceof APIUserAbortError) return { reason: 'aborted', retryable: false };
  if (err instanceof APIConnectionError) return { reason: 'connection error', retryable: true };
  if (isCutOff(err)) return { reason: 'response cut off', retryable: true };
  if (err instanceof APIError) {
    const status = err.status;
    const msg = apiMessage(err);
    if (status === 400 || status === 422) {
      if (compat.responseFormat === 'json_schema' && /response_format|json_schema/i.test(msg))
        return { reason: `json_schema not supported (${status})`, retryable: false, adjust: 'json_object' };
      if (compat.temperature && /temperature/i.test(msg))
        return { reason: `temperature not supported (${status})`, retryable: false, adjust: 'no-temperature' };
      if (/max_(completion_)?tokens/i.test(msg))
        return { reason: `${compat.tokenParam} not supported (${status})`, retryable: false, adjust: 'token-param' };
    }
    if (status === 429) return { reason: 'rate limited (429)', retryable: true, retryAfterMs: retryAfter(err.headers) };
    if (status !== undefined && status >= 500) return { reason: `server error (${status})`, retryable: true };
    if (status === 408 || status === 409) return { reason: `server error (${status})`, retryable: true };
    return { reason: `rejected by the server (${status ?? 'no status'})`, retryable: false };
  }
  if (err instanceof LengthFinishReasonError) return { reason: 'truncated output', retryable: true, truncated: true };
  if (err instanceof ContentFilterFinishReasonError) return { reason: 'refusal (content filter)', retryable: true };
  // The SDK's zod helper throws whatever ZodError class the schema's own parse uses.
  if (err instanceof SyntaxError || err instanceof z.ZodError || (err as Error)?.name === 'ZodError')
    return { reason: 'invalid output', retryable: true };
  return { reason: `unexpected error (${(err as Error)?.name ?? typeof err})`, retryable: false };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** JSON from a json_object reply, tolerating code fences or prose around the object. */
function parseLooseJson(content: string): unknown {
  const trimmed = content.trim().replace(/^```(?:json)?\s*/i, '').replace(/```$/, '').trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    const start = trimmed.indexOf('{');
    const end = trimmed.lastIndexOf('}');
    if (start >= 0 && end > start) return JSON.parse(trimmed.slice(start, end + 1));
    throw new SyntaxError('reply is not JSON');
  }
}

export class ModelClient {
  readonly compat: Compat;
  readonly semaphore: Semaphore;
  private readonly backoffMs: (attempt: number, retryAfterMs?: number) => number;
  private readonly now: () => number;
  private readonly formats = new WeakMap<z.ZodType, Map<string, ReturnType<typeof zodResponseFormat>>>();

  constructor(private readonly opts: ModelClientOptions) {
    this.compat = { responseFormat: 'json_schema', temperature: true, tokenParam: opts.tokenParam ?? 'max_completion_tokens' };
    this.semaphore = new Semaphore(opts.maxConcurrency);
    this.backoffMs = opts.backoffMs ?? defaultBackoffMs;
    this.now = opts.now ?? Date.now;
  }

  get model(): string {
    return this.opts.model;
  }

  /** Calls the model until it returns valid output, the retries run out, or the caller aborts. */
  async call<T>(spec: CallSpec<T>): Promise<CallResult<T>> {
    const started = this.now();
    const usage: CallUsage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0 };
    const maxAttempts = this.opts.maxRetries + 1;
    let model = this.opts.model;
    let attempts = 0;
    let adjustments = 0;
    let maxTokens = spec.maxTokens;
    const log = this.opts.log;
    const base = () => ({ attempts, latencyMs: this.now() - started, usage, model, responseFormat: this.compat.responseFormat });

    for (;;) {
      if (spec.signal?.aborted) return { ...base(), ok: false, reason: `aborted after ${attempts} attempt${attempts === 1 ? '' : 's'}` };
      attempts++;
      const out = await this.attempt(spec, maxTokens, usage);
      if (out.ok) {
        model = out.model || model;
        return { ...base(), ok: true, value: out.value };
      }
      const failure = out.failure;
      if (failure.adjust && adjustments < 3) {
        adjustments++;
        attempts--;
        this.adjust(failure.adjust, failure.sent ?? this.compat);
        log?.warn({ purpose: spec.purpose, reason: failure.reason, compat: { ...this.compat } }, 'model server rejected a parameter; adapting');
        continue;
      }
      const plural = attempts === 1 ? '' : 's';
      if (!failure.retryable || attempts >= maxAttempts)
        return { ...base(), ok: false, reason: `${failure.reason} after ${attempts} attempt${plural}` };
      if (failure.truncated) maxTokens = Math.ceil(maxTokens * 1.5);
      const wait = this.backoffMs(attempts, failure.retryAfterMs);
      log?.warn({ purpose: spec.purpose, attempt: attempts, reason: failure.reason, waitMs: Math.round(wait) }, 'model call failed; retrying');
      await sleep(wait, spec.signal);
    }
  }

  private adjust(kind: NonNullable<Failure['adjust']>, sent: Compat): void {
    if (kind === 'json_object') this.compat.responseFormat = 'json_object';
    else if (kind === 'no-temperature') this.compat.temperature = false;
    else this.compat.tokenParam = sent.tokenParam === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
  }

  private responseFormat<T>(spec: CallSpec<T>) {
    let byName = this.formats.get(spec.schema);
    if (!byName) this.formats.set(spec.schema, (byName = new Map()));
    let rf = byName.get(spec.schemaName);
    if (!rf) byName.set(spec.schemaName, (rf = zodResponseFormat(spec.schema, spec.schemaName)));
    return rf;
  }

  /** One HTTP call holding a concurrency slot; every problem comes back as a classified failure. */
  private async attempt<T>(
    spec: CallSpec<T>,
    maxTokens: number,
    usage: CallUsage,
  ): Promise<{ ok: true; value: T; model: string } | { ok: false; failure: Failure }> {
    let release: () => void;
    const waited = new AbortController();
    const queueTimeoutMs = this.opts.queueTimeoutMs ?? this.opts.timeoutMs;
    const queueTimer = setTimeout(() => waited.abort(), queueTimeoutMs);
    const stopWaiting = () => waited.abort();
    spec.signal?.addEventListener('abort', stopWaiting, { once: true });
    try {
      release = await this.semaphore.acquire(waited.signal);
    } catch {
      if (spec.signal?.aborted) return { ok: false, failure: { reason: 'aborted', retryable: false } };
      return {
        ok: false,
        failure: { reason: `busy (no free model slot within ${queueTimeoutMs} ms)`, retryable: false },
      };
    } finally {
      clearTimeout(queueTimer);
      spec.signal?.removeEventListener('abort', stopWaiting);
    }
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, this.opts.timeoutMs);
    const onAbort = () => ac.abort();
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    const sent: Compat = { ...this.compat };
    try {
      const mode = sent.responseFormat;
      const rf = this.responseFormat(spec);
      const body = {
        model: this.opts.model,
        messages: mode === 'json_schema' ? [...spec.messages] : withSchemaInPrompt(this.opts.templates, spec.messages, rf.json_schema.schema),
        response_format: mode === 'json_schema' ? rf : ({ type: 'json_object' } as const),
        ...(sent.temperature ? { temperature: this.opts.temperature ?? 0 } : {}),
        [sent.tokenParam]: maxTokens,
      };
      const completion = await this.opts.client.chat.completions.parse(body, {
        signal: ac.signal,
        timeout: this.opts.timeoutMs,
        maxRetries: 0,
      });
      usage.promptTokens += completion.usage?.prompt_tokens ?? 0;
      usage.completionTokens += completion.usage?.completion_tokens ?? 0;
      usage.cachedTokens += completion.usage?.prompt_tokens_details?.cached_tokens ?? 0;
      const choice = completion.choices[0];
      if (!choice) throw new OutputError('invalid output (no choices)');
      if (choice.message.refusal) throw new OutputError('refusal');
      const raw = mode === 'json_schema' ? choice.message.parsed : parseLooseJson(choice.message.content ?? '');
      if (raw === null || raw === undefined) throw new OutputError('invalid output (empty)');
      // Re-validated here whatever the SDK did: json_object replies were never checked, and a
      // server may claim json_schema support and ignore it.
      const checked = spec.schema.safeParse(raw);
      if (!checked.success) throw new OutputError('invalid output');
      return { ok: true, value: checked.data, model: completion.model };
    } catch (err) {
      return { ok: false, failure: { ...classify(err, sent, timedOut, Boolean(spec.signal?.aborted)), sent } };
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      release();
    }
  }
}
