/**
 * The real process (`dist/main.js`, as `npm start` runs it, built by `npm test`): a request that
 * used to kill it (a correctly signed JSON `null`) gets 400, and a promise rejection nobody
 * handles is logged while the process keeps serving. Node's default for both was to exit.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { postSigned, TEST_SIGNING_SECRET } from './support/slack-payloads';

const MAIN = resolve(__dirname, '..', 'dist', 'main.js');

/** Starts main() from dist in a child; a line "reject" on stdin makes an unhandled rejection there. */
const CHILD = `
const { main } = require(${JSON.stringify(MAIN)});
main().then(() => process.stderr.write('READY\\n'));
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { if (d.includes('reject')) Promise.reject(new Error('boom from a request handler')); });
`;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let fake: FakeSlack;
let child: ChildProcessWithoutNullStreams;
let out = '';
let port: number;
let dataDir: string;
beforeAll(async () => {
  fake = await startFakeSlack();
  port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'fde-process-'));
  child = spawn(process.execPath, ['-e', CHILD], {
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      CHANNELS: 'slack',
      GRADER: 'offline',
      LOG_LEVEL: 'info',
      FDE_DATA_DIR: dataDir,
    },
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await until('the process to start', () => out.includes('READY') || child.exitCode !== null, 90_000);
  expect(child.exitCode).toBeNull();
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await until('the process to stop', () => child.exitCode !== null).catch(() => child.kill('SIGKILL'));
  }
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const healthy = async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;

test('a correctly signed JSON null gets 400 and the process keeps serving', async () => {
  const r = await postSigned(`http://127.0.0.1:${port}/slack/events`, { body: 'null', contentType: 'application/json' });
  expect(r.status).toBe(400);
  const form = await postSigned(`http://127.0.0.1:${port}/slack/events`, { body: 'payload=null', contentType: 'application/x-www-form-urlencoded' });
  expect(form.status).toBe(400);
  await new Promise((r2) => setTimeout(r2, 200));
  expect(child.exitCode).toBeNull();
  expect(await healthy()).toBe(true);
});

test('an unhandled rejection is logged and the process keeps serving', async () => {
  child.stdin.write('reject\n');
  await until('the rejection to be logged', () => out.includes('unhandled promise rejection'));
  expect(out).toContain('boom from a request handler');
  expect(child.exitCode).toBeNull();
  expect(await healthy()).toBe(true);
});

test('SIGTERM still stops it cleanly', async () => {
  child.kill('SIGTERM');
  await until('the process to exit', () => child.exitCode !== null);
  expect(child.exitCode).toBe(0);
});
