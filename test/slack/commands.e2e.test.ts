/**
 * `/fde` over HTTP: the real Bolt app receives signed slash commands; its Web API is the fake.
 */
import { request } from 'node:http';
import { FAKE_APP_ID, FAKE_TEAM } from '../support/fake-slack';
import { asCommand, dmChannelOf, postSigned, signRequest, slashCommand, TEST_CHANNEL } from '../support/slack-payloads';
import { blockText, buttonsIn, isRetirement, keyOf, startHarness, waitForPosts, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const responses = (id: string) => h.fake.calls('response_url').filter((c) => c.responseId === id);

test('/fde practice in the DM: an empty 200 ack, then the scenario as Block Kit in the DM', async () => {
  const user = 'U0CMD0001';
  const dm = dmChannelOf(user);
  const r = await h.command('practice tradeoffs easy', { user_id: user, channel_id: dm });
  expect(r.status).toBe(200);
  expect(r.body).toBe('');

  const [post] = await waitForPosts(h.fake, dm, 1);
  const session = await h.core.store.getSession(keyOf(user));
  expect(session).toBeDefined();
  const scenario = h.core.library.scenario(session!.scenarioId)!;
  expect(scenario.category).toBe('tradeoffs');
  expect(scenario.difficulty).toBe('easy');
  const blocks = post!.args.blocks as { type: string; text?: { text: string } }[];
  expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: scenario.title.en, emoji: true } });
  const text = blockText(blocks);
  expect(text).toContain('*Situation*');
  expect(text).toContain('*Assessed on:*');
  expect(buttonsIn(blocks)).toEqual([
    { action_id: 'fde_skip', value: session!.id, text: 'Skip' },
    { action_id: 'fde_end', value: session!.id, text: 'End session' },
  ]);
  expect(post!.token).toBe('xoxb-test-token');
  expect(h.fake.calls('conversations.open').some((c) => c.args.users === user)).toBe(true);
  // Typed in the DM: no pointer.
  expect(h.fake.calls('chat.postEphemeral').filter((c) => c.args.user === user)).toHaveLength(0);
});

test('typed in a channel: the channel gets only an ephemeral pointer; the session runs in the DM', async () => {
  const user = 'U0CMD0002';
  const r = await h.command('practice discovery', { user_id: user, channel_id: TEST_CHANNEL, channel_name: 'general' });
  expect(r.status).toBe(200);
  const [post] = await waitForPosts(h.fake, dmChannelOf(user), 1);
  expect(blockText(post!.args.blocks)).toContain('discovery');
  const pointer = h.fake.calls('chat.postEphemeral').filter((c) => c.args.user === user);
  expect(pointer).toHaveLength(1);
  expect(pointer[0]!.args.channel).toBe(TEST_CHANNEL);
  expect(String(pointer[0]!.args.text)).toContain(`https://slack.com/app_redirect?app=${FAKE_APP_ID}&team=${FAKE_TEAM}`);
  expect(h.fake.calls('chat.postMessage').filter((c) => c.args.channel === TEST_CHANNEL)).toHaveLength(0);
});

test('where the bot is not a member, the pointer goes through the response_url', async () => {
  const user = 'U0CMD0003';
  const responseId = 'Rpointer1';
  h.fake.failNext('chat.postEphemeral', 'channel_not_found');
  await h.command('practice', { user_id: user, channel_id: 'C0PRIVATE1', response_url: h.fake.responseUrl(responseId) });
  await waitForPosts(h.fake, dmChannelOf(user), 1);
  await h.fake.waitFor(() => responses(responseId).length === 1);
  const [resp] = responses(responseId);
  expect(resp!.args.response_type).toBe('ephemeral');
  expect(String(resp!.args.text)).toContain('DM');
});

test('every command is acknowledged before any grading: the ack returns while the grader is still working', async () => {
  const user = 'U0CMD0004';
  const dm = dmChannelOf(user);
  h.grader.probes = 'once';
  try {
    await h.command('practice tradeoffs easy', { user_id: user, channel_id: dm });
    await waitForPosts(h.fake, dm, 1);
    await h.dm('I would harden the pilot first because failures are invisible.', { user });
    await waitForPosts(h.fake, dm, 2); // the follow-up probe
  } finally {
    h.grader.probes = 'never';
  }
  const release = h.grader.hold();
  // "/fde stop" grades the answer already given; the grader holds until released, so this ack
  // can only have come back before grading finished.
  const r = await h.command('stop', { user_id: user, channel_id: dm });
  expect(r.status).toBe(200);
  expect(r.body).toBe('');
  const posts3 = await waitForPosts(h.fake, dm, 3);
  expect(blockText(posts3[2]!.args.blocks)).toContain('Grading your answer');
  expect(h.fake.calls('chat.update').filter((c) => c.args.channel === dm && !isRetirement(c))).toHaveLength(0);
  release();
  const posts = await waitForPosts(h.fake, dm, 5); // scenario, probe, grading..., summary, stopped
  expect(posts.map((p) => blockText(p.args.blocks)).join('\n')).toContain('Session ended');
  expect(await h.core.store.getSession(keyOf(user))).toBeUndefined();
});

