/**
 * A team answers the daily prompt at once: 1,000 replies in the prompt's thread, from 1,000
 * people, arriving within 10 s as signed message.channels events on the real HTTP endpoint. The
 * grader is a stand-in for the model: 500 ms per grading, behind the same Semaphore the LLM
 * grader uses (src/grading/llm-semaphore.ts), with the cap from config.grader.maxConcurrency and,
 * as production's ModelClient does, a wait for a slot bounded by the queue timeout (default:
 * config.grader.timeoutMs), after which the answer is graded offline as "busy" (LlmGrader's
 * fallback). Prints: ack latency, whether every answer was graded and its feedback delivered,
 * how many by the (fake) model and how many fell back, timeouts, the most model calls in flight
 * against the cap, and how long people waited for feedback.
 *
 *   npx tsx bench/slack-daily.ts [--answers 1000] [--window 10] [--latency 500] [--cap N]
 *                                [--queue-timeout MS | --queue-timeout 0 (wait for a slot without limit)]
 *                                [--store memory|sqlite|postgres] [--db postgres://...] [--instances N]
 *
 * State: memory by default; --store sqlite (a fresh file in a temp dir) or --store postgres
 * (--db, emptied first). With --instances N (PostgreSQL) N server processes share the database
 * and the answers are spread over them round-robin, as behind a load balancer; the report then
 * also checks that no answer was graded twice (graded answers in the database = answers).
 *
 * Three processes, as in slack-ack.ts: this one sends the load; "server" runs the app over the
 * real core; "fake" plays Slack's Web API (every post, update, reaction and users.info of the
 * work behind the acks lands there).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildCore } from '../src/app';
import { loadConfig, type Config } from '../src/config';
import type { GradeOptions, Grader } from '../src/core/ports';
import type { GradeRequest, GradeResult, ProbeResult } from '../src/core/types';
import { Semaphore } from '../src/grading/llm-semaphore';
import { OfflineGrader } from '../src/grading/offline';
import { createLogger } from '../src/log';
import { createSlackApp, EVENTS_PATH } from '../src/slack';
import { openStore } from '../src/store';
import { openPostgresStore } from '../src/store/postgres';
import { FAKE_TEAM, startFakeSlack } from '../test/support/fake-slack';
import { formBody, signRequest, slackEscape, slashCommand, threadReply } from '../test/support/slack-payloads';

const SECRET = 'bench-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-bench-token';
const ADMIN = 'U0BENCHADM';
const CHANNEL = 'C0BENCHDLY';
const TEAM_KEY = `slack:${FAKE_TEAM}`;

function arg(name: string, dflt: number | undefined): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v >= 0 ? v : dflt;
}

const ANSWERS = arg('answers', 1000)!;
const WINDOW_S = arg('window', 10)!;
const LATENCY_MS = arg('latency', 500)!;
const CAP = arg('cap', undefined);
const QUEUE_TIMEOUT = arg('queue-timeout', undefined);
const strArg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const STORE = (strArg('store') ?? 'memory') as 'memory' | 'sqlite' | 'postgres';
const DB_URL = strArg('db') ?? process.env.FDE_BENCH_DATABASE_URL;
const INSTANCES = arg('instances', 1)!;

/** A long, varied answer (about 80 words), as people write in a thread. */
function answerText(i: number): string {
  return (
    `Answer ${i}: I would spend most of the week on request logging, retries with backoff and timeout alerts, because the failures are invisible today. ` +
    'I would measure answer accuracy on a golden set of real questions before the board, so the demo claims are backed by numbers. ' +
    'I would tell the account executive plainly that a scripted demo risks a rollout the pilot cannot survive, and offer a short honest demo instead. ' +
    'The tradeoff is a less polished UI in exchange for a system that holds up.'
  );
}

const userOf = (i: number) => `U${String(i).padStart(9, '0')}`;

