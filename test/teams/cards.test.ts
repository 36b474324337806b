/**
 * The card builders, from real coach replies: every card is Adaptive Card 1.5 made only of the
 * elements and actions Teams renders; scores read `n/5` with a bar; buttons carry their data.
 */
import { createCoach } from '../../src/core/coach';
import type { DailyPromptReply, DailyPublisher, DailyRecapReply, DailyReply } from '../../src/core/daily';
import { dailyNotice } from '../../src/core/daily-messages';
import type { LeaderboardReply } from '../../src/core/leaderboard';
import { silentLogger, type Person } from '../../src/core/ports';
import type { CoachReply, FeedbackReply } from '../../src/core/replies';
import { ScenarioIndex, loadLibrary } from '../../src/core/scenarios';
import { OfflineGrader } from '../../src/grading/offline';
import { createDailyServices } from '../../src/schedule';
import { MemoryStore } from '../../src/store/memory';
import { formatScore, helpCard, renderReply, scoreBar, type AdaptiveCard, type CardElement, type TeamsReply } from '../../src/teams/cards';
import { parseCommand, parseSubmit, stripMentions } from '../../src/teams/commands';
import { cardText } from '../support/fake-connector';

const library = new ScenarioIndex(loadLibrary());
const person: Person = { platform: 'teams', teamId: 'tenant', userId: 'ana' };

const ELEMENTS = new Set(['TextBlock', 'FactSet', 'ColumnSet', 'Column', 'Container', 'ActionSet', 'Input.Text']);
const ACTIONS = new Set(['Action.Submit']);
const BUTTONS = new Set(['skip', 'end', 'retry', 'another', 'practice', 'stats', 'categories', 'help', 'daily-retry', 'daily-answer']);

/** Structural check against the Adaptive Cards 1.5 element set the builders use. */
function problems(card: AdaptiveCard): string[] {
  const out: string[] = [];
  if (card.type !== 'AdaptiveCard') out.push('type');
  if (card.version !== '1.5') out.push(`version ${card.version}`);
  if (card.$schema !== 'http://adaptivecards.io/schemas/adaptive-card.json') out.push('$schema');
  const action = (a: { type: string; title: string; data?: { action?: string } }) => {
    if (!ACTIONS.has(a.type)) out.push(`action type ${a.type}`);
    if (!a.title || a.title.length > 75) out.push(`action title "${a.title}"`);
    if (!a.data?.action || !BUTTONS.has(a.data.action)) out.push(`action data ${JSON.stringify(a.data)}`);
  };
  const walk = (e: CardElement | { type: 'Column'; items: CardElement[] }) => {
    if (!ELEMENTS.has(e.type)) out.push(`element ${e.type}`);
    if (e.type === 'TextBlock' && (typeof e.text !== 'string' || !e.text.trim())) out.push('empty TextBlock');
    if (e.type === 'Input.Text' && (!e.id || !e.label || (e.isRequired && !e.errorMessage))) out.push('Input.Text without id, label or error message');
    if (e.type === 'FactSet') for (const f of e.facts) if (!f.title || !f.value) out.push('empty fact');
    if (e.type === 'Container' || e.type === 'Column') e.items.forEach(walk);
    if (e.type === 'ColumnSet') e.columns.forEach(walk);
    if (e.type === 'ActionSet') e.actions.forEach(action);
  };
  card.body.forEach(walk);
  (card.actions ?? []).forEach(action);
  if (JSON.stringify(card).length > 28_000) out.push('card larger than a Teams message allows');
  return out;
}

async function coachReplies(): Promise<CoachReply[]> {
  const coach = createCoach({ library, grader: new OfflineGrader(), store: new MemoryStore(), random: () => 0 });
  const all: CoachReply[] = [];
  const s = (await coach.start(person, { category: 'tradeoffs' })).find((r) => r.kind === 'scenario')!;
  all.push(s);
  const sc = library.scenario(s.kind === 'scenario' ? s.scenario.id : '')!;
  const said = (n: number) =>
    sc.keyPoints
      .slice(0, n)
      .map((k) => `I would do this: ${k.text.en}, because otherwise the rollout carries that risk.`)
      .join('\n');
  all.push(...(await coach.answer(person, said(1))));
  all.push(...(await coach.answer(person, said(99))));
  while (await coach.hasSession(person)) all.push(...(await coach.skip(person)));
  all.push(...(await coach.stats(person)), ...coach.categories('en'), ...coach.categories('ko'));
  all.push(...(await coach.stop(person)));
  all.push({ kind: 'notice', language: 'en', code: 'grading-failed', text: 'Grading failed (timeout).', retryable: true });
  return all;
}