test('/fde categories, /fde stats and /fde help answer ephemerally where they were typed', async () => {
  const user = 'U0CMD0005';
  await h.command('categories', { user_id: user, channel_id: TEST_CHANNEL, response_url: h.fake.responseUrl('Rcat') });
  await h.command('stats', { user_id: user, channel_id: TEST_CHANNEL, response_url: h.fake.responseUrl('Rstats') });
  await h.command('help', { user_id: user, channel_id: TEST_CHANNEL, response_url: h.fake.responseUrl('Rhelp') });
  await h.fake.waitFor(() => responses('Rcat').length + responses('Rstats').length + responses('Rhelp').length === 3);

  const cat = responses('Rcat')[0]!.args;
  expect(cat.response_type).toBe('ephemeral');
  const catButtons = buttonsIn(cat.blocks);
  expect(catButtons.map((b) => JSON.parse(b.value).category)).toEqual(h.core.library.categories.map((c) => c.id));
  expect(blockText(cat.blocks)).toContain(h.core.library.categories[0]!.name.en);

  const stats = responses('Rstats')[0]!.args;
  expect(blockText(stats.blocks)).toContain('Your progress');
  expect(blockText(stats.blocks)).toContain('No graded answers yet');
  expect(blockText(stats.blocks)).not.toContain('Grading usage');

  const help = responses('Rhelp')[0]!.args;
  expect(blockText(help.blocks)).toContain('/fde practice [category] [easy|medium|hard]');
  // Nothing was posted anywhere else for this person.
  expect(h.fake.calls('chat.postMessage').filter((c) => c.args.channel === dmChannelOf(user))).toHaveLength(0);
});

test('/fde stats shows grading usage to workspace admins', async () => {
  const admin = 'U0CMDADM1';
  h.fake.setUser(admin, { is_admin: true });
  await h.command('stats', { user_id: admin, channel_id: TEST_CHANNEL, response_url: h.fake.responseUrl('Radm') });
  await h.fake.waitFor(() => responses('Radm').some((r) => /Grading usage/.test(blockText(r.args.blocks))));
  const all = responses('Radm').map((r) => blockText(r.args.blocks)).join('\n');
  expect(all).toContain('Your progress');
  expect(all).toMatch(/Grading usage \(admins\): \d+ gradings, \d+ by the model/);
});

test('anything else shows help, saying what was not understood', async () => {
  const user = 'U0CMD0006';
  await h.command('dance', { user_id: user, response_url: h.fake.responseUrl('Rdance') });
  await h.command('practice cooking', { user_id: user, response_url: h.fake.responseUrl('Rcook') });
  await h.fake.waitFor(() => responses('Rdance').length + responses('Rcook').length === 2);
  expect(blockText(responses('Rdance')[0]!.args.blocks)).toContain('I don’t know the command `dance`.');
  expect(blockText(responses('Rcook')[0]!.args.blocks)).toContain('There is no category `cooking`.');
  expect(await h.core.store.getSession(keyOf(user))).toBeUndefined();
});

test('/fde lang ko switches the language: the next scenario comes in Korean', async () => {
  const user = 'U0CMD0007';
  const dm = dmChannelOf(user);
  await h.command('lang ko', { user_id: user, channel_id: dm, response_url: h.fake.responseUrl('Rlang') });
  await h.fake.waitFor(() => responses('Rlang').length === 1);
  expect(blockText(responses('Rlang')[0]!.args.blocks)).toContain('언어를 한국어로 설정했습니다.');
  await h.command('practice', { user_id: user, channel_id: dm });
  const [post] = await waitForPosts(h.fake, dm, 1);
  const session = await h.core.store.getSession(keyOf(user));
  const scenario = h.core.library.scenario(session!.scenarioId)!;
  expect((post!.args.blocks as { text?: { text: string } }[])[0]!.text!.text).toBe(scenario.title.ko);
  expect(blockText(post!.args.blocks)).toContain('건너뛰기');
});

describe('request signing', () => {
  test('a bad, stale or missing signature gets 401 and causes no Web API call', async () => {
    const user = 'U0CMD0008';
    const before = h.fake.calls().length;
    const body = asCommand(slashCommand({ user_id: user, text: 'practice', response_url: h.fake.responseUrl('Rsig') }));

    const bad = await postSigned(h.eventsUrl, { ...body, signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' });
    const wrongSecret = await postSigned(h.eventsUrl, { ...body, secret: 'not-the-secret' });
    const stale = await postSigned(h.eventsUrl, { ...body, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const tampered = await postSigned(h.eventsUrl, { ...body, headers: signRequest('x', 'y') });
    expect([bad.status, wrongSecret.status, stale.status, tampered.status]).toEqual([401, 401, 401, 401]);

    // A good request from the same person afterwards: its calls are the only new ones.
    await h.command('help', { user_id: user, response_url: h.fake.responseUrl('Rmarker') });
    await h.fake.waitFor(() => responses('Rmarker').length === 1);
    expect(h.fake.calls().slice(before).map((c) => `${c.method}:${c.responseId ?? ''}`)).toEqual(['response_url:Rmarker']);
    expect(await h.core.store.getSession(keyOf(user))).toBeUndefined();
  });
});

describe('HTTP endpoints', () => {
  test('GET /healthz answers', async () => {
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${h.slack.url}/healthz`, { agent: false }, (r) => {
        let body = '';
        r.on('data', (c: Buffer) => (body += c.toString()));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', platform: 'slack', mode: 'http' });
  });

  test("Slack's url_verification handshake is answered with the challenge", async () => {
    const r = await h.event({ token: 'x', challenge: 'ch4ll3nge', type: 'url_verification' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ challenge: 'ch4ll3nge' });
  });
});
