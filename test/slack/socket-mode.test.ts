/**
 * Socket Mode (config.slack.mode === 'socket'): the app opens its connection through
 * apps.connections.open with the app-level token, then receives envelopes over the WebSocket and
 * acknowledges each one. The fake Slack plays both the Web API and the WebSocket.
 */
import { buildCore, type Core } from '../../src/app';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/core/ports';
import { createSlackApp, type SlackApp } from '../../src/slack';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { dmChannelOf, messageIm, slackEscape, slashCommand } from '../support/slack-payloads';
import { blockText, GOOD_ANSWER, keyOf, TestGrader, waitForPosts, waitForUpdates } from './harness';

let fake: FakeSlack;
let core: Core;
let slack: SlackApp;
const grader = new TestGrader();

beforeAll(async () => {
  fake = await startFakeSlack();
  const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-socket-test', SLACK_APP_TOKEN: 'xapp-1-A0FDE0001-socket-test', SLACK_API_URL: fake.apiUrl, GRADER: 'offline' });
  expect(config.slack!.mode).toBe('socket');
  core = buildCore(config, silentLogger, { grader, random: () => 0 });
  slack = createSlackApp(core);
  await slack.start();
  await fake.socketMode.connected();
});
afterAll(async () => {
  await slack.stop();
  await fake.close();
});

test('connects with the app-level token and no HTTP server', () => {
  const open = fake.calls('apps.connections.open');
  expect(open).toHaveLength(1);
  expect(open[0]!.token).toBe('xapp-1-A0FDE0001-socket-test');
  expect(fake.calls('auth.test')[0]!.token).toBe('xoxb-socket-test');
  expect(slack.mode).toBe('socket');
  expect(slack.url).toBeUndefined();
});

test('a slash command envelope is acknowledged, then the scenario is posted in the DM', async () => {
  const user = 'U0SCK0001';
  const ack = await fake.socketMode.send('slash_commands', slashCommand({ user_id: user, text: 'practice tradeoffs easy', response_url: fake.responseUrl() }));
  expect(ack).toEqual({});
  const [post] = await waitForPosts(fake, dmChannelOf(user), 1);
  const session = await core.store.getSession(keyOf(user));
  expect(blockText(post!.args.blocks)).toContain(core.library.scenario(session!.scenarioId)!.title.en);
});

test('an answer arrives as an events_api envelope; a redelivery (retry_attempt) is graded once', async () => {
  const user = 'U0SCK0001';
  const dm = dmChannelOf(user);
  const before = grader.gradeCalls.length;
  const body = messageIm(slackEscape(GOOD_ANSWER), { user });
  await fake.socketMode.send('events_api', body, { retry_attempt: 0, retry_reason: '' });
  await fake.socketMode.send('events_api', body, { retry_attempt: 1, retry_reason: 'timeout' });
  await waitForUpdates(fake, dm, 1);
  await waitForPosts(fake, dm, 3);
  await fake.socketMode.send('events_api', messageIm('stats', { user }));
  await waitForPosts(fake, dm, 4);
  expect(grader.gradeCalls.length - before).toBe(1);
  expect(fake.calls('socket_ack').length).toBeGreaterThanOrEqual(4);
});