describe('Teams cards', () => {
  let replies: CoachReply[];
  beforeAll(async () => {
    replies = await coachReplies();
  });

  it('renders every reply kind as a valid 1.5 card (or plain text for a one-line notice)', () => {
    const kinds = new Set(replies.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(['categories', 'feedback', 'notice', 'probe', 'scenario', 'stats', 'summary']);
    for (const r of replies) {
      const m = renderReply(r);
      if (m.kind === 'text') {
        expect(r.kind).toBe('notice');
        expect(m.text).toBe((r as { text: string }).text);
      } else expect({ kind: r.kind, problems: problems(m.card) }).toEqual({ kind: r.kind, problems: [] });
    }
    expect(problems(helpCard('en'))).toEqual([]);
    expect(problems(helpCard('ko'))).toEqual([]);
  });

  it('feedback: each criterion as n/5 with a matching bar, its evidence, what a strong answer adds, the next step', () => {
    const fb = replies.find((r): r is FeedbackReply => r.kind === 'feedback')!;
    const m = renderReply(fb);
    if (m.kind !== 'card') throw new Error('feedback must be a card');
    const text = cardText(m.card);
    for (const c of fb.result.criteria) {
      expect(text).toContain(`${scoreBar(c.score)}  **${c.score}/5**  ${fb.criterionNames[c.id]}`);
      for (const q of c.evidence.slice(0, 4)) expect(text).toContain(`“${q.replace(/\s+/g, ' ').trim().slice(0, 499)}`);
      expect(text).toContain(`**A strong answer adds:** ${c.strongAnswerAdds}`);
      expect(text).toContain(`**Next step:** ${c.nextStep}`);
    }
    expect(text).toContain(`Overall: ${fb.result.overall.toFixed(1)}/5`);
    expect(text).toContain(`+${fb.points} points`);
    expect(fb.result.criteria.some((c) => c.evidence.length)).toBe(true);
  });

  it('feedback: long quotes are cut to an excerpt, at most four per criterion; a fallback is said', () => {
    const fb = replies.find((r): r is FeedbackReply => r.kind === 'feedback')!;
    const long = 'because '.repeat(200).trim();
    const c0 = { ...fb.result.criteria[0]!, evidence: [long, 'two', 'three', 'four', 'five'] };
    const m = renderReply({ ...fb, result: { ...fb.result, criteria: [c0], fallbackReason: 'timeout' } });
    if (m.kind !== 'card') throw new Error('feedback must be a card');
    const text = cardText(m.card);
    const quotes = [...text.matchAll(/“([^”]*)”/g)].map((x) => x[1]!);
    expect(quotes).toHaveLength(4);
    expect(quotes[0]!.length).toBe(500);
    expect(quotes[0]!.endsWith('…')).toBe(true);
    expect(text).toContain('The model grader was unavailable (timeout)');
  });

  it('labels follow the reply language (Korean)', () => {
    const fb = replies.find((r): r is FeedbackReply => r.kind === 'feedback')!;
    const m = renderReply({ ...fb, language: 'ko' });
    if (m.kind !== 'card') throw new Error('feedback must be a card');
    const text = cardText(m.card);
    expect(text).toContain(`종합: ${fb.result.overall.toFixed(1)}/5`);
    expect(text).toContain('**다음 단계:**');
    expect(text).not.toContain('Next step');
  });

  it('scenario buttons are Skip and End; a retryable notice offers Retry and Discard', () => {
    const sc = renderReply(replies.find((r) => r.kind === 'scenario')!);
    const retry = renderReply(replies.find((r) => r.kind === 'notice' && r.retryable)!);
    if (sc.kind !== 'card' || retry.kind !== 'card') throw new Error('cards expected');
    expect(sc.card.actions?.map((a) => [a.title, a.data])).toEqual([
      ['Skip', { action: 'skip' }],
      ['End', { action: 'end' }],
    ]);
    expect(retry.card.actions?.map((a) => [a.title, a.data])).toEqual([
      ['Retry', { action: 'retry' }],
      ['Discard answer', { action: 'end' }],
    ]);
  });

  it('bars and scores', () => {
    expect(scoreBar(0)).toBe('░░░░░');
    expect(scoreBar(3)).toBe('███░░');
    expect(scoreBar(3.6)).toBe('████░');
    expect(scoreBar(7)).toBe('█████');
    expect(formatScore(4)).toBe('4/5');
    expect(formatScore(3.4)).toBe('3.4/5');
  });
});

describe('Teams commands', () => {
  it.each([
    ['practice', { kind: 'practice', category: undefined, difficulty: undefined }],
    ['practice tradeoffs hard', { kind: 'practice', category: 'tradeoffs', difficulty: 'hard' }],
    ['Practice HARD discovery', { kind: 'practice', category: 'discovery', difficulty: 'hard' }],
    ['practice nonsense', { kind: 'practice', category: 'nonsense', difficulty: undefined }],
    ['/stats', { kind: 'stats' }],
    ['categories', { kind: 'categories' }],
    ['leaderboard all', { kind: 'leaderboard', args: 'all' }],
    ['leaderboard', { kind: 'leaderboard', args: '' }],
    ['lang ko', { kind: 'lang', language: 'ko' }],
    ['lang fr', { kind: 'lang', language: undefined }],
    ['help', { kind: 'help' }],
    ['stop', { kind: 'stop' }],
    ['<at>FDE Coach</at> help', { kind: 'help' }],
    ['<at>FDE Coach</at>&nbsp;practice  easy', { kind: 'practice', category: undefined, difficulty: 'easy' }],
  ])('%s', (text, cmd) => {
    expect(parseCommand(text)).toEqual(cmd);
  });

  it('treats anything longer as an answer, even when it starts with a command word', () => {
    const answer = 'Practice shows that the first week decides whether the customer trusts us.';
    expect(parseCommand(answer)).toEqual({ kind: 'answer', text: answer });
    expect(parseCommand('help me think this through')).toEqual({ kind: 'answer', text: 'help me think this through' });
  });

  it('strips mentions and reads card submits', () => {
    expect(stripMentions('<at>FDE Coach</at>   stats')).toBe('stats');
    expect(parseSubmit({ action: 'practice', category: 'tradeoffs' })).toEqual({ action: 'practice', category: 'tradeoffs', difficulty: undefined });
    expect(parseSubmit({ action: 'delete-everything' })).toBeUndefined();
    expect(parseSubmit('skip')).toBeUndefined();
  });
});

/** The daily service's replies, from the real core over a Teams team: set, post, answer, recap, board, progress. */
async function dailyReplies(): Promise<TeamsReply[]> {
  let now = Date.parse('2026-03-06T00:00:00Z');
  const clock = { now: () => now };
  const store = new MemoryStore();
  const coach = createCoach({ library, grader: new OfflineGrader(), store, clock, random: () => 0 });
  const { daily, leaderboard } = createDailyServices({ library, store, coach, log: silentLogger }, { clock, random: () => 0 });
  const out: TeamsReply[] = [];
  const publisher: DailyPublisher = {
    post: async (_s, prompt: DailyPromptReply) => {
      out.push(prompt);
      return { conversationId: '19:c@thread.tacv2', activityId: String(now) };
    },
    recap: async (_s, _p, recap: DailyRecapReply) => void out.push(recap),
    leaderboard: async (_s, board: LeaderboardReply) => void out.push(board),
  };
  const push = (rs: DailyReply[]) => void out.push(...rs);
  push(await daily.command(person, 'daily set 19:c@thread.tacv2 09:30 Asia/Seoul', { isAdmin: true }));
  push(await daily.command(person, 'daily now', { isAdmin: true, publisher }));
  const post = (await daily.getPost('teams:tenant', '2026-03-06'))!;
  const sc = library.scenario(post.scenarioId)!;
  push(await daily.answerDaily(person, { day: post.day }, sc.keyPoints.map((k) => `I would ${k.text.en}, because it matters.`).join(' ')));
  push(await daily.answerDaily(person, { day: post.day }, 'again'));
  now = Date.parse('2026-03-09T00:31:00Z');
  push(await daily.command(person, 'daily now', { isAdmin: true, publisher }));
  out.push(await leaderboard.progress(person, 'en'), await leaderboard.progress({ ...person, userId: 'new' }, 'ko'));
  out.push(dailyNotice('en', 'daily-grading-failed', { retryable: true }, { reason: 'timeout' }));
  out.push(dailyNotice('en', 'daily-post-failed', {}, { reason: 'x' }));
  return out;
}

describe('Teams cards for the daily prompt', () => {
  let replies: TeamsReply[];
  beforeAll(async () => {
    replies = await dailyReplies();
  });

  it('renders every daily reply kind, in English and Korean, as a valid 1.5 card or a one-line text', () => {
    const kinds = new Set(replies.map((r) => r.kind));
    for (const k of ['daily-settings', 'daily-prompt', 'daily-recap', 'daily-notice', 'leaderboard', 'progress', 'feedback', 'summary'])
      expect(kinds).toContain(k);
    for (const r of replies)
      for (const language of ['en', 'ko'] as const) {
        const m = renderReply({ ...r, language } as TeamsReply);
        if (m.kind === 'text') expect(r.kind).toBe('daily-notice');
        else expect({ kind: r.kind, problems: problems(m.card) }).toEqual({ kind: r.kind, problems: [] });
      }
  });

  it('the prompt card carries the scenario, the instructions and a private answer input with its button', () => {
    const prompt = replies.find((r): r is DailyPromptReply => r.kind === 'daily-prompt')!;
    const m = renderReply(prompt);
    if (m.kind !== 'card') throw new Error('card expected');
    const text = cardText(m.card);
    expect(text).toContain(prompt.heading);
    expect(text).toContain(prompt.scenario.title);
    expect(text).toContain(prompt.instructions);
    expect(m.card.body.find((e) => e.type === 'Input.Text')).toEqual(expect.objectContaining({ id: 'answer', isMultiline: true, isRequired: true, maxLength: 6000 }));
    expect(m.card.actions?.map((a) => [a.title, a.data])).toEqual([[prompt.answerLabel, { action: 'daily-answer', day: prompt.day }]]);
  });

  it('the recap has counts and key points, never a score; a kept answer offers Retry, a failed post does not', () => {
    const recap = renderReply(replies.find((r) => r.kind === 'daily-recap')!);
    if (recap.kind !== 'card') throw new Error('card expected');
    expect(cardText(recap.card)).toMatch(/1 person answered/);
    expect(cardText(recap.card)).not.toMatch(/\/5/);
    const kept = renderReply(replies.find((r) => r.kind === 'daily-notice' && r.code === 'daily-grading-failed')!);
    if (kept.kind !== 'card') throw new Error('card expected');
    expect(kept.card.actions?.map((a) => a.data)).toEqual([{ action: 'daily-retry' }]);
    expect(renderReply(replies.find((r) => r.kind === 'daily-notice' && r.code === 'daily-post-failed')!).kind).toBe('text');
  });
});

describe('Teams daily commands and submits', () => {
  it.each([
    ['daily', { kind: 'daily', args: '' }],
    ['daily set here 09:30 Asia/Seoul', { kind: 'daily', args: 'set here 09:30 Asia/Seoul' }],
    ['<at>FDE Coach</at> daily set here 09:30 Asia/Seoul weekdays ko', { kind: 'daily', args: 'set here 09:30 Asia/Seoul weekdays ko' }],
    ['daily now', { kind: 'daily', args: 'now' }],
    ['Daily off', { kind: 'daily', args: 'off' }],
    ['daily retry', { kind: 'daily', args: 'retry' }],
  ])('%s', (text, cmd) => {
    expect(parseCommand(text)).toEqual(cmd);
  });

  it('an answer that starts with "daily" stays an answer', () => {
    const answer = 'Daily standups would help, because the customer needs to see progress every morning.';
    expect(parseCommand(answer)).toEqual({ kind: 'answer', text: answer });
    expect(parseCommand('daily standups')).toEqual({ kind: 'answer', text: 'daily standups' });
  });

  it('reads the private answer and the daily Retry from card submits', () => {
    expect(parseSubmit({ action: 'daily-answer', day: '2026-03-06', answer: 'My answer' })).toEqual(
      expect.objectContaining({ action: 'daily-answer', day: '2026-03-06', answer: 'My answer' }),
    );
    expect(parseSubmit({ action: 'daily-retry' })).toEqual(expect.objectContaining({ action: 'daily-retry' }));
  });
});
