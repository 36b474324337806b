/**
 * The terminal face of the feedback: the built CLI as a child process (a short first answer is
 * asked for more, then graded), and the renderer's text in English and Korean.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import pc from 'picocolors';
import { bannerText, gradingText, promptText, renderText } from '../../src/cli/render';
import type { FeedbackReply, SummaryReply } from '../../src/core/replies';
import { cliEnv } from '../support/cli-env';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'fde-coach.js');
const plain = pc.createColors(false);

function practice(args: string[], input: string) {
  const r = spawnSync(process.execPath, [BIN, 'practice', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: cliEnv(),
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout };
}

describe('terminal: a one-line answer', () => {
  it('is asked for more, not graded; a second short reply is graded', () => {
    const r = practice(['--category', 'tradeoffs', '--difficulty', 'medium'], 'I would ship the hotfix.\n.\nAnd tell the VP.\n.\n:quit\n');
    expect(r.code).toBe(0);
    const ask = r.stdout.indexOf('Tell me more:');
    const graded = r.stdout.indexOf('Overall:');
    expect(ask).toBeGreaterThan(0);
    expect(r.stdout).toContain('so I have not graded it yet');
    expect(graded).toBeGreaterThan(ask);
    expect(r.stdout.match(/Tell me more:/g)).toHaveLength(1);
  });

  it('in Korean, by characters, in Korean words', () => {
    const r = practice(['--category', 'tradeoffs', '--difficulty', 'medium', '--lang', 'ko'], '핫픽스를 먼저 배포하겠습니다.\n.\n그리고 보고하겠습니다.\n.\n:quit\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('조금 더 말씀해 주세요:');
    expect(r.stdout).toContain('아직 채점하지 않았습니다');
    expect(r.stdout).toMatch(/종합: \d\.\d\/5 [●○]{5} {2}\+\d+점/);
    expect(r.stdout).toContain('[보통]');
    expect(r.stdout).toMatch(/트레이드오프 · 보통 · /);
    expect(r.stdout).not.toMatch(/\d 점/);
  });
});

function reply(lang: 'en' | 'ko'): FeedbackReply {
  return {
    kind: 'feedback',
    language: lang,
    scenario: { id: 'tradeoffs-x', title: lang === 'ko' ? '데모냐 안정화냐' : 'Demo or hardening?', difficulty: 'hard', category: 'tradeoffs' },
    criterionNames: { communication: lang === 'ko' ? '커뮤니케이션' : 'Communication', 'tradeoff-judgment': lang === 'ko' ? '트레이드오프 판단' : 'Tradeoff judgment' },
    points: 53,
    result: {
      scenarioId: 'tradeoffs-x',
      grader: 'offline',
      language: lang,
      overall: 4,
      summary: '',
      flags: [],
      criteria: [
        {
          id: 'tradeoff-judgment',
          score: 5,
          points: [{ label: lang === 'ko' ? '비용을 말함' : 'Names the cost', made: true }],
          evidence: ['Two days now, three weeks for v2.14 later.'],
          feedback: lang === 'ko' ? '선택과 그 비용을 분명히 말했습니다. 추가 문장.' : 'Commits and says what it costs. Extra sentence.',
          strongAnswerAdds: lang === 'ko' ? '결정을 뒤집을 조건' : 'What would change the call',
          nextStep: lang === 'ko' ? '결정 기록을 써 보세요.' : 'Write a one-page decision record.',
        },
        {
          id: 'communication',
          score: 3,
          points: [
            { label: lang === 'ko' ? 'VP에게 설명' : 'Tells the VP', made: true },
            { label: lang === 'ko' ? '담당자와 날짜' : 'Owner and date', made: false },
          ],
          evidence: [],
          feedback: lang === 'ko' ? '담당자가 빠졌습니다.' : 'No owner.',
          strongAnswerAdds: lang === 'ko' ? '담당자와 날짜' : 'Owner and date',
          nextStep: lang === 'ko' ? '1분 보고를 연습하세요.' : 'Rehearse a one-minute update.',
        },
      ],
    },
  };
}

describe('terminal renderer', () => {
  it('English: per criterion four lines (score and why, checklist, quote, next step), no descriptor, no repeated "strong answer"', () => {
    const text = renderText(reply('en'), plain);
    expect(text).toBe(
      [
        'Demo or hardening?  [hard]',
        'Overall: 4.0/5 ●●●●○  +53 points   Grader: offline',
        '',
        '●●●●● 5/5  Tradeoff judgment: Commits and says what it costs.',
        '   ✓ Names the cost',
        '   “Two days now, three weeks for v2.14 later.”',
        '   Next step: Write a one-page decision record.',
        '',
        '●●●○○ 3/5  Communication: No owner.',
        '   ✓ Tells the VP   ✗ Owner and date',
        '   Nothing in the answer earned this criterion.',
        '   Next step: Rehearse a one-minute update.',
      ].join('\n'),
    );
  });

  it('Korean: Korean words throughout, points as "53점", the difficulty as a word', () => {
    const text = renderText(reply('ko'), plain);
    expect(text).toContain('데모냐 안정화냐  [어려움]');
    expect(text).toContain('종합: 4.0/5 ●●●●○  +53점   채점기: 오프라인');
    expect(text).toContain('●●●○○ 3/5  커뮤니케이션: 담당자가 빠졌습니다.');
    expect(text).toContain('   ✓ VP에게 설명   ✗ 담당자와 날짜');
    expect(text).toContain('   다음 단계: 1분 보고를 연습하세요.');
    // (The quote is the answer's own words, whatever their language.)
    expect(text.replace(/“[^”]*”/g, '')).not.toMatch(/[A-Za-z]{4,}/);
  });

  it('summary: weakest and try next by category name; nothing "weakest" after a perfect answer', () => {
    const s: SummaryReply = {
      kind: 'summary',
      language: 'ko',
      scenarioId: 'x',
      overall: 3.5,
      points: 53,
      totalPoints: 120,
      answered: 3,
      weakest: { id: 'communication', name: '커뮤니케이션', average: 2.5 },
      suggestedCategory: 'customer-escalation',
      suggestedCategoryName: '고객 에스컬레이션',
    };
    expect(renderText(s, plain)).toBe(
      '53점을 얻었습니다(누적 120점, 답변 3개).\n현재 가장 약한 역량: 커뮤니케이션 2.5/5 — 다음 연습 추천: 고객 에스컬레이션 (--category customer-escalation)',
    );
    expect(renderText({ ...s, language: 'en', overall: 5, weakest: undefined, suggestedCategory: undefined }, plain)).toBe(
      'You earned 53 points (total 120, 3 answered).',
    );
  });

  it('the session words (banner, input prompt, grading) in each language', () => {
    expect(bannerText('ko', { offline: true })).toBe('채점기: 오프라인 루브릭 채점기(API 키 없음). 점수는 근사치입니다.');
    expect(bannerText('en', { offline: false, model: 'gpt-4o-mini' })).toBe('Grader: model (gpt-4o-mini)');
    expect(promptText('ko')).toContain('"." 한 글자만 있는 줄로 보냅니다');
    expect(gradingText('ko')).toBe('채점하고 있습니다…');
    for (const lang of ['en', 'ko'] as const) expect(promptText(lang).startsWith('> ')).toBe(true);
  });
});
