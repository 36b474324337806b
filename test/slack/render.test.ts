import type { FeedbackReply, NoticeReply, ScenarioReply, SummaryReply } from '../../src/core/replies';
import type { CriterionGrade } from '../../src/core/types';
import { LIMITS, renderHelp, renderReply, type SlackMessage } from '../../src/slack/render';
import { clip, escapeMrkdwn, packLines, splitEscaped } from '../../src/slack/render/mrkdwn';
import { plainContext, type RenderContext } from '../../src/slack/render/context';
import { blockText, buttonsIn } from './harness';

/** The parts of a block these checks read. */
interface LooseBlock {
  type: string;
  text?: { type: string; text: string; verbatim?: boolean };
  elements?: { text?: string }[];
}

const ctx: RenderContext = {
  categoryName: (id, lang) => (lang === 'ko' ? `카테고리 ${id}` : `Category ${id}`),
  scenarioCategory: () => 'tradeoffs',
};

/** Every limit DESIGN.md lists, checked on rendered messages. */
function expectWithinLimits(messages: SlackMessage[]) {
  for (const m of messages) {
    expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    for (const b of m.blocks as unknown as LooseBlock[]) {
      if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.headerText);
      if (b.type === 'section' && b.text) {
        expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        expect(b.text.text.length).toBeGreaterThan(0);
      }
      for (const btn of buttonsIn([b])) expect(btn.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    }
  }
}