type Msg =
  | { type: 'fake-ready'; apiUrl: string }
  | { type: 'server-ready'; url: string; cap: number; queueTimeoutMs: number; gradeTimeoutMs: number; graderTimeoutMs: number }
  | { type: 'prompt'; ts?: string }
  | { type: 'prompt-ts' }
  | { type: 'responses'; id: string }
  | { type: 'responses-count'; texts: string[] }
  | { type: 'fake-report' }
  | { type: 'fake-stats'; stats: FakeStats }
  | { type: 'server-report' }
  | { type: 'server-stats'; stats: ServerStats }
  | { type: 'stop' };

interface FakeStats {
  /** Per person: when their feedback (or grading-failed notice) replaced "grading..." in the DM. */
  feedbackAt: Record<string, number>;
  failedNotices: number;
  reactions: number;
  /** Everything sent into the daily channel: the prompt only, if nothing leaked. */
  channelCalls: number;
  calls: Record<string, number>;
}

interface ServerStats {
  records: Record<string, number>;
  reasons: Record<string, number>;
  grader: { calls: number; modelGraded: number; busy: number; aborted: number; maxInFlight: number; queuedMax: number };
  postAnswers: number;
  /** Graded answers stored for the team (all instances): more than ANSWERS means one was graded twice. */
  storedAnswers: number;
}

function send(msg: Msg): void {
  process.send?.(msg);
}

function onMessage<T extends Msg['type']>(proc: NodeJS.Process | ChildProcess, type: T): Promise<Extract<Msg, { type: T }>> {
  return new Promise((resolve) => {
    const h = (m: Msg) => {
      if (m.type !== type) return;
      proc.off('message', h);
      resolve(m as Extract<Msg, { type: T }>);
    };
    proc.on('message', h);
  });
}

/* ------------------------------ fake Slack ------------------------------ */

async function runFake(): Promise<void> {
  const fake = await startFakeSlack();
  process.on('message', (m: Msg) => {
    if (m.type === 'prompt-ts') {
      const prompt = fake.messages(CHANNEL).find((x) => !x.thread_ts && String(x.text).includes('prompt ·'));
      send({ type: 'prompt', ts: prompt?.ts });
    }
    if (m.type === 'responses') {
      send({ type: 'responses-count', texts: fake.calls('response_url').filter((c) => c.responseId === m.id).map((c) => String(c.args.text)) });
    }
    if (m.type === 'fake-report') {
      const feedbackAt: Record<string, number> = {};
      let failedNotices = 0;
      for (const c of fake.calls('chat.update')) {
        const channel = String(c.args.channel);
        const text = String(c.args.text);
        if (!channel.startsWith('D')) continue;
        if (/Grading failed/.test(JSON.stringify(c.args.blocks))) failedNotices++;
        if (/Feedback:|Grading failed/.test(text) || /\/5\*/.test(JSON.stringify(c.args.blocks))) feedbackAt[channel] ??= c.at;
      }
      const calls: Record<string, number> = {};
      for (const c of fake.calls()) calls[c.method] = (calls[c.method] ?? 0) + 1;
      send({
        type: 'fake-stats',
        stats: {
          feedbackAt,
          failedNotices,
          reactions: fake.reactions().filter((r) => r.channel === CHANNEL).length,
          channelCalls: fake.calls().filter((c) => c.args.channel === CHANNEL && c.method.startsWith('chat.')).length,
          calls,
        },
      });
    }
    if (m.type === 'stop') void fake.close().then(() => process.exit(0));
  });
  send({ type: 'fake-ready', apiUrl: fake.apiUrl });
}

/* -------------------------------- server -------------------------------- */

/**
 * The model, faked: LATENCY_MS per grading, at most `cap` at once through the LLM grader's own
 * Semaphore. Like ModelClient.attempt, a grading waits for a slot at most queueTimeoutMs; past
 * that it is graded offline and says why (LlmGrader's "busy" fallback). The coach's abort signal
 * (its gradeTimeoutMs) stops both the wait and the call.
 */
