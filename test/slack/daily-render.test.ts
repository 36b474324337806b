/**
 * The daily prompt, leaderboard, modal and Home renderers: Slack's limits hold whatever the
 * content (long text, many categories), markup from content stays inert, and only the channel
 * board mentions people.
 */
import type { DailyPromptReply, DailyRecapReply } from '../../src/core/daily';
import type { LeaderboardReply, ProgressReply } from '../../src/core/leaderboard';
import {
  LIMITS,
  parseModalMetadata,
  renderAnswerModal,
  renderDailyPrompt,
  renderDailyRecap,
  renderLeaderboard,
  renderProgressHome,
  type Block,
} from '../../src/slack/render';
import { blockText, buttonsIn } from './harness';

interface LooseBlock {
  type: string;
  text?: { text: string };
  elements?: unknown[];
  fields?: { text: string }[];
}

function expectBlocksWithin(blocks: Block[], max: number) {
  expect(blocks.length).toBeLessThanOrEqual(max);
  for (const b of blocks as unknown as LooseBlock[]) {
    if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (b.type === 'actions') expect(b.elements!.length).toBeLessThanOrEqual(LIMITS.actionsElements);
  }
  for (const btn of buttonsIn(blocks)) expect(btn.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
  const ids = buttonsIn(blocks).map((b) => b.action_id);
  expect(new Set(ids).size).toBe(ids.length);
}

const prompt = (situation: string, title = 'Hotfix or connector?'): DailyPromptReply => ({
  kind: 'daily-prompt',
  language: 'en',
  teamKey: 'slack:T1',
  day: '2026-03-05',
  heading: 'Daily tradeoff prompt · 2026-03-05',
  instructions: 'Answer in this thread, or press "Answer privately".',
  answerLabel: 'Answer privately',
  scenario: {
    id: 'tradeoffs-x',
    category: 'tradeoffs',
    categoryName: 'Tradeoffs',
    difficulty: 'medium',
    title,
    situation,
    criteria: [{ id: 'tradeoff-judgment', name: 'Tradeoff judgment' }],
  },
});

test('a prompt is one message within limits even with a very long situation; content markup is inert', () => {
  const long = `<!channel> ${'The customer wants both the hotfix and the connector by Friday. '.repeat(400)}`;
  const m = renderDailyPrompt(prompt(long, 'Ship <@U123> & <!here>'));
  expectBlocksWithin(m.blocks, LIMITS.blocksPerMessage);
  const text = blockText(m.blocks);
  expect(text).not.toMatch(/<!channel>|<!here>|<@U123>/);
  expect(text).toContain('&lt;!channel&gt;');
  expect(buttonsIn(m.blocks)).toEqual([{ action_id: 'fde_daily_answer', value: '2026-03-05', text: 'Answer privately' }]);
});

test('a recap shows counts and key points, escaped', () => {
  const r: DailyRecapReply = {
    kind: 'daily-recap',
    language: 'en',
    teamKey: 'slack:T1',
    day: '2026-03-05',
    scenarioId: 'tradeoffs-x',
    title: 'Hotfix or connector?',
    answered: 3,
    keyPoints: ['Name the <!channel> risk', 'Agree an owner & a date'],
    heading: 'Recap of 2026-03-05 · "Hotfix or connector?": 3 people answered.',
    keyPointsLabel: 'Strong answers covered:',
  };
  const m = renderDailyRecap(r);
  const text = blockText(m.blocks);
  expect(text).toContain('3 people answered.');
  expect(text).toContain('• Name the &lt;!channel&gt; risk');
  expect(text).toContain('• Agree an owner &amp; a date');
});

const board: LeaderboardReply = {
  kind: 'leaderboard',
  language: 'en',
  teamKey: 'slack:T1',
  period: 'week',
  title: 'Leaderboard · this week',
  totalRanked: 3,
  entries: [
    { rank: 1, userKey: 'slack:T1:U1', userId: 'U1AAA', displayName: '<!here> Bo', points: 80, reachedAt: 1, streak: 2, bestStreak: 2 },
    { rank: 2, userKey: 'slack:T1:U2', userId: 'U2BBB', displayName: 'Ada', points: 60, reachedAt: 2, streak: 0, bestStreak: 1 },
    { rank: 3, userKey: 'slack:T1:x', userId: 'not-a-slack-id>', points: 10, reachedAt: 3, streak: 0, bestStreak: 0 },
  ],
};

test('the channel board mentions people by id; the weekly post and Home name them, escaped', () => {
  const mention = blockText(renderLeaderboard(board, 'mention').blocks);
  expect(mention).toContain('<@U1AAA>');
  expect(mention).toContain('<@U2BBB>');
  expect(mention).toContain('`not-a-slack-id&gt;`'); // never inside <@...> unless it is a Slack id
  expect(mention).toContain(':fire: streak 2');
  const named = blockText(renderLeaderboard(board, 'name').blocks);
  expect(named).not.toContain('<@');
  expect(named).toContain('*&lt;!here&gt; Bo*');
  const empty = renderLeaderboard({ ...board, entries: [], totalRanked: 0, emptyText: 'No points on the board yet.' }, 'mention');
  expect(blockText(empty.blocks)).toContain('No points on the board yet.');
});

test('the answer modal fits Slack\'s modal limits and carries the day and language', () => {
  const view = renderAnswerModal('ko', '2026-03-05', { title: '긴 제목'.repeat(100), situation: '상황 '.repeat(3000) });
  expect(view.title.text.length).toBeLessThanOrEqual(24);
  expect(view.submit!.text.length).toBeLessThanOrEqual(24);
  expectBlocksWithin(view.blocks, LIMITS.blocksPerView);
  const input = view.blocks.find((b) => b.type === 'input') as { element: { max_length: number } };
  expect(input.element.max_length).toBe(3000);
  expect(parseModalMetadata(view.private_metadata)).toEqual({ day: '2026-03-05', lang: 'ko' });
  expect(parseModalMetadata('{"day":"x"}')).toBeUndefined();
  expect(parseModalMetadata('not json')).toBeUndefined();
});

test('Home stays within 100 blocks and 25 buttons per row, however much content there is', () => {
  const many = Array.from({ length: 120 }, (_, i) => ({ id: `cat-${i}`, name: `Category number ${i} with a long name ${'x'.repeat(80)}`, count: 3 }));
  const progress: ProgressReply = {
    kind: 'progress',
    language: 'en',
    userId: 'U1AAA',
    teamKey: 'slack:T1',
    answered: 12,
    totalPoints: 340,
    weekPoints: 55,
    averages: Array.from({ length: 60 }, (_, i) => ({ id: `c-${i}` as never, name: `Competency ${i}`, average: i % 2 ? 3.5 : null, count: i % 2 })),
    recent: Array.from({ length: 5 }, (_, i) => ({
      scenarioId: `s-${i}`,
      title: `Scenario <!channel> ${i}`,
      category: 'tradeoffs' as const,
      difficulty: 'hard' as const,
      source: i % 2 ? ('daily' as const) : ('practice' as const),
      overall: 3.2,
      points: 64,
      at: Date.parse('2026-03-05T10:00:00Z'),
    })),
    streak: { current: 3, best: 5 },
    rank: { week: 2, all: 4, optedOut: false },
    top: board.entries,
    categories: many as never,
    pointsRules: 'How points work: …',
  };
  const view = renderProgressHome(progress);
  expect(view.type).toBe('home');
  expectBlocksWithin(view.blocks, LIMITS.blocksPerView);
  const text = blockText(view.blocks);
  expect(text).toContain('●●●●○  *3.5/5*  Competency 1 (1)');
  expect(text).toContain('–/5  Competency 0  _not assessed yet_');
  expect(text).toContain('<!date^1772704800^{date_short}|2026-03-05>');
  expect(text).not.toContain('<!channel>');
  expect(text).toContain('#2 this week · #4 all time');
});