/** No entity cut in half, no raw < or > from content, `code` markers balanced on every line. */
function expectWellFormed(messages: SlackMessage[]) {
  for (const m of messages) {
    for (const b of m.blocks as unknown as LooseBlock[]) {
      const texts = b.type === 'section' && b.text?.type === 'mrkdwn' ? [b.text.text] : b.type === 'context' ? (b.elements ?? []).map((e) => e.text ?? '') : [];
      for (const t of texts as string[]) {
        expect(t).not.toMatch(/&(?!amp;|lt;|gt;)/);
        expect(t).not.toContain('<');
        for (const line of t.split('\n')) {
          // '>' only as our own blockquote marker at the start of a line.
          expect(line.replace(/^> /, '')).not.toContain('>');
          expect((line.match(/`/g) ?? []).length % 2).toBe(0);
        }
      }
    }
  }
}

function criterion(over: Partial<CriterionGrade> = {}): CriterionGrade {
  return {
    id: 'communication',
    score: 3,
    evidence: ['I would tell the VP the tradeoff.'],
    feedback: 'Clear, but no owner or date.',
    strongAnswerAdds: 'Names an owner and a date.',
    nextStep: 'Rehearse a one-minute update.',
    ...over,
  };
}

function feedback(over: Partial<FeedbackReply['result']> = {}, criteria: CriterionGrade[] = [criterion()]): FeedbackReply {
  return {
    kind: 'feedback',
    sessionId: 's1',
    language: 'en',
    scenario: { id: 'tradeoffs-x', title: 'Demo or hardening?', difficulty: 'easy', category: 'tradeoffs' },
    criterionNames: { communication: 'Communication', 'tradeoff-judgment': 'Tradeoff judgment' },
    points: 30,
    result: { scenarioId: 'tradeoffs-x', grader: 'offline', language: 'en', overall: 3, criteria, summary: 'Decent.', flags: [], ...over },
  };
}

describe('mrkdwn helpers', () => {
  test('escape makes mentions and links inert', () => {
    expect(escapeMrkdwn('<!channel> <!here> <@U123> <https://x|y> a&b')).toBe('&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://x|y&gt; a&amp;b');
  });

  test('clip cuts raw text before escaping, never inside an entity or a surrogate pair', () => {
    const raw = '&'.repeat(100);
    const c = clip(raw, 50);
    expect(c.length).toBeLessThanOrEqual(50);
    expect(c).toMatch(/^(&amp;)+…$/);
    const emoji = '😀'.repeat(40);
    const e = clip(emoji, 21);
    expect(e.endsWith('…')).toBe(true);
    expect(e).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(clip('short', 50)).toBe('short');
  });

  test('split keeps every word and respects the limit', () => {
    const raw = Array.from({ length: 400 }, (_, i) => `Sentence ${i} says a & b < c.`).join(' ');
    const pieces = splitEscaped(raw, 3000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(3000);
    expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe(escapeMrkdwn(raw));
  });

  test('split cuts a single endless word by code points', () => {
    const pieces = splitEscaped('x'.repeat(7000), 3000);
    expect(pieces.map((p) => p.length)).toEqual([3000, 3000, 1000]);
  });

  test('packLines groups lines without exceeding the limit', () => {
    expect(packLines(['aaa', 'bbb', 'ccc'], 7)).toEqual(['aaa\nbbb', 'ccc']);
  });
});

describe('renderReply', () => {
  test('scenario: title, situation, what is assessed, Skip and End carrying the session id', () => {
    const r: ScenarioReply = {
      kind: 'scenario',
      sessionId: 'sess-1',
      language: 'en',
      scenario: {
        id: 'tradeoffs-x',
        category: 'tradeoffs',
        categoryName: 'Tradeoffs',
        difficulty: 'easy',
        title: 'Demo or hardening?',
        situation: 'The CIO demos <in 10 days> & wants polish.',
        criteria: [
          { id: 'tradeoff-judgment', name: 'Tradeoff judgment' },
          { id: 'communication', name: 'Communication' },
        ],
      },
    };
    const [m, ...rest] = renderReply(r, ctx);
    expect(rest).toHaveLength(0);
    expect(m!.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Demo or hardening?', emoji: true } });
    const text = blockText(m!.blocks);
    expect(text).toContain('The CIO demos &lt;in 10 days&gt; &amp; wants polish.');
    expect(text).toContain('*Assessed on:* Tradeoff judgment · Communication');
    expect(buttonsIn(m!.blocks)).toEqual([
      { action_id: 'fde_skip', value: 'sess-1', text: 'Skip' },
      { action_id: 'fde_end', value: 'sess-1', text: 'End session' },
    ]);
    expectWithinLimits([m!]);
  });

  test('feedback: n/5 with a plain-text bar, why, the checklist, the best quote, next step', () => {
    const [m] = renderReply(
      feedback({}, [
        criterion({
          points: [
            { label: 'Tells the VP the tradeoff', made: true },
            { label: 'Names an owner and a date', made: false },
          ],
          evidence: ['I would tell the VP the tradeoff.', 'A second, weaker quote.'],
        }),
      ]),
      ctx,
    );
    const text = blockText(m!.blocks);
    expect(text).toContain('*Overall: 3.0/5*  ●●●○○   +30 points');
    expect(text).toContain('*Communication*  ●●●○○  *3/5*\nClear, but no owner or date.\n✓ Tells the VP the tradeoff    ✗ Names an owner and a date\n> “I would tell the VP the tradeoff.”\n*Next step:* Rehearse a one-minute update.');
    // One quote, and no "strong answer adds" when the missed point already says it; no inline code anywhere.
    expect(text).not.toContain('A second, weaker quote.');
    expect(text).not.toContain('A strong answer adds');
    expect(text).not.toContain('`');
    expect(text).toContain('Grader: offline · easy');
  });

  test('feedback: what a strong answer adds only below 5/5 and only when the checklist does not say it', () => {
    const noChecklist = blockText(renderReply(feedback({}, [criterion()]), ctx)[0]!.blocks);
    expect(noChecklist).toContain('*A strong answer adds:* Names an owner and a date.');
    const perfect = blockText(renderReply(feedback({ overall: 5 }, [criterion({ score: 5, strongAnswerAdds: 'Names an owner and a date.' })]), ctx)[0]!.blocks);
    expect(perfect).not.toContain('A strong answer adds');
  });

  test('feedback in Korean: Korean words, points written "30점", the difficulty word', () => {
    const r = feedback({ language: 'ko' }, [criterion({ points: [{ label: '결정권자 명시', made: false }] })]);
    const [m] = renderReply({ ...r, language: 'ko' }, ctx);
    const text = blockText(m!.blocks);
    expect(text).toContain('*종합: 3.0/5*  ●●●○○   +30점');
    expect(text).toContain('채점기: 오프라인 · 쉬움');
    expect(text).toContain('✗ 결정권자 명시');
    expect(text).toContain('*다음 단계:*');
    expect(text).not.toMatch(/\d 점/);
  });

  test('feedback: a criterion with no evidence says so', () => {
    const [m] = renderReply(feedback({}, [criterion({ evidence: [] })]), ctx);
    expect(blockText(m!.blocks)).toContain('Nothing in the answer earned this criterion.');
  });

  test('feedback quoting <!channel>, <!here> and <@U123> keeps them inert', () => {
    const quote = 'Ping <!channel> and <!here> and <@U123> & <https://evil|click>.';
    const messages = renderReply(feedback({ summary: '<!everyone> summary' }, [criterion({ evidence: [quote], feedback: '<@U999> said' })]), ctx);
    const json = JSON.stringify(messages);
    for (const raw of ['<!channel>', '<!here>', '<@U123>', '<!everyone>', '<@U999>', '<https://evil']) expect(json).not.toContain(raw);
    expect(blockText(messages[0]!.blocks)).toContain('&lt;!channel&gt; and &lt;!here&gt; and &lt;@U123&gt; &amp; &lt;https://evil|click&gt;');
    for (const m of messages) for (const b of m.blocks as unknown as LooseBlock[]) if (b.type === 'section' && b.text) expect(b.text.verbatim).toBe(true);
    expectWellFormed(messages);
  });

  test('long feedback is split across sections and messages within every limit, markup intact', () => {
    const long = 'This answer goes on & on about <things>. '.repeat(200); // ~8000 chars before escaping
    const criteria = (['problem-framing', 'productionization', 'llm-engineering', 'enterprise-integration', 'communication', 'product-feedback', 'tradeoff-judgment'] as const).map(
      (id) => criterion({ id, feedback: long, strongAnswerAdds: long, nextStep: long, evidence: [long, long, long, long, long] }),
    );
    const messages = renderReply(feedback({ summary: long }, criteria), ctx);
    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
    expectWellFormed(messages);
    // Nothing of the grader's feedback is lost: every criterion's score line appears.
    const all = messages.map((m) => blockText(m.blocks)).join('\n');
    expect(all.match(/\*[1-5]\/5\*/g)).toHaveLength(7);
    // Long quotes are an excerpt cut at a word: one per criterion.
    expect(all.match(/> “/g)).toHaveLength(7);
  });

  test('a very long title is cut to the header limit', () => {
    const r = feedback();
    r.scenario.title = 'T'.repeat(400);
    const [m] = renderReply(r, ctx);
    expectWithinLimits([m!]);
  });

  test('summary: points, weakest competency, try next by the category name, and buttons', () => {
    const s: SummaryReply = {
      kind: 'summary',
      sessionId: 's1',
      language: 'en',
      scenarioId: 'tradeoffs-x',
      overall: 3.5,
      points: 35,
      totalPoints: 80,
      answered: 2,
      weakest: { id: 'communication', name: 'Communication', average: 2.5 },
      suggestedCategory: 'discovery',
      suggestedCategoryName: 'Discovery',
    };
    const [m] = renderReply(s, ctx);
    const text = blockText(m!.blocks);
    expect(text).toContain('You earned 35 points (total 80, 2 answered).');
    expect(text).toContain('Weakest so far: *Communication* 2.5/5 — Try next: *Discovery*');
    expect(text).toContain('3.5/5  ●●●●○');
    expect(text).not.toContain('`');
    expect(buttonsIn(m!.blocks)).toEqual([
      { action_id: 'fde_start_same', value: '{"category":"tradeoffs"}', text: 'Same category: Category tradeoffs' },
      { action_id: 'fde_start_weak', value: '{"category":"discovery"}', text: 'Try next: Discovery' },
      { action_id: 'fde_start_any', value: '{}', text: 'Any category' },
    ]);
    const ko = blockText(renderReply({ ...s, language: 'ko', weakest: { ...s.weakest!, name: '커뮤니케이션' }, suggestedCategoryName: '디스커버리' }, ctx)[0]!.blocks);
    expect(ko).toContain('현재 가장 약한 역량: *커뮤니케이션* 2.5/5 — 다음 연습 추천: *디스커버리*');
    expect(ko).toContain('35점을 얻었습니다(누적 80점, 답변 2개).');
  });

  test('summary after a perfect answer names no weakest competency and no "try next"', () => {
    const s: SummaryReply = { kind: 'summary', language: 'en', scenarioId: 'tradeoffs-x', overall: 5, points: 50, totalPoints: 50, answered: 1 };
    const [m] = renderReply(s, ctx);
    expect(blockText(m!.blocks)).not.toMatch(/Weakest|Try next/);
    expect(buttonsIn(m!.blocks).map((b) => b.action_id)).toEqual(['fde_start_same', 'fde_start_any']);
  });

  test('a request for more after a short answer is headed as such, not as a numbered follow-up', () => {
    const [m] = renderReply({ kind: 'probe', sessionId: 's1', language: 'ko', text: '답변이 짧아 <아직> 채점하지 않았습니다.', index: 1, max: 1, reason: 'too-short' }, ctx);
    const text = blockText(m!.blocks);
    expect(text).toContain('*조금 더 말씀해 주세요*\n답변이 짧아 &lt;아직&gt; 채점하지 않았습니다.');
    expect(text).not.toContain('1/1');
  });

  test('summary without a known category still offers "any"', () => {
    const s: SummaryReply = { kind: 'summary', language: 'ko', scenarioId: 'x', overall: 2, points: 10, totalPoints: 10, answered: 1 };
    const [m] = renderReply(s, plainContext);
    expect(buttonsIn(m!.blocks)).toEqual([{ action_id: 'fde_start_any', value: '{}', text: '아무 카테고리' }]);
  });

  test('a retryable notice carries Retry and Discard', () => {
    const n: NoticeReply = { kind: 'notice', language: 'ko', code: 'grading-failed', text: '채점에 실패했습니다.', retryable: true };
    const [m] = renderReply(n, ctx);
    expect(buttonsIn(m!.blocks).map((b) => b.action_id)).toEqual(['fde_retry', 'fde_end']);
    expect(blockText(m!.blocks)).toContain(':warning: 채점에 실패했습니다.');
  });

  test('help in Korean, with the problem first and the typed value escaped', () => {
    const [m] = renderHelp('ko', { code: 'unknown-command', value: '<!here>' });
    const text = blockText(m!.blocks);
    expect(text.indexOf('&lt;!here&gt;')).toBeGreaterThanOrEqual(0);
    expect(text).not.toContain('<!here>');
    expect(text).toContain('/fde practice');
  });
});