class FakeModelGrader implements Grader {
  readonly kind = 'llm' as const;
  private readonly offline = new OfflineGrader();
  readonly semaphore: Semaphore;
  inFlight = 0;
  stats = { calls: 0, modelGraded: 0, busy: 0, aborted: 0, maxInFlight: 0, queuedMax: 0 };

  constructor(
    cap: number,
    private readonly latencyMs: number,
    private readonly queueTimeoutMs: number,
  ) {
    this.semaphore = new Semaphore(cap);
  }

  async grade(req: GradeRequest, opts: GradeOptions = {}): Promise<GradeResult> {
    this.stats.calls++;
    const started = Date.now();
    const waited = new AbortController();
    const queueTimer = this.queueTimeoutMs > 0 ? setTimeout(() => waited.abort(), this.queueTimeoutMs) : undefined;
    const stopWaiting = () => waited.abort();
    opts.signal?.addEventListener('abort', stopWaiting, { once: true });
    let release: () => void;
    try {
      const pending = this.semaphore.acquire(waited.signal);
      this.stats.queuedMax = Math.max(this.stats.queuedMax, this.semaphore.queued);
      release = await pending;
    } catch {
      if (opts.signal?.aborted) {
        this.stats.aborted++;
        throw new Error('aborted while waiting for a model slot');
      }
      this.stats.busy++;
      return { ...this.offline.gradeSync(req), fallbackReason: `busy (no free model slot within ${this.queueTimeoutMs} ms)` };
    } finally {
      clearTimeout(queueTimer);
      opts.signal?.removeEventListener('abort', stopWaiting);
    }
    this.inFlight++;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
    try {
      await sleep(this.latencyMs, undefined, { signal: opts.signal });
      this.stats.modelGraded++;
      const r = this.offline.gradeSync(req);
      return { ...r, grader: 'llm', usage: { promptTokens: 0, completionTokens: 0, latencyMs: Date.now() - started, model: `fake-${this.latencyMs}ms` } };
    } catch (err) {
      this.stats.aborted++;
      throw err;
    } finally {
      this.inFlight--;
      release();
    }
  }

  async probe(): Promise<ProbeResult | null> {
    return null;
  }
}

async function runServer(apiUrl: string): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: apiUrl,
    GRADER: 'offline',
    FDE_ADMINS: ADMIN,
    LOG_LEVEL: 'info',
    FDE_STORE: STORE,
    FDE_DATA_DIR: process.argv[4] ?? '',
  };
  if (DB_URL) env.DATABASE_URL = DB_URL;
  if (CAP !== undefined) env.GRADER_MAX_CONCURRENCY = String(CAP);
  const config: Config = loadConfig(env);
  const queueTimeoutMs = QUEUE_TIMEOUT ?? config.grader.queueTimeoutMs; // as production: GRADER_QUEUE_TIMEOUT_MS
  const grader = new FakeModelGrader(config.grader.maxConcurrency, LATENCY_MS, queueTimeoutMs);
  const log = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }));
  const core = buildCore(config, log, { grader, store: await openStore(config) });
  const slack = createSlackApp(core, { port: 0, host: '127.0.0.1' });
  await slack.start();
  process.on('message', (m: Msg) => {
    if (m.type === 'server-report') {
      void (async () => {
        // The prompt is set for 09:00 UTC: its day is today's UTC date.
        const day = new Date().toISOString().slice(0, 10);
        const records: Record<string, number> = {};
        const reasons: Record<string, number> = {};
        for (let i = 0; i < ANSWERS; i++) {
          const r = await core.daily.answerRecord({ platform: 'slack', teamId: FAKE_TEAM, userId: userOf(i) }, day);
          const s = r?.status ?? 'missing';
          records[s] = (records[s] ?? 0) + 1;
          if (r?.reason) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
        }
        const post = await core.daily.getPost(TEAM_KEY, day);
        let storedAnswers = 0;
        for (const s of await core.store.standings(TEAM_KEY, {})) storedAnswers += (await core.store.answersOf(s.userKey)).length;
        send({ type: 'server-stats', stats: { records, reasons, grader: { ...grader.stats }, postAnswers: post?.answers.length ?? 0, storedAnswers } });
      })();
    }
    if (m.type === 'stop') void slack.stop().then(() => process.exit(0));
  });
  const gradeTimeoutMs = config.grader.timeoutMs * (config.grader.maxRetries + 2) + 5_000; // as in src/app.ts
  send({ type: 'server-ready', url: `${slack.url}${EVENTS_PATH}`, cap: config.grader.maxConcurrency, queueTimeoutMs, gradeTimeoutMs, graderTimeoutMs: config.grader.timeoutMs });
}

