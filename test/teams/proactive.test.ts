/**
 * Messages outside a request, through the adapter's continueConversation with a stored
 * reference: a card posted into a team channel, private messages from a channel (opening the
 * personal chat when needed), and idle-out deliveries. The daily prompt is in daily.test.ts.
 */
import { personKey } from '../../src/core/ports';
import type { StoredReference } from '../../src/teams';
import { FakeConnector, cardText, cardsOf } from '../support/fake-connector';
import {
  ANA,
  CHANNEL_ID,
  PERSONAL_CONVERSATION,
  TENANT,
  botAdded,
  channelMessage,
  personalMessage,
  startHarness,
  type Harness,
} from './harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function installInTeam(): Promise<StoredReference> {
  await h.post(botAdded(h.connector.url, 'team'));
  h.connector.clear();
  const [ref] = await h.server.channelReferences();
  return ref!;
}

describe('proactive posts', () => {
  it('postToChannel posts a card as a new message in the stored channel (not a reply)', async () => {
    const ref = await installInTeam();
    const id = await h.server.postToChannel(ref, {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body: [{ type: 'TextBlock', text: 'Hello team', wrap: true }],
    });
    const sent = h.connector.activities[0]!;
    expect(h.connector.activities).toHaveLength(1);
    expect(sent).toEqual(expect.objectContaining({ method: 'POST', conversationId: CHANNEL_ID, replyToId: undefined, id }));
    expect(sent.body.replyToId).toBeUndefined();
    expect(cardText(cardsOf(sent)[0])).toBe('Hello team');
    // Without a client id the local connector is called anonymously.
    expect(sent.authorization).toBeUndefined();
  });

  it('when the personal chat cannot be opened, the thread says so instead of claiming it was sent', async () => {
    h.connector.failNext.push(403); // POST /v3/conversations refused
    await h.post(channelMessage(h.connector.url, 'practice', { mention: true }));
    expect(h.connector.conversations).toEqual([]);
    expect(h.connector.activities.map((a) => [a.conversationId, a.body.text])).toEqual([
      [CHANNEL_ID, 'I could not reach you in personal chat. Open a chat with FDE Coach and type `help`.'],
    ]);
    expect(h.log.entries.some((e) => e.level === 'error' && e.msg === 'could not message the person privately')).toBe(true);
  });

  it('reuses the stored personal chat for the next private message', async () => {
    await h.post(personalMessage(h.connector.url, 'help')); // stores Ana's personal reference
    h.connector.clear();
    await h.post(channelMessage(h.connector.url, 'stats', { mention: true }));
    expect(h.connector.conversations).toEqual([]);
    const [stats, ack] = h.connector.activities;
    expect(stats!.conversationId).toBe(PERSONAL_CONVERSATION);
    expect(cardText(cardsOf(stats!)[0])).toContain('Your progress');
    expect(ack!.conversationId).toBe(CHANNEL_ID);
  });

  it('deliver() sends idle-out replies to the stored personal chat, and fails loudly without one', async () => {
    await h.post(personalMessage(h.connector.url, 'help'));
    h.connector.clear();
    const key = personKey({ platform: 'teams', teamId: TENANT, userId: ANA.aadObjectId });
    await h.server.deliver({
      personKey: key,
      replies: [{ kind: 'notice', language: 'en', code: 'session-expired-graded', text: 'Your session timed out after 60 minutes, so I graded the answer you had given.' }],
    });
    const sent = h.connector.activities[0]!;
    expect(sent).toEqual(expect.objectContaining({ method: 'POST', conversationId: PERSONAL_CONVERSATION }));
    expect(sent.body.text).toMatch(/timed out/);

    await expect(
      h.server.deliver({ personKey: 'teams:other-tenant:nobody', replies: [{ kind: 'notice', language: 'en', code: 'stopped', text: 'x' }] }),
    ).rejects.toThrow(/no personal chat is stored/);
  });
});

describe('without a client id, an activity cannot move a stored conversation to another serviceUrl', () => {
  let other: FakeConnector;
  beforeEach(async () => {
    other = await new FakeConnector().start();
  });
  afterEach(async () => {
    await other.stop();
  });

  it('idle-out feedback still goes to the connector the personal chat was stored with', async () => {
    await h.post(personalMessage(h.connector.url, 'help'));
    // Someone on the endpoint's network sends an activity in Ana's chat naming another host.
    await h.post(personalMessage(other.url, 'help'));
    h.connector.clear();
    other.clear();
    const key = personKey({ platform: 'teams', teamId: TENANT, userId: ANA.aadObjectId });
    const stored = await h.core.store.getDoc<StoredReference>(`teams:ref:user:${key}`);
    expect(stored?.serviceUrl).toBe(h.connector.url);
    await h.server.deliver({
      personKey: key,
      replies: [{ kind: 'notice', language: 'en', code: 'session-expired-graded', text: 'Your session timed out after 60 minutes, so I graded the answer you had given.' }],
    });
    expect(other.activities).toEqual([]);
    expect(h.connector.activities).toEqual([expect.objectContaining({ method: 'POST', conversationId: PERSONAL_CONVERSATION })]);
    expect(h.log.entries.some((e) => e.level === 'warn' && /keeping the stored one/.test(e.msg ?? ''))).toBe(true);
  });

  it('a team installation keeps its serviceUrl: private chats open and channel posts go there', async () => {
    await h.post(botAdded(h.connector.url, 'team'));
    await h.post(botAdded(other.url, 'team'));
    await h.post(channelMessage(other.url, 'practice', { mention: true }));
    // The personal chat was opened through the installed connector, not the one the message named.
    expect(other.conversations).toEqual([]);
    expect(h.connector.conversations).toHaveLength(1);
    const [ref] = await h.server.channelReferences();
    expect(ref!.serviceUrl).toBe(h.connector.url);
    h.connector.clear();
    other.clear();
    await h.server.postToChannel(ref!, { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body: [{ type: 'TextBlock', text: 'Daily', wrap: true }] });
    expect(other.activities).toEqual([]);
    expect(h.connector.activities).toHaveLength(1);
  });
});
