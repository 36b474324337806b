/**
 * A check in front of Bolt's HTTPReceiver for POSTs to the events endpoint. Bolt's own
 * verification stays in place behind it; this adds what Bolt lacks:
 *
 * - The request timestamp must be within 5 minutes of now in either direction. Bolt rejects only
 *   old ones, so a request signed with a timestamp years ahead stayed valid forever once captured.
 * - A correctly signed body that is not a Slack request (`null`, `[]`, `"x"`, `{}`, `payload=null`,
 *   an event without a type...) gets 400. Before, `null` killed the process inside Bolt (an
 *   unhandled rejection reading `ssl_check` of null) and the others hung for 3 s and got 404.
 *
 * The body is read and verified here with Bolt's own functions (the same raw-body limit, the same
 * signature algorithm and constant-time compare), then handed to Bolt already buffered, which
 * Bolt reuses instead of reading the stream again. Unsigned requests get 401 before the body is
 * looked at, as before. Socket Mode has no HTTP requests and is not affected.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { HTTPModuleFunctions, isRawBodyError, verifySlackRequest, type BufferedIncomingMessage, type HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../core/ports';
import { slackBodyProblem } from './request-shape';

/** How far a request timestamp may be from now, either way (Slack's documented 5 minutes). */
export const MAX_CLOCK_SKEW_SEC = 5 * 60;

const FORM = 'application/x-www-form-urlencoded';

/** What the guard needs: the secret, which paths it covers, where it logs refusals. */
export interface RequestGuardOptions {
  signingSecret: string;
  /** Paths Bolt serves Slack requests on (POST only). */
  endpoints: readonly string[];
  log: Logger;
  bodyLimit?: number;
  /** Milliseconds since the epoch; Bolt's own check uses Date.now too. */
  now?: () => number;
}

type Verdict = { ok: true } | { ok: false; status: 400 | 401 | 413; why: string };

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

/** Reads, verifies and checks one request; the request is left buffered for Bolt. */
export async function admitSlackRequest(req: IncomingMessage, o: RequestGuardOptions): Promise<Verdict> {
  let buffered: BufferedIncomingMessage;
  try {
    buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, o.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit);
  } catch (err) {
    if (isRawBodyError(err) && (err.type === 'entity.too.large' || err.statusCode === 413)) return { ok: false, status: 413, why: 'body too large' };
    return { ok: false, status: 400, why: `the body could not be read (${(err as Error).message})` };
  }
  const text = buffered.rawBody.toString();
  const contentType = req.headers['content-type'];
  // Slack's unsigned SSL check; Bolt answers it and drops anything else in the body.
  if (contentType === FORM && parseQuery(text).ssl_check === '1') return { ok: true };

  const signature = header(req, 'x-slack-signature');
  const timestamp = Number(header(req, 'x-slack-request-timestamp'));
  if (!signature || !Number.isInteger(timestamp)) return { ok: false, status: 401, why: 'missing or malformed signature headers' };
  const nowMs = (o.now ?? Date.now)();
  const skew = timestamp - Math.floor(nowMs / 1000);
  if (Math.abs(skew) > MAX_CLOCK_SKEW_SEC)
    return { ok: false, status: 401, why: `request timestamp ${skew > 0 ? 'ahead of' : 'behind'} the clock by ${Math.abs(skew)} s (more than ${MAX_CLOCK_SKEW_SEC} s)` };
  try {
    verifySlackRequest({
      signingSecret: o.signingSecret,
      body: text,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      nowMilliseconds: nowMs,
    });
  } catch (err) {
    return { ok: false, status: 401, why: (err as Error).message };
  }

  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch (err) {
    return { ok: false, status: 400, why: `the body is not ${contentType === FORM ? 'a form with a JSON payload' : 'JSON'} (${(err as Error).message})` };
  }
  const problem = slackBodyProblem(body);
  return problem ? { ok: false, status: 400, why: problem } : { ok: true };
}

/**
 * Puts admitSlackRequest in front of the receiver's request listener (HTTPReceiver exposes it for
 * this). Other paths and methods go to Bolt unchanged (health check, 404s).
 */
export function guardSlackRequests(receiver: HTTPReceiver, o: RequestGuardOptions): void {
  const inner = receiver.requestListener;
  const log = o.log;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method?.toUpperCase() !== 'POST' || !o.endpoints.includes(path)) return inner(req, res);
    admitSlackRequest(req, o).then(
      (verdict) => {
        if (verdict.ok) return inner(req, res);
        log.warn({ status: verdict.status, reason: verdict.why, retryNum: header(req, 'x-slack-retry-num') }, 'Slack request refused');
        res.writeHead(verdict.status);
        res.end();
      },
      (err: unknown) => {
        log.error({ err }, 'checking a Slack request failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      },
    ).catch((err: unknown) => {
      // Bolt's listener throws synchronously only for requests it cannot route; answer, never crash.
      log.error({ err }, 'Bolt could not take a Slack request');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}
