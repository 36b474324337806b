/**
 * End to end over loopback: activities POSTed to /api/messages, replies recorded by the fake
 * connector at the activity's serviceUrl. Install, practice, answer, follow-up, feedback, card
 * buttons, retry, stats, leaderboard, language, channel mentions.
 */
import { personKey } from '../../src/core/ports';
import { cardText, cardsOf, type CardJson, type RecordedActivity } from '../support/fake-connector';
import {
  ANA,
  BEN,
  BOT,
  CHANNEL_ID,
  PERSONAL_CONVERSATION,
  TEAM_ID,
  TENANT,
  botAdded,
  cardSubmit,
  channelMessage,
  installationUpdate,
  personalMessage,
  startHarness,
  type Harness,
} from './harness';

const ana = { platform: 'teams' as const, teamId: TENANT, userId: ANA.aadObjectId };

function goodAnswer(h: Harness, scenarioId: string, upto = 99): string {
  const s = h.core.library.scenario(scenarioId)!;
  return s.keyPoints
    .slice(0, upto)
    .map((k) => `I would do this: ${k.text.en}, because otherwise the rollout carries that risk.`)
    .join('\n');
}

const only = <T>(xs: T[]): T => {
  expect(xs).toHaveLength(1);
  return xs[0]!;
};
const cardOf = (a: RecordedActivity): CardJson => only(cardsOf(a));
const buttons = (c: CardJson) => (c.actions ?? []).map((a) => ({ type: a.type, title: a.title, action: a.data?.action }));

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('installation', () => {
  it('stores the personal conversation reference as plain ids and greets once', async () => {
    expect(await h.post(botAdded(h.connector.url, 'personal'))).toBe(200);
    expect(await h.post(installationUpdate(h.connector.url, 'add'))).toBe(200);

    const refs = await h.core.store.listDocs<Record<string, unknown>>('teams:ref:');
    expect(refs).toEqual([
      {
        key: `teams:ref:user:${personKey(ana)}`,
        value: expect.objectContaining({
          serviceUrl: h.connector.url,
          conversationId: PERSONAL_CONVERSATION,
          tenantId: TENANT,
          channelId: 'msteams',
          botId: BOT.id,
          conversationType: 'personal',
          userId: ANA.id,
          userAadObjectId: ANA.aadObjectId,
        }),
      },
    ]);
    // Plain JSON: survives a round trip through a durable store unchanged.
    expect(JSON.parse(JSON.stringify(refs[0]!.value))).toEqual(refs[0]!.value);

    const greeting = only(h.connector.activities);
    expect(greeting.conversationId).toBe(PERSONAL_CONVERSATION);
    const text = cardText(cardOf(greeting));
    expect(text).toContain('practice \\[category\\] \\[easy | medium | hard\\]');
    expect(text).toContain('leaderboard');
  });

  it('stores a team installation keyed by team and posts a welcome in the channel', async () => {
    expect(await h.post(botAdded(h.connector.url, 'team'))).toBe(200);
    const ref = await h.core.store.getDoc<Record<string, unknown>>(`teams:ref:team:${TEAM_ID}`);
    expect(ref).toEqual(
      expect.objectContaining({
        serviceUrl: h.connector.url,
        conversationId: CHANNEL_ID,
        tenantId: TENANT,
        channelId: 'msteams',
        botId: BOT.id,
        conversationType: 'channel',
        teamId: TEAM_ID,
        teamName: 'Platform Team',
      }),
    );
    expect((await h.server.channelReferences()).map((r) => r.teamId)).toEqual([TEAM_ID]);
    const welcome = only(h.connector.activities);
    expect(welcome.conversationId).toBe(CHANNEL_ID);
    expect(welcome.body.text).toMatch(/daily practice prompt/);
  });

  it('marks the reference removed on uninstall, and greets again on reinstall', async () => {
    await h.post(botAdded(h.connector.url, 'personal'));
    await h.post(installationUpdate(h.connector.url, 'remove'));
    expect(await h.core.store.getDoc<{ removedAt?: number }>(`teams:ref:user:${personKey(ana)}`)).toEqual(
      expect.objectContaining({ removedAt: expect.any(Number) }),
    );
    await h.post(installationUpdate(h.connector.url, 'add'));
    expect(h.connector.activities).toHaveLength(2);
  });
});

