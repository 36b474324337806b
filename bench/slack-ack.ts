/**
 * Ack latency of `/fde practice` over HTTP: signed slash commands at concurrency 50 against the
 * FDE Coach Slack app and against a bare Bolt app that only acks, in the same run. Prints p50/p99
 * for both and the ratio. Aim (issue 3): our p99 within 1.25x of the bare app and under 50 ms.
 *
 *   npx tsx bench/slack-ack.ts [--requests 2000] [--concurrency 50] [--rounds 3] [--waves 40] [--only sustained|bursts]
 *
 * Three processes, so no one's work steals another's event loop: this one generates load; a
 * "server" child runs both apps (only one is loaded at a time); a "fake" child plays Slack's
 * Web API, which our app calls after each ack (conversations.open, users.info, chat.postMessage).
 * Rounds alternate bare/ours so drift (CPU frequency, GC) hits both alike.
 *
 * Two shapes of load: sustained (a closed loop: each of 50 clients sends its next command as soon
 * as the last one is acked) and bursts (50 commands at the same moment, then wait for the work).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { App } from '@slack/bolt';
import pino from 'pino';
import { buildCore } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { createSlackApp, EVENTS_PATH } from '../src/slack';
import { startFakeSlack } from '../test/support/fake-slack';
import { formBody, signRequest, slashCommand } from '../test/support/slack-payloads';

const SECRET = 'bench-signing-secret-0123456789abcdef';
const TOKEN = 'xoxb-bench-token';

type Msg =
  | { type: 'fake-ready'; apiUrl: string }
  | { type: 'server-ready'; ours: string; bare: string }
  | { type: 'counts'; counts: Record<string, number> }
  | { type: 'count' }
  | { type: 'settled' }
  | { type: 'settle' }
  | { type: 'cpu' }
  | { type: 'cpu-usage'; micros: number }
  | { type: 'stop' };

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : dflt;
}

function send(msg: Msg): void {
  process.send?.(msg);
}

function onMessage(proc: NodeJS.Process | ChildProcess, type: Msg['type']): Promise<Msg> {
  return new Promise((resolve) => {
    const h = (m: Msg) => {
      if (m.type !== type) return;
      proc.off('message', h);
      resolve(m);
    };
    proc.on('message', h);
  });
}

/* ------------------------------ fake Slack ------------------------------ */

async function runFake(): Promise<void> {
  const fake = await startFakeSlack();
  process.on('message', (m: Msg) => {
    if (m.type === 'cpu') {
      const u = process.cpuUsage();
      send({ type: 'cpu-usage', micros: u.user + u.system });
    }
    if (m.type === 'count') {
      const counts: Record<string, number> = {};
      for (const c of fake.calls()) counts[c.method] = (counts[c.method] ?? 0) + 1;
      send({ type: 'counts', counts });
    }
    if (m.type === 'stop') void fake.close().then(() => process.exit(0));
  });
  send({ type: 'fake-ready', apiUrl: fake.apiUrl });
}

/* -------------------------------- servers ------------------------------- */

async function runServer(apiUrl: string): Promise<void> {
  const config = loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: apiUrl, GRADER: 'offline', LOG_LEVEL: 'info' });
  // Logging at info, as in production, into /dev/null so the terminal stays readable.
  const log = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }));
  const core = buildCore(config, log);
  const ours = createSlackApp(core, { port: 0, host: '127.0.0.1' });
  await ours.start();

  const bare = new App({ token: TOKEN, signingSecret: SECRET, clientOptions: { slackApiUrl: apiUrl }, logLevel: undefined });
  bare.command('/fde', async ({ ack }) => {
    await ack();
  });
  const server = (await bare.start({ port: 0, host: '127.0.0.1' })) as import('node:http').Server;
  const port = (server.address() as import('node:net').AddressInfo).port;

  process.on('message', (m: Msg) => {
    if (m.type === 'settle') void ours.adapter.drain(60_000).then(() => send({ type: 'settled' }));
    if (m.type === 'cpu') {
      const u = process.cpuUsage();
      send({ type: 'cpu-usage', micros: u.user + u.system });
    }
    if (m.type === 'stop') void Promise.all([ours.stop(), bare.stop()]).then(() => process.exit(0));
  });
  send({ type: 'server-ready', ours: `${ours.url}${EVENTS_PATH}`, bare: `http://127.0.0.1:${port}${EVENTS_PATH}` });
}