/* --------------------------------- load --------------------------------- */

function post(url: URL, body: string, contentType: string, agent: Agent): Promise<number> {
  const headers = { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...signRequest(SECRET, body) };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function pct(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

function line(name: string, xs: number[], unit = 'ms'): string {
  const s = [...xs].sort((a, b) => a - b);
  const f = (x: number) => (unit === 's' ? (x / 1000).toFixed(2) : x.toFixed(1)).padStart(9);
  return `${name.padEnd(26)}${String(s.length).padStart(6)} ${f(pct(s, 50))} ${f(pct(s, 90))} ${f(pct(s, 99))} ${f(s[s.length - 1] ?? NaN)}   (${unit})`;
}

async function main(): Promise<void> {
  const fake = fork(__filename, ['fake'], { execArgv: process.execArgv, stdio: 'inherit' });
  children.push(fake);
  const { apiUrl } = await onMessage(fake, 'fake-ready');
  if (STORE === 'postgres') {
    if (!DB_URL) throw new Error('--store postgres needs --db postgres://... (or FDE_BENCH_DATABASE_URL)');
    const pg = await openPostgresStore(DB_URL);
    await sql`truncate people, answers, sessions, docs, claims, leases, jobs, usage_totals restart identity`.execute(pg.db);
    await pg.close();
  } else if (INSTANCES > 1) throw new Error('--instances > 1 needs --store postgres');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fde-bench-daily-'));
  const servers: ChildProcess[] = [];
  const readies: Extract<Msg, { type: 'server-ready' }>[] = [];
  for (let n = 0; n < INSTANCES; n++) {
    const sv = fork(__filename, ['server', apiUrl, dataDir, ...process.argv.slice(2)], { execArgv: process.execArgv, stdio: 'inherit' });
    children.push(sv);
    servers.push(sv);
    readies.push(await onMessage(sv, 'server-ready'));
  }
  const ready = readies[0]!;
  const urls = readies.map((r) => new URL(r.url));
  const url = urls[0]!;
  const agent = new Agent({ keepAlive: true, maxSockets: 200 });
  // Records and stored answers are shared (one store); grader figures are summed over instances.
  const report = async (): Promise<ServerStats> => {
    const all = await Promise.all(
      servers.map(async (sv) => {
        const got = onMessage(sv, 'server-stats');
        sv.send({ type: 'server-report' } satisfies Msg);
        return (await got).stats;
      }),
    );
    const g = all.map((x) => x.grader);
    const sum = (k: keyof ServerStats['grader']) => g.reduce((a, x) => a + x[k], 0);
    return {
      ...all[0]!,
      grader: { calls: sum('calls'), modelGraded: sum('modelGraded'), busy: sum('busy'), aborted: sum('aborted'), maxInFlight: Math.max(...g.map((x) => x.maxInFlight)), queuedMax: Math.max(...g.map((x) => x.queuedMax)) },
    };
  };

  console.log(
    `slack-daily: ${ANSWERS} thread answers to one daily prompt within ${WINDOW_S} s; fake model ${LATENCY_MS} ms per grading, cap ${ready.cap} ` +
      `(GRADER_MAX_CONCURRENCY per instance), store ${STORE}${INSTANCES > 1 ? ` x ${INSTANCES} instances` : ''}, slot wait bounded at ${ready.queueTimeoutMs ? `${ready.queueTimeoutMs} ms` : 'no limit'}, coach gradeTimeoutMs ${ready.gradeTimeoutMs} ms; Node ${process.version}`,
  );

  // The admin sets the prompt up and posts it, through the same endpoint, waiting for each reply.
  const cmd = async (text: string, id: string) => {
    const responseUrl = `${new URL(apiUrl).origin}/response/${id}`;
    await post(url, formBody(slashCommand({ user_id: ADMIN, channel_id: CHANNEL, text, response_url: responseUrl })), 'application/x-www-form-urlencoded', agent);
    for (let i = 0; i < 200; i++) {
      fake.send({ type: 'responses', id } satisfies Msg);
      const { texts } = await onMessage(fake, 'responses-count');
      if (texts.length) return texts[0]!;
      await sleep(25);
    }
    throw new Error(`no reply to "/fde ${text}"`);
  };
  console.log(`  /fde daily set -> ${await cmd(`daily set <#${CHANNEL}|fde-daily> 09:00 UTC everyday`, 'bench-set')}`);
  console.log(`  /fde daily now -> ${await cmd('daily now', 'bench-now')}`);
  fake.send({ type: 'prompt-ts' } satisfies Msg);
  const promptTs = (await onMessage(fake, 'prompt')).ts;
  if (!promptTs) throw new Error('the daily prompt was not posted');

  // Warm-up: 200 replies in a thread that is not a prompt's (parsed, looked up, ignored).
  await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      post(url, JSON.stringify(threadReply(slackEscape(answerText(i)), '1600000000.000100', { user: `UWARM${i}`, channel: CHANNEL })), 'application/json', agent),
    ),
  );

  // The load: answer i is sent at i * window / answers (open loop: arrivals do not wait for acks).
  const sentAt: number[] = new Array(ANSWERS);
  const acks: number[] = [];
  const errors: string[] = [];
  const t0 = performance.now();
  const wall0 = Date.now();
  await Promise.all(
    Array.from({ length: ANSWERS }, async (_, i) => {
      const due = (i * WINDOW_S * 1000) / ANSWERS;
      const wait = due - (performance.now() - t0);
      if (wait > 0) await sleep(wait);
      const body = JSON.stringify(threadReply(slackEscape(answerText(i)), promptTs!, { user: userOf(i), channel: CHANNEL }));
      sentAt[i] = Date.now();
      try {
        acks.push(await post(urls[i % urls.length]!, body, 'application/json', agent));
      } catch (err) {
        errors.push((err as Error).message);
      }
    }),
  );
  const arrivalSpan = (Math.max(...sentAt) - Math.min(...sentAt)) / 1000;

  // Wait until every answer is graded (or failed), or a deadline past the coach's own timeout.
  const deadline = Date.now() + Math.max(60_000, ready.gradeTimeoutMs + WINDOW_S * 1000 + 30_000);
  let stats = await report();
  let lastPrint = 0;
  while (Date.now() < deadline) {
    const done = (stats.records.graded ?? 0) + (stats.records.failed ?? 0);
    if (done >= ANSWERS) break;
    if (Date.now() - lastPrint > 10_000) {
      lastPrint = Date.now();
      console.log(`  … ${((Date.now() - wall0) / 1000).toFixed(0)} s: ${JSON.stringify(stats.records)}, model ${stats.grader.modelGraded}, busy ${stats.grader.busy}`);
    }
    await sleep(500);
    stats = await report();
  }
  // Let the last feedback messages reach the fake.
  await sleep(1500);
  fake.send({ type: 'fake-report' } satisfies Msg);
  const fakeStats = (await onMessage(fake, 'fake-stats')).stats;
  const allDone = (Date.now() - wall0) / 1000;

  const feedbackWait: number[] = [];
  for (let i = 0; i < ANSWERS; i++) {
    const at = fakeStats.feedbackAt[`D${userOf(i).slice(1)}`];
    if (at !== undefined) feedbackWait.push(at - sentAt[i]!);
  }
  const graded = stats.records.graded ?? 0;
  const failed = stats.records.failed ?? 0;
  const missing = ANSWERS - graded - failed - (stats.records.grading ?? 0);

  console.log(`\narrivals: ${ANSWERS} signed events over ${arrivalSpan.toFixed(2)} s; HTTP errors: ${errors.length}`);
  console.log(`                               n       p50       p90       p99       max`);
  console.log(line('ack (HTTP 200)', acks));
  console.log(line('answer -> feedback in DM', feedbackWait, 's'));
  console.log(
    `\nanswers: ${graded} graded, ${failed} failed (kept with Retry), ${stats.records.grading ?? 0} still grading, ${missing} missing; ` +
      `the post counts ${stats.postAnswers} answers`,
  );
  console.log(`failure reasons: ${JSON.stringify(stats.reasons)}`);
  console.log(
    `grader: ${stats.grader.calls} calls, ${stats.grader.modelGraded} graded by the (fake) model, ${stats.grader.busy} graded offline as "busy" ` +
      `(${ready.queueTimeoutMs ? `no slot within ${ready.queueTimeoutMs} ms` : 'slot wait unbounded'}), ${stats.grader.aborted} aborted by the coach's timeout; most in flight ${stats.grader.maxInFlight} ` +
      `(cap ${ready.cap}), longest queue ${stats.grader.queuedMax}`,
  );
  console.log(
    `Slack side: ${Object.keys(fakeStats.feedbackAt).length} DMs got their feedback in place, ${fakeStats.reactions} receipt reactions, ` +
      `${fakeStats.channelCalls} chat.* calls in the daily channel (1 = the prompt only); calls: ${JSON.stringify(fakeStats.calls)}`,
  );
  console.log(`last answer settled ${allDone.toFixed(1)} s after the first was sent`);

  const ackP99 = pct([...acks].sort((a, b) => a - b), 99);
  const checks: [string, boolean][] = [
    [`all ${ANSWERS} graded, none dropped`, graded === ANSWERS && errors.length === 0 && Object.keys(fakeStats.feedbackAt).length === ANSWERS],
    ...(STORE === 'memory' ? [] : ([[`none graded twice (${stats.storedAnswers} graded answers stored)`, stats.storedAnswers === ANSWERS]] as [string, boolean][])),
    [`model-call cap respected (${stats.grader.maxInFlight} <= ${ready.cap})`, stats.grader.maxInFlight <= ready.cap],
    ['no grading timed out (coach gradeTimeoutMs)', !stats.reasons.timeout && stats.grader.aborted === 0],
    ['every answer graded by the model (no "busy" fallback)', stats.grader.busy === 0],
    [`p99 ack < 50 ms (${ackP99.toFixed(1)} ms)`, ackP99 < 50],
    ['nothing scored in the channel', fakeStats.channelCalls === 1],
  ];
  console.log('\nchecks:');
  for (const [name, ok] of checks) console.log(`  ${ok ? 'met    ' : 'NOT met'}  ${name}`);

  agent.destroy();
  for (const sv of servers) sv.send({ type: 'stop' } satisfies Msg);
  fake.send({ type: 'stop' } satisfies Msg);
}

const children: ChildProcess[] = [];
const role = process.argv[2];
// A child ends with its parent, whatever happens to the parent.
if (role) process.on('disconnect', () => process.exit(0));
const run = role === 'fake' ? runFake() : role === 'server' ? runServer(process.argv[3]!) : main();
run.catch((err: unknown) => {
  console.error(err);
  for (const c of children) c.kill();
  process.exit(1);
});
