/**
 * Nothing lost on a crash: the real app (dist/main.js) on the default SQLite store is killed with
 * SIGKILL while the model is still grading an answer; restarted over the same file, it finishes
 * the grading on its own and the feedback reaches the person's DM.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { FakeOpenAI } from '../support/fake-openai';
import { dmChannelOf, messageIm, slackEscape } from '../support/slack-payloads';
import { isGradeRequest, modelReply, startApp, waitUntil, type AppProcess } from '../support/app-process';
import { SQLITE_FILE } from '../../src/store/sqlite';
import { blockText } from '../slack/harness';

jest.setTimeout(240_000);

const ANSWER =
  'First I would ask what decision the ops lead makes with the status and measure the baseline lead time. ' +
  'Because the parser is a one-off, I would ship it behind a feature flag with logging and a rollback, and tell the account owner by Friday.';

let slack: FakeSlack;
let model: FakeOpenAI;
const apps: AppProcess[] = [];

beforeAll(async () => {
  slack = await startFakeSlack();
  model = await FakeOpenAI.start();
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.kill('SIGKILL')));
  await model.close();
  await slack.close();
});

test('kill -9 during a slow grading: after the restart the feedback arrives, graded once and stored', async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fde-restart-'));
  const env = {
    SLACK_API_URL: slack.apiUrl,
    GRADER: 'llm',
    OPENAI_BASE_URL: model.baseURL,
    OPENAI_API_KEY: 'sk-test',
    FDE_DATA_DIR: dataDir,
    FDE_JOB_LEASE_MS: '1500',
  };
  // The first process grades slowly: long enough to be killed in the middle.
  model.otherwise((req) => modelReply(req, isGradeRequest(req) ? 20_000 : 0));
  const user = 'U0RESTART1';
  const dm = dmChannelOf(user);

  const first = await startApp(env);
  apps.push(first);
  expect((await first.command('practice tradeoffs easy', user)).status).toBe(200);
  await slack.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === dm), 15_000);
  expect((await first.event(messageIm(slackEscape(ANSWER), { user }))).status).toBe(200);
  await waitUntil('the grading request to reach the model', () => model.requests.some(isGradeRequest)).catch((err: Error) => {
    throw new Error(`${err.message}; model saw ${model.requests.length} requests; app said:\n${first.output()}`);
  });
  await slack.waitFor((calls) => calls.some((c) => c.args.channel === dm && /Grading your answer/.test(String(c.args.text))), 15_000);
  await first.kill('SIGKILL');
  const gradeRequestsBefore = model.requests.filter(isGradeRequest).length;

  // The restarted process grades promptly; nobody sends anything.
  model.otherwise((req) => modelReply(req, 0));
  const second = await startApp(env);
  apps.push(second);
  const posts = await slack.waitFor(
    (calls) => calls.some((c) => c.method === 'chat.postMessage' && c.args.channel === dm && /^Feedback: /.test(String(c.args.text))),
    30_000,
  );
  const feedback = posts.filter((c) => c.method === 'chat.postMessage' && c.args.channel === dm && /^Feedback: /.test(String(c.args.text)));
  expect(feedback).toHaveLength(1);
  // The notice saying why the feedback comes now travels in the same message.
  expect(blockText(feedback[0]!.args.blocks)).toMatch(/^The bot restarted while grading your answer to ".+"\. It has been graded now/);
  expect(model.requests.filter(isGradeRequest).length).toBe(gradeRequestsBefore + 1);
  await second.kill('SIGTERM');

  // Stored: one graded answer with its points, no job left, the session closed.
  const db = new BetterSqlite3(path.join(dataDir, SQLITE_FILE), { readonly: true });
  try {
    const answers = db.prepare('select person_key, points, overall, grader, source from answers').all() as { person_key: string; points: number; overall: number; grader: string; source: string }[];
    // Graded by the model once and stored (its points depend on which easy scenario was drawn: this
    // generic-ish answer is capped and earns nothing on one of them, which is the substance floor's job).
    expect(answers).toEqual([{ person_key: `slack:T0FDE0001:${user}`, points: expect.any(Number), overall: expect.any(Number), grader: 'llm', source: 'practice' }]);
    expect(answers[0]!.overall).toBeGreaterThanOrEqual(1);
    expect(db.prepare('select count(*) as n from jobs').get()).toEqual({ n: 0 });
    expect(db.prepare('select count(*) as n from sessions').get()).toEqual({ n: 0 });
  } finally {
    db.close();
  }
});
