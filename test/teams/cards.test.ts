/**
 * The card builders, from real coach replies: every card is Adaptive Card 1.5 made only of the
 * elements and actions Teams renders; scores read `n/5` with a bar; buttons carry their data.
 */
import { createCoach } from '../../src/core/coach';
import type { DailyPromptReply, DailyPublisher, DailyRecapReply, DailyReply } from '../../src/core/daily';
import { dailyNotice } from '../../src/core/daily-messages';
import type { LeaderboardReply } from '../../src/core/leaderboard';
import { silentLogger, type Person } from '../../src/core/ports';
import type { CoachReply, FeedbackReply, SummaryReply } from '../../src/core/replies';
import type { CriterionGrade } from '../../src/core/types';
import { ScenarioIndex, loadLibrary } from '../../src/core/scenarios';
import { OfflineGrader } from '../../src/grading/offline';
import { createDailyServices } from '../../src/schedule';
import { MemoryStore } from '../../src/store/memory';
import { COMMANDS, formatScore, helpCard, renderReply, scoreBar, type AdaptiveCard, type CardElement, type TeamsReply } from '../../src/teams/cards';
import { escapeMarkdown } from '../../src/teams/cards/markdown';
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

  it('feedback: each criterion as n/5 with a matching bar, why, the best quote, the next step', () => {
    const fb = replies.find((r): r is FeedbackReply => r.kind === 'feedback')!;
    const m = renderReply(fb);
    if (m.kind !== 'card') throw new Error('feedback must be a card');
    const text = cardText(m.card);
    for (const c of fb.result.criteria) {
      expect(text).toContain(`${scoreBar(c.score)}  **${c.score}/5**  ${fb.criterionNames[c.id]}`);
      expect(text).toContain(`**Next step:** ${escapeMarkdown(c.nextStep)}`);
    }
    expect(text).toContain(`Overall: ${fb.result.overall.toFixed(1)}/5`);
    expect(text).toContain(`+${fb.points} points`);
    expect(fb.result.criteria.some((c) => c.evidence.length)).toBe(true);
  });

  const sample = (over: Partial<CriterionGrade> = {}): FeedbackReply => ({
    kind: 'feedback',
    language: 'en',
    scenario: { id: 'tradeoffs-x', title: 'Demo or hardening?', difficulty: 'medium', category: 'tradeoffs' },
    criterionNames: { communication: 'Communication' },
    points: 45,
    result: {
      scenarioId: 'tradeoffs-x',
      grader: 'offline',
      language: 'en',
      overall: 3,
      summary: '',
      flags: [],
      criteria: [
        {
          id: 'communication',
          score: 3,
          points: [
            { label: 'Tells the VP the tradeoff', made: true },
            { label: 'Names an owner and a date', made: false },
          ],
          evidence: ['I would tell the VP the tradeoff: two days now, three weeks later.', 'A second quote.'],
          feedback: 'Says what the choice costs but leaves who decides open. More words here.',
          strongAnswerAdds: 'Names an owner and a date.',
          nextStep: 'Rehearse a one-minute update.',
          ...over,
        },
      ],
    },
  });

  it('feedback: the checklist, one quote (an excerpt cut at a word), one sentence why; no "strong answer adds" the checklist already says', () => {
    const long = `${'because the rollout needs an owner '.repeat(20)}v2.14 matters`;
    const m = renderReply(sample({ evidence: [long, 'two', 'three'] }));
    if (m.kind !== 'card') throw new Error('feedback must be a card');
    const text = cardText(m.card);
    expect(text).toContain('✓ Tells the VP the tradeoff    ✗ Names an owner and a date');
    expect(text).toContain('Says what the choice costs but leaves who decides open.');
    expect(text).not.toContain('More words here');
    const quotes = [...text.matchAll(/“([^”]*)”/g)].map((x) => x[1]!);
    expect(quotes).toHaveLength(1);
    expect(quotes[0]!.length).toBeLessThanOrEqual(220);
    const head = quotes[0]!.replace(/…$/, '');
    expect(quotes[0]!.endsWith('…')).toBe(true);
    expect(long.startsWith(head)).toBe(true);
    expect(long[head.length]).toBe(' ');
    expect(text).not.toContain('A strong answer adds');
    expect(text).toContain('Grader: offline · medium');
  });

  it('feedback: "A strong answer adds" only below 5/5 when the checklist does not say it; Korean points as "45점"', () => {
    const noList = renderReply(sample({ points: undefined }));
    const perfect = renderReply(sample({ score: 5, points: [{ label: 'Tells the VP', made: true }] }));
    const ko = renderReply({ ...sample(), language: 'ko', criterionNames: { communication: '커뮤니케이션' } });
    if (noList.kind !== 'card' || perfect.kind !== 'card' || ko.kind !== 'card') throw new Error('cards expected');
    expect(cardText(noList.card)).toContain('**A strong answer adds:** Names an owner and a date.');
    expect(cardText(perfect.card)).not.toContain('A strong answer adds');
    const koText = cardText(ko.card);
    expect(koText).toContain('종합: 3.0/5  ●●●○○  +45점');
    expect(koText).toContain('채점기: 오프라인 · 보통');
    expect(koText).toContain('**다음 단계:**');
    expect(koText).not.toMatch(/\d 점/);
  });

  it('escapes Markdown in every TextBlock and Fact built from answers, quotes, feedback, probes, persona lines and names', () => {
    const phish = '[verify your account](https://evil.example/phish)';
    const fb = sample({ evidence: [`Please ${phish} **now**`], feedback: `See ${phish}.`, nextStep: `_Click_ ${phish}`, points: [{ label: phish, made: false }] });
    const cards: AdaptiveCard[] = [];
    for (const r of [
      { ...fb, scenario: { ...fb.scenario, title: phish }, criterionNames: { communication: phish } },
      { kind: 'probe', sessionId: 's', language: 'en', text: phish, persona: { name: phish, role: '*boss*' }, index: 1, max: 2 },
      { kind: 'notice', language: 'en', code: 'grading-failed', text: `failed ${phish}`, retryable: true },
      {
        kind: 'scenario',
        sessionId: 's',
        language: 'en',
        scenario: { id: 'x', category: 'tradeoffs', categoryName: 'T', difficulty: 'easy', title: phish, situation: phish, criteria: [{ id: 'communication', name: phish }], persona: { name: phish, role: phish, company: phish } },
      },
      { kind: 'summary', language: 'en', scenarioId: 'x', overall: 3, points: 1, totalPoints: 1, answered: 2, weakest: { id: 'communication', name: phish, average: 2 }, suggestedCategory: 'discovery', suggestedCategoryName: phish },
      { kind: 'stats', language: 'en', answered: 1, totalPoints: 1, weekPoints: 1, streak: { count: 0, best: 0 }, averages: [{ id: 'communication', name: phish, average: 2, count: 1 }], recent: [{ title: phish, scenarioId: 'x', category: 'tradeoffs', difficulty: 'easy', source: 'practice', overall: 2, scores: {}, points: 1, grader: 'offline', at: 0 }] },
    ] as TeamsReply[]) {
      const m = renderReply(r);
      if (m.kind === 'card') cards.push(m.card);
    }
    expect(cards).toHaveLength(6);
    const texts: string[] = [];
    const walk = (e: unknown): void => {
      if (Array.isArray(e)) return e.forEach(walk);
      if (!e || typeof e !== 'object') return;
      const o = e as Record<string, unknown>;
      if (o.type === 'TextBlock') texts.push(o.text as string);
      if (o.type === 'FactSet') for (const f of o.facts as { title: string; value: string }[]) texts.push(f.title, f.value);
      Object.values(o).forEach(walk);
    };
    cards.forEach((c) => walk(c.body));
    const withPhish = texts.filter((t) => t.includes('verify your account'));
    expect(withPhish.length).toBeGreaterThanOrEqual(15);
    for (const t of withPhish) {
      // No link can form: the brackets and the parenthesis are escaped, and the URL is not bare.
      expect(t).not.toMatch(/(^|[^\\])\[verify/);
      expect(t).not.toContain('](');
      expect(t).not.toContain('https://');
      expect(t).toContain('\\[verify your account\\]\\(https:\u2060//evil.example/phish)');
    }
    expect(texts.join('\n')).not.toMatch(/(^|[^\\])\*\*now/);
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

  it('bars and scores (the same ●○ bar as Slack and the terminal)', () => {
    expect(scoreBar(0)).toBe('○○○○○');
    expect(scoreBar(3)).toBe('●●●○○');
    expect(scoreBar(3.6)).toBe('●●●●○');
    expect(scoreBar(7)).toBe('●●●●●');
    expect(formatScore(4)).toBe('4/5');
    expect(formatScore(3.4)).toBe('3.4/5');
  });

  it('summary: "try next" and its button name the category by its display name, never its id', () => {
    const base = { kind: 'summary' as const, scenarioId: 'x', overall: 3, points: 45, totalPoints: 90, answered: 2, weakest: { id: 'llm-engineering' as const, name: 'LLM', average: 2 }, suggestedCategory: 'ai-deployment' as const };
    const ko = renderReply({ ...base, language: 'ko', suggestedCategoryName: 'AI 배포' });
    const en = renderReply({ ...base, language: 'en', suggestedCategoryName: 'AI deployment' });
    if (ko.kind !== 'card' || en.kind !== 'card') throw new Error('cards expected');
    expect(ko.card.actions![0]).toMatchObject({ title: '연습하기: AI 배포', data: { action: 'practice', category: 'ai-deployment' } });
    expect(en.card.actions![0]).toMatchObject({ title: 'Practice: AI deployment' });
    expect(cardText(ko.card)).toContain('90점');
    expect(JSON.stringify(ko.card.body)).not.toContain('ai-deployment');
    const perfect = renderReply({ ...base, language: 'en', overall: 5, weakest: undefined, suggestedCategory: undefined });
    if (perfect.kind !== 'card') throw new Error('card expected');
    expect(cardText(perfect.card)).not.toMatch(/Weakest|Try next/);
  });

  it('a summary from the real coach names the suggested category as categories.yaml does', () => {
    const sums = replies.filter((r): r is SummaryReply => r.kind === 'summary' && Boolean(r.suggestedCategory));
    for (const s of sums) {
      const m = renderReply(s);
      if (m.kind !== 'card') throw new Error('card expected');
      const name = library.categories.find((c) => c.id === s.suggestedCategory)!.name[s.language];
      expect(m.card.actions![0]!.title).toBe(`Practice: ${name}`);
    }
  });

  it('help: one command per full-width line, alternatives spaced so a command never wraps mid-word', () => {
    for (const lang of ['en', 'ko'] as const) {
      const card = helpCard(lang);
      expect(card.body.some((e) => e.type === 'FactSet')).toBe(false);
      const commandBlocks = card.body.flatMap((e) => (e.type === 'Container' ? e.items : [])).filter((e) => e.type === 'TextBlock' && e.fontType === 'monospace');
      expect(commandBlocks).toHaveLength(COMMANDS.length);
      for (const b of commandBlocks) {
        if (b.type !== 'TextBlock') continue;
        expect(b.wrap).toBe(true);
        // The longest unbreakable run is a single word: no "optout|optin|rules" run for Teams to break.
        const longest = Math.max(...b.text.split(/\s+/).map((w) => w.length));
        expect(longest).toBeLessThanOrEqual(14);
      }
      expect(cardText(card)).toContain('leaderboard \\[week | all | optout | optin | rules\\]');
    }
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
