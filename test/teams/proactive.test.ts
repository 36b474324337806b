/**
 * Messages outside a request, through the adapter's continueConversation with a stored
 * reference: the daily prompt posted into a team channel, answers in its thread graded with
 * feedback sent privately, and idle-out deliveries to a personal chat.
 */
import { personKey } from '../../src/core/ports';
import type { ScenarioView } from '../../src/core/replies';
import type { StoredReference } from '../../src/teams';
import { cardText, cardsOf } from '../support/fake-connector';
import {
  ANA,
  BEN,
  CHANNEL_ID,
  PERSONAL_CONVERSATION,
  TENANT,
  botAdded,
  cardSubmit,
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

function view(h: Harness, id: string): ScenarioView {
  const s = h.core.library.scenario(id)!;
  return {
    id: s.id,
    category: s.category,
    categoryName: s.category,
    difficulty: s.difficulty,
    title: s.title.en,
    situation: s.situation.en,
    criteria: s.criteria.map((c) => ({ id: c, name: h.core.library.criterion(c).name.en })),
  };
}

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

  it('posts the daily scenario card to the stored channel; a threaded answer is graded and feedback goes to personal chat', async () => {
    const ref = await installInTeam();
    const scenario = h.core.library.scenarios.find((s) => s.category === 'tradeoffs')!;
    const postId = await h.server.postPrompt(ref, view(h, scenario.id), 'en');

    const post = h.connector.activities[0]!;
    expect(post.conversationId).toBe(CHANNEL_ID);
    expect(post.replyToId).toBeUndefined();
    const card = cardsOf(post)[0]!;
    expect(card.version).toBe('1.5');
    expect(cardText(card)).toContain('Daily FDE prompt');
    expect(cardText(card)).toContain(scenario.title.en);
    expect(cardText(card)).toContain('Reply in this thread');
    expect(card.actions ?? []).toEqual([]); // no Skip/End on a channel post
    expect(await h.core.store.getDoc(`teams:post:${postId}`)).toEqual(
      expect.objectContaining({ scenarioId: scenario.id, conversationId: CHANNEL_ID, language: 'en' }),
    );

    // Ben answers in the thread without mentioning the bot (the RSC permission delivers it).
    h.connector.clear();
    const answer = scenario.keyPoints.map((k) => `I would ${k.text.en.toLowerCase()}, because otherwise we lose the customer's trust.`).join(' ');
    await h.post(channelMessage(h.connector.url, answer, { threadRoot: postId, from: BEN }));

    const [ack, feedback, summary] = h.connector.activities;
    expect(ack!.conversationId).toBe(`${CHANNEL_ID};messageid=${postId}`);
    expect(ack!.body.text).toMatch(/feedback is on its way/);
    const created = h.connector.conversations[0]!;
    expect(created.body.members).toEqual([expect.objectContaining({ id: BEN.id })]);
    expect(feedback!.conversationId).toBe(created.id);
    const text = cardText(cardsOf(feedback!)[0]);
    expect(text).toMatch(/Overall: \d\.\d\/5/);
    expect(text).toMatch(/\*\*[1-5]\/5\*\*/);
    expect(text).not.toContain(ANA.name);
    expect(summary!.conversationId).toBe(created.id);
    // Scores stay private: nothing with a score went to the channel.
    for (const a of h.connector.in(CHANNEL_ID, { thread: true })) expect(JSON.stringify(a.body)).not.toMatch(/\/5/);
    const ben = await h.core.store.getUser(personKey({ platform: 'teams', teamId: TENANT, userId: BEN.aadObjectId }));
    expect(ben?.history[0]).toEqual(expect.objectContaining({ scenarioId: scenario.id, source: 'daily' }));
  });

  it('in a prompt thread: a short aside is ignored, a second answer is not graded twice', async () => {
    const ref = await installInTeam();
    const scenario = h.core.library.scenarios[0]!;
    const postId = await h.server.postPrompt(ref, view(h, scenario.id), 'en');
    h.connector.clear();
    await h.post(channelMessage(h.connector.url, 'Nice one, hard question!', { threadRoot: postId, from: BEN }));
    expect(h.connector.activities).toEqual([]);
    expect(h.grader.calls).toHaveLength(0);

    const answer = 'I would first ask who owns the decision, because without an owner nothing ships, then agree a two-week pilot.';
    await h.post(channelMessage(h.connector.url, answer, { threadRoot: postId, from: BEN }));
    expect(h.grader.calls).toHaveLength(1);
    h.connector.clear();
    await h.post(channelMessage(h.connector.url, answer + ' And measure it.', { threadRoot: postId, from: BEN }));
    expect(h.grader.calls).toHaveLength(1);
    expect(h.connector.activities.map((a) => a.body.text)).toEqual([
      'You have already answered this prompt; your feedback is in our personal chat.',
    ]);
  });

  it('a failed grading of a thread answer keeps it; Retry in personal chat grades it', async () => {
    const ref = await installInTeam();
    const scenario = h.core.library.scenarios[0]!;
    const postId = await h.server.postPrompt(ref, view(h, scenario.id), 'en');
    h.grader.failures.push(Object.assign(new Error('upstream 500'), { code: 'UPSTREAM' }));
    h.connector.clear();
    const answer = 'I would first ask who owns the decision, because without an owner nothing ships, then agree a two-week pilot.';
    await h.post(channelMessage(h.connector.url, answer, { threadRoot: postId, from: BEN }));
    const privateMsg = h.connector.activities.find((a) => a.conversationId.startsWith('a:created-'))!;
    const notice = cardsOf(privateMsg)[0]!;
    expect(cardText(notice)).toMatch(/Grading failed \(UPSTREAM\)/);
    expect(notice.actions?.map((a) => a.data?.action)).toEqual(['retry', 'end']);

    // Failing again keeps it again.
    h.grader.failures.push(Object.assign(new Error('upstream 500'), { code: 'UPSTREAM' }));
    h.connector.clear();
    await h.post(cardSubmit(h.connector.url, { action: 'retry' }, BEN));
    expect(cardText(cardsOf(h.connector.activities.find((a) => a.method === 'PUT')!)[0])).toMatch(/Grading failed \(UPSTREAM\)/);

    h.connector.clear();
    await h.post(cardSubmit(h.connector.url, { action: 'retry' }, BEN));
    expect(h.grader.calls.at(-1)!.answer).toBe(answer);
    const update = h.connector.activities.find((a) => a.method === 'PUT')!;
    expect(cardText(cardsOf(update)[0])).toMatch(/Overall: \d\.\d\/5/);
    const ben = await h.core.store.getUser(personKey({ platform: 'teams', teamId: TENANT, userId: BEN.aadObjectId }));
    expect(ben?.history[0]).toEqual(expect.objectContaining({ scenarioId: scenario.id, source: 'daily' }));
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

  it('a connector failure during a proactive post reaches the caller', async () => {
    const ref = await installInTeam();
    h.connector.failNext.push(503);
    await expect(h.server.postPrompt(ref, view(h, h.core.library.scenarios[0]!.id), 'en')).rejects.toThrow();
    expect(await h.core.store.listDocs('teams:post:')).toEqual([]);
  });
});