describe('practice in personal chat', () => {
  it('scenario card -> answer -> follow-up probe -> "Grading..." replaced by feedback -> summary', async () => {
    const url = h.connector.url;
    await h.post(personalMessage(url, 'practice tradeoffs hard'));
    const scenarioMsg = only(h.connector.activities);
    expect(scenarioMsg.replyToId).toBeDefined();
    const scenario = cardOf(scenarioMsg);
    expect(scenario.version).toBe('1.5');
    expect(buttons(scenario)).toEqual([
      { type: 'Action.Submit', title: 'Skip', action: 'skip' },
      { type: 'Action.Submit', title: 'End', action: 'end' },
    ]);
    const session = await h.core.store.getSession(personKey(ana));
    const s = h.core.library.scenario(session!.scenarioId)!;
    expect(s.category).toBe('tradeoffs');
    expect(s.difficulty).toBe('hard');
    expect(cardText(scenario)).toContain(s.title.en);
    expect(cardText(scenario)).toContain(s.situation.en);

    // A partial answer leaves a gap: the coach probes.
    h.connector.clear();
    await h.post(personalMessage(url, goodAnswer(h, s.id, 1)));
    const probe = cardOf(only(h.connector.activities));
    expect(buttons(probe).map((b) => b.action)).toEqual(['skip', 'end']);
    expect((await h.core.store.getSession(personKey(ana)))?.phase).toBe('awaiting-follow-up');

    // The follow-up answer is graded: placeholder first, then updated in place with the feedback.
    h.connector.clear();
    const followUp = 'I would agree the plan with the sponsor first, because the decision needs an owner, and write it down by Friday.';
    await h.post(personalMessage(url, followUp));
    const [placeholder, update, summary, ...rest] = h.connector.activities;
    expect(rest).toEqual([]);
    expect(placeholder!.method).toBe('POST');
    expect(placeholder!.body.text).toBe('Grading your answer…');
    expect(update!.method).toBe('PUT');
    expect(update!.activityId).toBe(placeholder!.id);
    const feedback = cardOf(update!);
    const text = cardText(feedback);
    const graded = h.grader.calls.at(-1)!;
    expect(graded.followUps).toEqual([{ probe: expect.any(String), answer: followUp }]);
    // Every criterion of the scenario, each as n/5 with a bar.
    for (const id of s.criteria) expect(text).toContain(h.core.library.criterion(id).name.en);
    const scores = [...text.matchAll(/([●○]{5}) {2}\*\*([1-5])\/5\*\*/g)];
    expect(scores).toHaveLength(s.criteria.length);
    for (const [, bar, n] of scores) expect(bar!.replace(/○/g, '')).toHaveLength(Number(n));
    expect(text).toMatch(/Overall: \d\.\d\/5/);
    // Evidence is quoted verbatim from what Ana wrote.
    // (Cards escape Markdown, so a quote is compared with its escapes removed; an excerpt ends in "…".)
    // The quote is the TextBlock that is one quotation (the why sentence may quote checklist labels).
    const quotes = text
      .split('\n')
      .filter((l) => /^“.*”$/.test(l))
      .map((l) => l.slice(1, -1).replace(/\\(.)/g, '$1').replace(/\u2060/g, '').replace(/…$/, ''));
    expect(quotes.length).toBeGreaterThan(0);
    const said = (goodAnswer(h, s.id, 1) + '\n' + followUp).replace(/\s+/g, ' ');
    for (const q of quotes) expect(said).toContain(q);
    expect(text).toContain('Next step:');
    // The summary: points and the next move.
    const sum = cardOf(summary!);
    expect(cardText(sum)).toMatch(/\+\d+ points/);
    expect(buttons(sum).map((b) => b.action)).toContain('another');
    expect(await h.core.store.getSession(personKey(ana))).toBeUndefined();
    expect((await h.core.store.getUser(personKey(ana)))?.answered).toBe(1);
  });

  it('card buttons arrive as messages with value: Skip gives a new scenario, End closes the session', async () => {
    const url = h.connector.url;
    await h.post(personalMessage(url, 'practice'));
    const first = (await h.core.store.getSession(personKey(ana)))!.scenarioId;
    h.connector.clear();
    await h.post(cardSubmit(url, { action: 'skip' }));
    const second = (await h.core.store.getSession(personKey(ana)))!.scenarioId;
    expect(second).not.toBe(first);
    expect(cardText(cardOf(h.connector.activities.at(-1)!))).toContain(h.core.library.scenario(second)!.title.en);

    h.connector.clear();
    await h.post(cardSubmit(url, { action: 'end' }));
    expect(only(h.connector.activities).body.text).toMatch(/^Session ended/);
    expect(await h.core.store.getSession(personKey(ana))).toBeUndefined();

    h.connector.clear();
    await h.post(cardSubmit(url, { action: 'practice', category: 'discovery', difficulty: 'easy' }));
    const s = h.core.library.scenario((await h.core.store.getSession(personKey(ana)))!.scenarioId)!;
    expect([s.category, s.difficulty]).toEqual(['discovery', 'easy']);
  });

  it('a failed grading keeps the answer and offers Retry; the Retry button grades it', async () => {
    const url = h.connector.url;
    h.grader.probes = false;
    h.grader.failures.push(Object.assign(new Error('rate limited'), { code: 'RATE_LIMITED' }));
    await h.post(personalMessage(url, 'practice tradeoffs'));
    const s = (await h.core.store.getSession(personKey(ana)))!;
    h.connector.clear();
    const answer = goodAnswer(h, s.scenarioId);
    await h.post(personalMessage(url, answer));
    const [placeholder, failed] = h.connector.activities;
    expect(placeholder!.body.text).toBe('Grading your answer…');
    expect(failed!.method).toBe('PUT');
    const notice = cardOf(failed!);
    expect(cardText(notice)).toMatch(/Grading failed \(RATE_LIMITED\)/);
    expect(buttons(notice)).toEqual([
      { type: 'Action.Submit', title: 'Retry', action: 'retry' },
      { type: 'Action.Submit', title: 'Discard answer', action: 'end' },
    ]);
    expect((await h.core.store.getSession(personKey(ana)))?.pending?.request.answer).toBe(answer);

    h.connector.clear();
    await h.post(cardSubmit(url, { action: 'retry' }));
    const update = h.connector.activities.find((a) => a.method === 'PUT')!;
    expect(cardText(cardOf(update))).toMatch(/Overall: \d\.\d\/5/);
    expect(h.grader.calls.at(-1)!.answer).toBe(answer);
  });

  it('a button value that is not ours gets a plain explanation, not a grading', async () => {
    await h.post(cardSubmit(h.connector.url, { action: 'format-disk' }));
    expect(only(h.connector.activities).body.text).toBe('That button is no longer active. Type `help` to see what I can do.');
    expect(h.grader.calls).toHaveLength(0);
  });

  it('an answer with no session is not graded and says so', async () => {
    await h.post(personalMessage(h.connector.url, 'I would start by interviewing the users.'));
    expect(only(h.connector.activities).body.text).toMatch(/not graded/);
    expect(h.grader.calls).toHaveLength(0);
  });

  it('categories, stats, help and lang ko', async () => {
    const url = h.connector.url;
    await h.post(personalMessage(url, 'categories'));
    const cats = cardOf(only(h.connector.activities));
    expect(cardText(cats)).toContain('tradeoffs');
    expect(JSON.stringify(cats)).toContain('"action":"practice","category":"tradeoffs"');

    h.connector.clear();
    await h.post(personalMessage(url, 'stats'));
    expect(cardText(cardOf(only(h.connector.activities)))).toMatch(/Your progress[\s\S]*Answered\n0/);

    h.connector.clear();
    await h.post(personalMessage(url, 'lang ko'));
    expect(only(h.connector.activities).body.text).toBe('언어를 한국어로 설정했습니다.');
    h.connector.clear();
    await h.post(personalMessage(url, 'practice tradeoffs'));
    const s = h.core.library.scenario((await h.core.store.getSession(personKey(ana)))!.scenarioId)!;
    const card = cardOf(only(h.connector.activities));
    expect(cardText(card)).toContain(s.title.ko);
    expect(buttons(card).map((b) => b.title)).toEqual(['건너뛰기', '종료']);

    h.connector.clear();
    await h.post(personalMessage(url, 'help'));
    expect(cardText(cardOf(only(h.connector.activities)))).toContain('명령어');
  });

  it('leaderboard: one board per team (tenant) from the core, with display names', async () => {
    const url = h.connector.url;
    h.grader.probes = false;
    for (const who of [ANA, BEN]) {
      await h.post(personalMessage(url, 'practice tradeoffs', {}, who));
      const key = personKey({ platform: 'teams', teamId: TENANT, userId: who.aadObjectId });
      const s = (await h.core.store.getSession(key))!;
      await h.post(personalMessage(url, goodAnswer(h, s.scenarioId, who === ANA ? 99 : 2), {}, who));
    }
    h.connector.clear();
    await h.post(personalMessage(url, 'leaderboard all'));
    const board = cardText(cardOf(only(h.connector.activities)));
    expect(board).toContain('Leaderboard · all time');
    // A rank is escaped so Teams does not read "1. Ana" as a numbered list.
    expect(board).toMatch(/1\\\. Ana Kim\n\d+ points/);
    expect(board).toMatch(/2\\\. Ben Park\n\d+ points/);
  });
});

