/**
 * Two instances of the real app (dist/main.js, Slack HTTP mode) behind one Slack app, sharing one
 * PostgreSQL: they behave as one. A session started on one is answered on the other; the same
 * signed event delivered to both is graded once; a daily prompt due while both run is posted
 * once; an instance killed mid-grading leaves the grading to the other, and the feedback arrives.
 * Skipped without FDE_TEST_DATABASE_URL (CI always runs it: see test/support/pg.ts).
 */
import type { DailySettings } from '../../src/core/daily';
import { openPostgresStore } from '../../src/store/postgres';
import { FakeOpenAI } from '../support/fake-openai';
import { startFakeSlack, FAKE_TEAM, type FakeSlack } from '../support/fake-slack';
import { describePg, dropDatabase, freshDatabase } from '../support/pg';
import { dmChannelOf, messageIm, slackEscape } from '../support/slack-payloads';
import { isGradeRequest, modelReply, startApp, waitUntil, type AppProcess } from '../support/app-process';
import { blockText } from '../slack/harness';

jest.setTimeout(240_000);

const ANSWER =
  'First I would ask what decision the ops lead makes with the status and measure the baseline lead time. ' +
  'Because the parser is a one-off, I would ship it behind a feature flag with logging and a rollback, and tell the account owner by Friday.';
const DAILY_CHANNEL = 'C0DAILY001';

describePg('two instances on one PostgreSQL', () => {
  let url: string;
  let slack: FakeSlack;
  let model: FakeOpenAI;
  let a: AppProcess;
  let b: AppProcess;
  /** Grade requests made while this is set wait 20 s (long enough to kill the process). */
  let slowGrades = false;

  // Feedback replaces the "Grading..." placeholder in place (chat.update), or is posted when it
  // comes outside a request (a resumed grading).
  const feedbackPosts = (dm: string) =>
    slack.calls().filter((c) => /^chat\.(postMessage|update)$/.test(c.method) && c.args.channel === dm && /^Feedback: /.test(String(c.args.text)));
  const answersOf = async (user: string) => {
    const s = await openPostgresStore(url);
    try {
      return (await s.answersOf(`slack:${FAKE_TEAM}:${user}`)).length;
    } finally {
      await s.close();
    }
  };

  beforeAll(async () => {
    url = await freshDatabase('two');
    slack = await startFakeSlack();
    model = await FakeOpenAI.start();
    model.otherwise((req) => modelReply(req, slowGrades && isGradeRequest(req) ? 20_000 : 0));
    // A daily prompt due now (set yesterday for the current minute, UTC), in place before both start.
    const store = await openPostgresStore(url);
    const due = new Date(Date.now() - 60_000);
    const settings: DailySettings = {
      teamKey: `slack:${FAKE_TEAM}`,
      channelId: DAILY_CHANNEL,
      time: `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`,
      timeZone: 'UTC',
      days: 'everyday',
      language: 'en',
      enabled: true,
      setBy: `slack:${FAKE_TEAM}:U0ADMIN01`,
      setAt: Date.now() - 86_400_000,
    };
    await store.putDoc(`daily:settings:${settings.teamKey}`, settings);
    await store.close();
    const env = {
      SLACK_API_URL: slack.apiUrl,
      GRADER: 'llm',
      OPENAI_BASE_URL: model.baseURL,
      OPENAI_API_KEY: 'sk-test',
      DATABASE_URL: url,
      FDE_JOB_LEASE_MS: '1500',
    };
    [a, b] = await Promise.all([startApp(env), startApp(env)]);
  });

  afterAll(async () => {
    await Promise.all([a?.kill('SIGKILL'), b?.kill('SIGKILL')]);
    await model?.close();
    await slack?.close();
    if (url) await dropDatabase(url);
  });

  test('a daily prompt due while both run is posted once', async () => {
    await slack.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === DAILY_CHANNEL), 20_000);
    // Both instances ran their catch-up tick at start; give the slower one time to have posted too.
    await new Promise((r) => setTimeout(r, 1500));
    expect(slack.calls('chat.postMessage').filter((c) => c.args.channel === DAILY_CHANNEL)).toHaveLength(1);
  });

  test('a session started on one instance is answered on the other', async () => {
    const user = 'U0TWO0001';
    const dm = dmChannelOf(user);
    expect((await a.command('practice tradeoffs easy', user)).status).toBe(200);
    await slack.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === dm), 15_000);
    expect((await b.event(messageIm(slackEscape(ANSWER), { user }))).status).toBe(200);
    await waitUntil('feedback', () => feedbackPosts(dm).length > 0);
    expect(await answersOf(user)).toBe(1);
  });

  test('the same signed event delivered to both instances is graded once', async () => {
    const user = 'U0TWO0002';
    const dm = dmChannelOf(user);
    await a.command('practice tradeoffs easy', user);
    await slack.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === dm), 15_000);
    const gradesBefore = model.requests.filter(isGradeRequest).length;
    const event = messageIm(slackEscape(ANSWER), { user });
    const [ra, rb] = await Promise.all([a.event(event), b.event(event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    await waitUntil('feedback', () => feedbackPosts(dm).length > 0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(feedbackPosts(dm)).toHaveLength(1);
    expect(model.requests.filter(isGradeRequest).length).toBe(gradesBefore + 1);
    expect(await answersOf(user)).toBe(1);
  });

  test('killing one instance mid-grading leaves the grading to the other; the feedback arrives', async () => {
    const user = 'U0TWO0003';
    const dm = dmChannelOf(user);
    await a.command('practice tradeoffs easy', user);
    await slack.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === dm), 15_000);
    slowGrades = true;
    const gradesBefore = model.requests.filter(isGradeRequest).length;
    await a.event(messageIm(slackEscape(ANSWER), { user }));
    await waitUntil('the grading request', () => model.requests.filter(isGradeRequest).length > gradesBefore);
    slowGrades = false;
    await a.kill('SIGKILL');
    await waitUntil('feedback from the other instance', () => feedbackPosts(dm).length > 0, 60_000);
    const [post] = feedbackPosts(dm);
    expect(blockText(post!.args.blocks)).toMatch(/^The bot restarted while grading your answer/);
    expect(await answersOf(user)).toBe(1);
    expect(b.child.exitCode).toBeNull();
  });
});