/* ------------------------------ load + stats ---------------------------- */

function post(url: URL, body: string, agent: Agent): Promise<number> {
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...signRequest(SECRET, body) };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`HTTP ${res.statusCode}`));
        else resolve(performance.now() - started);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function load(urlText: string, requests: number, concurrency: number, userOffset: number): Promise<number[]> {
  const url = new URL(urlText);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= requests) return;
      // Distinct people, like a team practising at once; each /fde practice starts a session.
      const user = `U${String(userOffset + (i % 500)).padStart(8, '0')}`;
      const body = formBody(slashCommand({ user_id: user, text: i % 3 === 0 ? 'practice' : i % 3 === 1 ? 'practice tradeoffs' : 'practice discovery hard', response_url: 'http://127.0.0.1:9/unused' }));
      latencies.push(await post(url, body, agent));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return latencies;
}

function pct(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function summary(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p90: pct(s, 90), p99: pct(s, 99), max: s[s.length - 1]!, mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/** One burst: `size` commands fired at once; resolves with each ack's latency. */
async function burst(url: URL, size: number, wave: number, agent: Agent): Promise<number[]> {
  const bodies = Array.from({ length: size }, (_, i) => {
    const user = `U${String(1000 + ((wave * size + i) % 500)).padStart(8, '0')}`;
    return formBody(slashCommand({ user_id: user, text: 'practice', response_url: 'http://127.0.0.1:9/unused' }));
  });
  return Promise.all(bodies.map((body) => post(url, body, agent)));
}

/**
 * `waves` bursts per app, alternating bare and ours; after each burst, waits until our app has
 * finished the work behind the acks. "done" is burst start to the last scenario posted.
 */
async function bursts(bareUrl: string, oursUrl: string, size: number, waves: number, settle: () => Promise<void>) {
  const agent = new Agent({ keepAlive: true, maxSockets: size });
  const bare: number[] = [];
  const ours: number[] = [];
  const done: number[] = [];
  for (let w = 0; w < waves; w++) {
    bare.push(...(await burst(new URL(bareUrl), size, w, agent)));
    const started = performance.now();
    ours.push(...(await burst(new URL(oursUrl), size, w, agent)));
    await settle();
    done.push(performance.now() - started);
  }
  agent.destroy();
  return { bare, ours, done };
}

function table(rows: [string, number[]][]): void {
  const f = (x: number) => x.toFixed(2).padStart(8);
  console.log('                      n       p50       p90       p99       max      mean   (ms)');
  for (const [name, xs] of rows) {
    const t = summary(xs);
    console.log(`${name.padEnd(16)}${String(t.n).padStart(7)}  ${f(t.p50)}  ${f(t.p90)}  ${f(t.p99)}  ${f(t.max)}  ${f(t.mean)}`);
  }
}

async function main(): Promise<void> {
  const requests = arg('requests', 2000);
  const concurrency = arg('concurrency', 50);
  const rounds = arg('rounds', 3);
  const waves = arg('waves', 40);
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  const fake = fork(__filename, ['fake'], { execArgv: process.execArgv, stdio: 'inherit' });
  const { apiUrl } = (await onMessage(fake, 'fake-ready')) as Extract<Msg, { type: 'fake-ready' }>;
  const server = fork(__filename, ['server', apiUrl], { execArgv: process.execArgv, stdio: 'inherit' });
  const urls = (await onMessage(server, 'server-ready')) as Extract<Msg, { type: 'server-ready' }>;

  const settle = async () => {
    server.send({ type: 'settle' } satisfies Msg);
    await onMessage(server, 'settled');
  };
  const cpuOf = async (proc: ChildProcess) => {
    proc.send({ type: 'cpu' } satisfies Msg);
    return ((await onMessage(proc, 'cpu-usage')) as Extract<Msg, { type: 'cpu-usage' }>).micros;
  };
  const cpu = () => cpuOf(server);

  console.log(`slack-ack: signed "/fde practice" against FDE Coach and a bare Bolt app that only acks; Node ${process.version}, ${(await import('node:os')).cpus().length} CPUs`);
  // Warm-up: JIT, sockets, caches (DM ids and display names) for both apps.
  await load(urls.bare, 500, concurrency, 0);
  await load(urls.ours, 500, concurrency, 0);
  await settle();

  let sustained: { bare: number[]; ours: number[] } | undefined;
  if (only !== 'bursts') {
    // 1. Sustained: `concurrency` clients, each sending its next command as soon as the last is acked.
    const bare: number[] = [];
    const ours: number[] = [];
    let bareCpu = 0;
    let oursCpu = 0;
    let fakeCpu = 0;
    for (let r = 0; r < rounds; r++) {
      let c0 = await cpu();
      bare.push(...(await load(urls.bare, requests, concurrency, 0)));
      bareCpu += (await cpu()) - c0;
      c0 = await cpu();
      const f0 = await cpuOf(fake);
      ours.push(...(await load(urls.ours, requests, concurrency, 0)));
      // Let our app finish the work behind its acks before the next bare round starts.
      await settle();
      oursCpu += (await cpu()) - c0;
      fakeCpu += (await cpuOf(fake)) - f0;
    }
    console.log(`\n1) sustained: ${requests} commands per app per round, ${rounds} rounds, concurrency ${concurrency} (closed loop)`);
    table([
      ['bare Bolt ack', bare],
      ['FDE Coach ack', ours],
    ]);
    const sb = summary(bare);
    const so = summary(ours);
    console.log(`ratio ours/bare: p50 ${(so.p50 / sb.p50).toFixed(2)}x, p99 ${(so.p99 / sb.p99).toFixed(2)}x`);
    console.log(
      `server CPU per command: bare ${(bareCpu / 1000 / (requests * rounds)).toFixed(3)} ms, FDE Coach ${(oursCpu / 1000 / (requests * rounds)).toFixed(3)} ms (ack + the work behind it); ` +
        `the fake Slack spends ${(fakeCpu / 1000 / (requests * rounds)).toFixed(3)} ms per FDE Coach command on the same CPUs`,
    );
    sustained = { bare, ours };
  }

  let burstResult: { bare: number[]; ours: number[] } | undefined;
  if (only !== 'sustained') {
    // 2. Bursts: `concurrency` people type the command at the same moment; the next burst comes
    // once every ack is in and the work is done.
    const b = await bursts(urls.bare, urls.ours, concurrency, waves, settle);
    console.log(`\n2) bursts: ${waves} bursts of ${concurrency} simultaneous commands per app, alternating`);
    table([
      ['bare Bolt ack', b.bare],
      ['FDE Coach ack', b.ours],
      ['FDE Coach done', b.done],
    ]);
    const tb = summary(b.bare);
    const to = summary(b.ours);
    console.log(`ratio ours/bare: p50 ${(to.p50 / tb.p50).toFixed(2)}x, p99 ${(to.p99 / tb.p99).toFixed(2)}x   ("done": burst start to all ${concurrency} scenarios posted)`);
    burstResult = { bare: b.bare, ours: b.ours };
  }

  console.log('\naim (issue 3): FDE Coach ack p99 <= 1.25x bare and < 50 ms');
  for (const [name, r] of [
    ['sustained', sustained],
    ['bursts   ', burstResult],
  ] as const) {
    if (!r) continue;
    const b = summary(r.bare).p99;
    const o = summary(r.ours).p99;
    console.log(`  ${name}: p99 ${o.toFixed(1)} ms vs ${b.toFixed(1)} ms = ${(o / b).toFixed(2)}x -> ratio ${o <= 1.25 * b ? 'met' : 'NOT met'}, < 50 ms ${o < 50 ? 'met' : 'NOT met'}`);
  }

  fake.send({ type: 'count' } satisfies Msg);
  const { counts } = (await onMessage(fake, 'counts')) as Extract<Msg, { type: 'counts' }>;
  console.log(
    `work behind the acks, as seen by the fake Slack: chat.postMessage ${counts['chat.postMessage'] ?? 0}, conversations.open ${counts['conversations.open'] ?? 0}, users.info ${counts['users.info'] ?? 0}`,
  );
  server.send({ type: 'stop' } satisfies Msg);
  fake.send({ type: 'stop' } satisfies Msg);
}

const role = process.argv[2];
const run = role === 'fake' ? runFake() : role === 'server' ? runServer(process.argv[3]!) : main();
run.catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