describe('channel', () => {
  it('strips the @mention and answers commands in the thread; ignores chatter not addressed to the bot', async () => {
    const url = h.connector.url;
    await h.post(channelMessage(url, 'help', { mention: true }));
    const helpMsg = only(h.connector.activities);
    expect(helpMsg.conversationId).toBe(CHANNEL_ID);
    expect(cardText(cardOf(helpMsg))).toContain('Commands');

    h.connector.clear();
    expect(await h.post(channelMessage(url, 'lunch anyone?'))).toBe(200);
    expect(h.connector.activities).toEqual([]);
  });

  it('practice from a channel: the scenario goes to a newly opened personal chat', async () => {
    const url = h.connector.url;
    await h.post(channelMessage(url, 'practice discovery', { mention: true }));
    const created = only(h.connector.conversations);
    expect(created.body).toEqual(
      expect.objectContaining({ isGroup: false, members: [expect.objectContaining({ id: ANA.id })], tenantId: TENANT }),
    );
    const [scenarioMsg, ack] = h.connector.activities;
    expect(scenarioMsg!.conversationId).toBe(created.id);
    expect(scenarioMsg!.replyToId).toBeUndefined();
    expect(cardText(cardOf(scenarioMsg!))).toContain('Skip');
    expect(ack!.conversationId).toBe(CHANNEL_ID);
    expect(ack!.body.text).toBe('I sent it to you in our personal chat.');
    // The new personal chat is stored, so the next private message reuses it.
    expect(await h.core.store.getDoc(`teams:ref:user:${personKey(ana)}`)).toEqual(
      expect.objectContaining({ conversationId: created.id, conversationType: 'personal' }),
    );
  });
});
