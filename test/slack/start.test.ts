/** Starting and stopping the Slack channel: clear errors for bad settings, clean shutdown. */
import { request } from 'node:http';
import { buildCore, type Core } from '../../src/app';
import { ConfigError, loadConfig } from '../../src/config';
import { silentLogger } from '../../src/core/ports';
import { createSlackApp, startSlack } from '../../src/slack';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { TEST_SIGNING_SECRET } from '../support/slack-payloads';
import { TestGrader } from './harness';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake.close();
});

function coreWith(env: NodeJS.ProcessEnv): Core {
  return buildCore(loadConfig({ GRADER: 'offline', ...env }), silentLogger, { grader: new TestGrader() });
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('HTTP mode without a signing secret fails at creation, naming what is missing', () => {
  const core = coreWith({});
  expect(() => createSlackApp(core, { botToken: 'xoxb-1', mode: 'http' })).toThrow(ConfigError);
  expect(() => createSlackApp(core, { botToken: 'xoxb-1', mode: 'http' })).toThrow(/SLACK_SIGNING_SECRET/);
  expect(() => createSlackApp(core, { mode: 'socket', botToken: 'xoxb-1' })).toThrow(/SLACK_APP_TOKEN/);
  expect(() => createSlackApp(core, { signingSecret: 's' })).toThrow(/SLACK_BOT_TOKEN/);
});

test('a bot token Slack rejects fails at start with auth.test\'s reason, and nothing is left listening', async () => {
  const core = coreWith({ SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
  fake.failNext('auth.test', 'invalid_auth');
  const slack = createSlackApp(core, { port: 0, host: '127.0.0.1', clientOptions: { retryConfig: { retries: 0 } } });
  await expect(slack.start()).rejects.toThrow(/SLACK_BOT_TOKEN was not accepted by Slack \(auth\.test: invalid_auth\)/);
  expect(slack.url).toBeUndefined();
  await slack.stop(); // harmless when not started
});

test('startSlack returns a running channel; stop() closes the server', async () => {
  const core = coreWith({ SLACK_BOT_TOKEN: 'xoxb-ok', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: fake.apiUrl.replace(/\/$/, '') });
  const app = createSlackApp(core, { port: 0, host: '127.0.0.1' });
  await app.start();
  expect(await get(`${app.url}/healthz`)).toBe(200);
  expect(await get(`${app.url}/nope`)).toBe(404);
  await app.stop();
  await expect(get(`${app.url}/healthz`)).rejects.toThrow();

  const running = await startSlack(core, { port: 0, host: '127.0.0.1' });
  expect(running.platform).toBe('slack');
  // main.ts finds the scheduler's publisher for slack:... teams here.
  expect(typeof running.dailyPublisher?.post).toBe('function');
  expect(typeof running.dailyPublisher?.recap).toBe('function');
  expect(typeof running.dailyPublisher?.leaderboard).toBe('function');
  await running.stop();
});

test('a port already in use is reported by name', async () => {
  const core = coreWith({ SLACK_BOT_TOKEN: 'xoxb-ok', SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_API_URL: fake.apiUrl });
  const first = createSlackApp(core, { port: 0, host: '127.0.0.1' });
  const { port } = await first.start();
  const second = createSlackApp(core, { port, host: '127.0.0.1' });
  await expect(second.start()).rejects.toThrow(new RegExp(`PORT ${port} cannot be used .*EADDRINUSE`));
  await first.stop();
});
