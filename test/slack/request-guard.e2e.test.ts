/**
 * Signed requests that are not Slack requests, and signatures outside the 5-minute window, sent
 * over loopback with the real signing secret: each gets its status at once, nothing reaches the
 * coach, and the app keeps answering good requests afterwards.
 */
import { asCommand, formBody, postSigned, slashCommand, TEST_USER } from '../support/slack-payloads';
import { keyOf, startHarness, waitForPosts, type Harness } from './harness';
import { dmChannelOf } from '../support/slack-payloads';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const json = (body: string) => ({ body, contentType: 'application/json' as const });
const form = (body: string) => ({ body, contentType: 'application/x-www-form-urlencoded' as const });

/** A good request still works: /fde help answers through its response_url. */
async function stillAnswers(): Promise<void> {
  const r = await h.command('help');
  expect(r.status).toBe(200);
  await h.fake.waitFor((calls) => calls.some((c) => c.method === 'response_url'));
}

describe('correctly signed bodies that are not Slack requests get 400', () => {
  it.each([
    ['JSON null', json('null')],
    ['a JSON array', json('[]')],
    ['a JSON string', json('"x"')],
    ['a JSON number', json('42')],
    ['an empty JSON object', json('{}')],
    ['JSON that does not parse', json('{"type": "event_callback", ')],
    ['an event envelope whose event is null', json(JSON.stringify({ type: 'event_callback', event: null }))],
    ['an event without a type', json(JSON.stringify({ type: 'event_callback', event: { user: 'U1' } }))],
    ['an event whose channel is a number', json(JSON.stringify({ type: 'event_callback', event: { type: 'message', channel: 7 } }))],
    ['a form body payload=null', form('payload=null')],
    ['a form body payload=[]', form('payload=%5B%5D')],
    ['a form body payload="x"', form('payload=%22x%22')],
    ['a form payload that is not JSON', form('payload=%7Bnope')],
    ['a form without a command', form('text=practice&user_id=U1')],
    ['a slash command without a user', form(formBody({ command: '/fde', text: 'practice', channel_id: 'C1' }))],
    ['block_actions without actions', form(formBody({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, actions: [] }) }))],
    ['block_actions without a user', form(formBody({ payload: JSON.stringify({ type: 'block_actions', actions: [{ action_id: 'fde_skip' }] }) }))],
    ['a view submission without a view', form(formBody({ payload: JSON.stringify({ type: 'view_submission', user: { id: 'U1' } }) }))],
  ])('%s', async (_name, req) => {
    h.fake.clearCalls();
    const logged = h.logLines.length;
    const r = await postSigned(h.eventsUrl, req);
    expect(r.status).toBe(400);
    expect(r.body).toBe('');
    await stillAnswers();
    // The refusal is logged with its reason, and nothing but the good request reached the coach.
    expect(h.logLines.slice(logged).some((l) => l.includes('Slack request refused') && l.includes('"status":400'))).toBe(true);
    expect(h.fake.calls('chat.postMessage')).toEqual([]);
  });

  it('an unsigned malformed body is still 401 (the signature is checked first)', async () => {
    expect((await postSigned(h.eventsUrl, { ...json('null'), signature: 'v0=' + '0'.repeat(64) })).status).toBe(401);
    expect((await postSigned(h.eventsUrl, { ...json('null'), secret: 'another-secret' })).status).toBe(401);
  });

  it("Slack's unsigned ssl_check still gets 200", async () => {
    expect((await postSigned(h.eventsUrl, { ...form('ssl_check=1&token=x'), signature: 'v0=bad' })).status).toBe(200);
  });
});

describe('request timestamps more than 5 minutes from now, either way, get 401', () => {
  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['10 minutes ahead', 600],
    ['years ahead', 5 * 365 * 24 * 3600],
    ['10 minutes behind', -600],
  ])('%s', async (_name, offset) => {
    h.fake.clearCalls();
    const r = await postSigned(h.eventsUrl, { ...asCommand(slashCommand({ text: 'practice', response_url: h.fake.responseUrl() })), timestamp: now() + offset });
    expect(r.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.fake.calls()).toEqual([]);
    expect(await h.core.store.getSession(keyOf(TEST_USER))).toBeUndefined();
  });

  it('within the window (4 minutes either way) the request is served', async () => {
    for (const offset of [240, -240]) {
      h.fake.clearCalls();
      const r = await postSigned(h.eventsUrl, { ...asCommand(slashCommand({ text: 'help', response_url: h.fake.responseUrl() })), timestamp: now() + offset });
      expect(r.status).toBe(200);
      await h.fake.waitFor((calls) => calls.some((c) => c.method === 'response_url'));
    }
  });

  it('a practice command signed now starts a session (the guard lets good requests through)', async () => {
    h.fake.clearCalls();
    await h.command('practice');
    await waitForPosts(h.fake, dmChannelOf(TEST_USER), 1);
  });
});
