/**
 * `npm start`'s entry: one process serving Slack (HTTP mode) and Teams together from the same
 * core, started from environment variables exactly as in production, then stopped cleanly.
 */
// The Agents SDK's JWT middleware requires `jose` (ESM only), which Jest's CommonJS runtime cannot
// load; no request here reaches key fetching (see test/teams/harness.ts).
jest.mock('jose', () => ({
  importJWK: () => Promise.reject(new Error('jose is not loaded under Jest')),
  exportSPKI: () => Promise.reject(new Error('jose is not loaded under Jest')),
}));

import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { main, type Running } from '../src/main';
import { startFakeSlack, type FakeSlack } from './support/fake-slack';
import { TEST_SIGNING_SECRET, formBody, postSigned, slashCommand } from './support/slack-payloads';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('main: Slack and Teams in one process', () => {
  let slack: FakeSlack;
  let running: Running;
  let slackPort: number;
  let teamsPort: number;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slackPort = await freePort();
    teamsPort = await freePort();
    running = await main(
      {
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(slackPort),
        TEAMS_PORT: String(teamsPort),
        CHANNELS: 'slack,teams',
        LOG_LEVEL: 'silent',
        // The default SQLite store, in a temp dir (never the real home directory).
        FDE_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'fde-main-data-')),
      },
      { handleSignals: false },
    );
  });

  afterAll(async () => {
    await running?.stop();
    await slack?.close();
  });

  it('starts both channels', () => {
    expect(running.channels.map((c) => c.platform)).toEqual(['slack', 'teams']);
    expect(running.channels.every((c) => typeof c.dailyPublisher?.post === 'function')).toBe(true);
  });

  it('answers /healthz and a signed /fde practice on Slack', async () => {
    const health = await fetch(`http://127.0.0.1:${slackPort}/healthz`);
    expect(health.status).toBe(200);
    const r = await postSigned(`http://127.0.0.1:${slackPort}/slack/events`, {
      body: formBody(slashCommand({ text: 'practice tradeoffs' })),
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(r.status).toBe(200);
    const calls = await slack.waitFor((c) => c.some((x) => x.method === 'chat.postMessage'));
    const post = calls.find((x) => x.method === 'chat.postMessage')!;
    expect(JSON.stringify(post.args)).toMatch(/Tradeoffs/);
    expect(post.token).toBe('xoxb-test');
  });

  it('serves Teams on /api/messages (a malformed activity gets 400)', async () => {
    const r = await fetch(`http://127.0.0.1:${teamsPort}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":',
    });
    expect(r.status).toBe(400);
  });

  it('stops cleanly: both ports closed', async () => {
    await running.stop();
    await expect(fetch(`http://127.0.0.1:${slackPort}/healthz`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${teamsPort}/api/messages`, { method: 'POST', body: '{}' })).rejects.toThrow();
  });
});
