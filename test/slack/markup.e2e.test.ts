/**
 * What Slack does with our mrkdwn, checked on what is actually sent: `<…>` that is not a link,
 * mention or date is read as a link and the text vanishes, and bold ends only before a space or
 * punctuation ("*33*점" shows its asterisks). Both languages, the help and the Home tab, signed
 * requests over loopback.
 */
import type { HistoryEntry } from '../../src/core/ports';
import { newUser, recordGrade } from '../../src/core/points';
import { boardLines } from '../../src/slack/render/leaderboard';
import { FAKE_TEAM } from '../support/fake-slack';
import { appHomeOpened } from '../support/slack-payloads';
import { keyOf, startHarness, waitForResponses, type Harness } from './harness';

/** The mrkdwn strings of some blocks (section text and fields, context elements). */
function mrkdwnTexts(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

/** `<…>` Slack reads as something other than a link, mention or date: it drops the text. */
export function linkProblems(text: string): string[] {
  return [...text.matchAll(/<([^>]*)>/g)].map((m) => m[1]!).filter((t) => !/^(?:[@#!]|https?:\/\/|mailto:)/.test(t));
}

/** `*bold*` Slack will not render: a letter or digit right before the opening or after the closing star. */
export function emphasisProblems(text: string): string[] {
  const found: string[] = [];
  for (const raw of text.split('\n')) {
    // Code spans and <…> tokens are not formatted; blank them out, keeping positions.
    const line = raw.replace(/`[^`]*`|<[^>]*>/g, (m) => ' '.repeat(m.length));
    const stars = [...line.matchAll(/\*/g)].map((m) => m.index);
    for (let i = 0; i + 1 < stars.length; i += 2) {
      const [open, close] = [stars[i]!, stars[i + 1]!];
      const before = line[open - 1] ?? ' ';
      const after = line[close + 1] ?? ' ';
      if (/[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after)) found.push(raw.slice(Math.max(0, open - 8), close + 8));
    }
  }
  return found;
}

test('the checks catch what Slack mangles', () => {
  expect(emphasisProblems('— *33*점')).toEqual(['— *33*점']);
  expect(emphasisProblems('x*bold* and `*code*점`')).toHaveLength(1);
  expect(emphasisProblems('— *33점*  ·  *Answered*\n1')).toEqual([]);
  expect(linkProblems('set HH:MM <time zone> for <@U123> <#C1|x> <!date^1^{date}|d> <https://a.b|c>')).toEqual(['time zone']);
  expect(linkProblems('HH:MM &lt;time zone&gt;')).toEqual([]);
});

test('leaderboard lines bold the whole points figure, in both languages', () => {
  const entry = { rank: 1, userId: 'U0AAA', displayName: 'Ada', points: 33, streak: 2 } as Parameters<typeof boardLines>[0][number];
  const [ko] = boardLines([entry], 'ko', 'name');
  const [en] = boardLines([entry], 'en', 'name');
  expect(ko).toContain('*33점*');
  expect(en).toContain('*33 points*');
  expect(emphasisProblems(ko!)).toEqual([]);
  expect(emphasisProblems(en!)).toEqual([]);
});

describe('over loopback', () => {
  let h: Harness;
  const KO = 'U0KOHOME1';
  const EN = 'U0ENHOME1';

  beforeAll(async () => {
    h = await startHarness();
    const entry = (points: number): HistoryEntry => ({
      scenarioId: 'tradeoffs-hotfix-vs-connector',
      category: 'tradeoffs',
      difficulty: 'medium',
      source: 'practice',
      overall: 3.3,
      scores: { 'tradeoff-judgment': 3, communication: 4 },
      points,
      grader: 'offline',
      at: Date.now() - 3_600_000,
    });
    for (const [id, name, points, language] of [
      [KO, '김하나', 33, 'ko'],
      [EN, 'Ada', 50, 'en'],
    ] as const)
      await h.core.store.putUser({ ...recordGrade(newUser(keyOf(id), `slack:${FAKE_TEAM}`, id, name), entry(points)), language });
  });
  afterAll(() => h.close());

  const published = (user: string) => h.fake.calls('views.publish').filter((c) => c.args.user_id === user);

  it.each([
    [KO, '*33점*', '*50점*'],
    [EN, '*33 points*', '*50 points*'],
  ])('App Home for %s: points in bold that Slack renders', async (user, mine, other) => {
    await h.event(appHomeOpened({ user, tab: 'home' }));
    await h.fake.waitFor(() => published(user).length === 1);
    const texts = mrkdwnTexts((published(user)[0]!.args.view as { blocks: unknown }).blocks);
    const all = texts.join('\n');
    expect(all).toContain(mine);
    expect(all).toContain(other);
    expect(texts.flatMap(emphasisProblems)).toEqual([]);
    expect(texts.flatMap(linkProblems)).toEqual([]);
  });

  it.each([
    ['en', '&lt;time zone&gt;'],
    ['ko', '&lt;시간대&gt;'],
  ])('/fde help (%s) shows <time zone> as text, not as a link Slack drops', async (lang, placeholder) => {
    const user = lang === 'ko' ? KO : EN;
    await h.command('help', { user_id: user, response_url: h.fake.responseUrl(`Rhelp-${lang}`) });
    const [help] = await waitForResponses(h.fake, `Rhelp-${lang}`);
    const texts = mrkdwnTexts(help!.args.blocks);
    expect(texts.join('\n')).toContain(`HH:MM ${placeholder}`);
    expect(texts.flatMap(linkProblems)).toEqual([]);
    expect(texts.flatMap(emphasisProblems)).toEqual([]);
  });
});
