/**
 * The words of an offline grade, derived from the same numbers as the score: the checklist labels,
 * one "why this score" sentence, what a strong answer adds (the missed points), a next step chosen
 * by what was missed, and the best quotes. Nothing here changes a score.
 */
import type { Criterion, KeyPoint, KeyPointCheck, Language, Scenario } from '../../core/types';
import type { AnswerFeatures, Discount } from './features';
import type { CriterionResult, KeyPointResult } from './score';

const LABEL_MAX = 60;

/** The key point's checklist label: its own label, else its text cut at a word boundary. */
export function labelOf(k: KeyPoint, lang: Language): string {
  const own = k.label?.[lang]?.trim();
  if (own) return own;
  // The first clause usually names the move ("Builds a golden set from real pilot questions").
  const text = k.text[lang].trim().split(/(?<!\d)[.:;](?=\s)|\s[(—–]/)[0]!.replace(/[.:;,]$/, '').trim();
  if (text.length <= LABEL_MAX) return text;
  const cut = text.slice(0, LABEL_MAX - 1);
  const at = Math.max(cut.lastIndexOf(' '), cut.lastIndexOf(','));
  return `${(at > 20 ? cut.slice(0, at) : cut).replace(/[,:;\s]+$/, '')}…`;
}

export function checklist(r: CriterionResult, scenario: Scenario, lang: Language): KeyPointCheck[] {
  return r.keyPoints.map((k) => ({ label: labelOf(scenario.keyPoints[k.index]!, lang), made: k.made }));
}

/** Labels in a sentence. English labels go unquoted (renderers show quotes from the answer in double quotes). */
function quoteList(labels: string[], lang: Language): string {
  if (lang === 'ko') return labels.map((l) => `‘${l}’`).join(', ');
  return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join('; ')} and ${labels[labels.length - 1]}`;
}

const CAP_REASON: Record<Discount, { en: string; ko: string }> = {
  injection: { en: 'part of the answer addresses the grader instead of the question', ko: '답변 일부가 질문이 아니라 채점기를 향한 지시입니다' },
  empty: { en: 'there is no answer to grade', ko: '채점할 답변이 없습니다' },
  'too-short': { en: 'the answer is too short to show the reasoning', ko: '답변이 너무 짧아 추론이 드러나지 않습니다' },
  salad: { en: 'the answer is a run of terms, not sentences that reason', ko: '답변이 추론하는 문장이 아니라 용어의 나열입니다' },
  list: { en: 'most of the answer is a bare list of terms', ko: '답변 대부분이 근거 없는 용어 나열입니다' },
  repetition: { en: 'much of the answer repeats itself', ko: '답변의 상당 부분이 같은 말을 반복합니다' },
  negated: { en: 'the answer argues against advice the scenario needs', ko: '답변이 이 시나리오에 필요한 조치를 하지 않겠다고 합니다' },
  'other-scenario': { en: 'the answer fits a different scenario better than this one', ko: '답변이 이 시나리오보다 다른 시나리오에 더 잘 맞습니다' },
  'off-topic': { en: "the answer does not engage with this scenario's problem", ko: '답변이 이 시나리오의 문제를 다루지 않습니다' },
};

/** The discount that explains a capped criterion: the most severe one present. */
function capReason(f: AnswerFeatures, r: CriterionResult, lang: Language): string {
  const order: Discount[] = ['empty', 'injection', 'off-topic', 'other-scenario', 'salad', 'negated', 'list', 'repetition', 'too-short'];
  const d = order.find((x) => f.discounts.includes(x));
  if (!d && r.keyPoints.some((k) => k.contradicted)) return CAP_REASON.negated[lang];
  return CAP_REASON[d ?? 'too-short'][lang];
}

/** One sentence: why this criterion got this score, in terms of this answer's checklist. */
export function feedbackSentence(r: CriterionResult, f: AnswerFeatures, scenario: Scenario, lang: Language): string {
  const n = r.keyPoints.length;
  const made = r.keyPoints.filter((k) => k.made);
  const partly = r.keyPoints.filter((k) => k.partly);
  const missed = r.keyPoints.filter((k) => !k.made && !k.partly);
  const names = (ks: KeyPointResult[]) => quoteList(ks.map((k) => labelOf(scenario.keyPoints[k.index]!, lang)), lang);
  const s = r.score;
  if (r.limitedBy === 'cap') {
    const why = capReason(f, r, lang);
    return lang === 'ko'
      ? `${s}/5점입니다: ${why.replace(/습니다$/, '기')} 때문에 점수 상한이 적용되었습니다.`
      : `${s}/5 because ${why}, which caps this criterion.`;
  }
  if (lang === 'ko') {
    if (made.length === n)
      return n === 1 ? `${s}/5점입니다: 이 항목의 핵심을 다뤘습니다(${names(made)}).` : `${s}/5점입니다: 이 항목의 핵심 ${n}개를 모두 다뤘습니다(${names(made)}).`;
    if (made.length)
      return `${s}/5점입니다: 핵심 ${n}개 중 ${made.length}개(${names(made)})를 다뤘지만 ${names([...partly, ...missed])}는 충분히 다루지 않았습니다.`;
    if (partly.length)
      return n === 1
        ? `${s}/5점입니다: 이 항목의 핵심(${names(partly)})을 부분적으로만 언급했습니다.`
        : `${s}/5점입니다: 핵심 ${n}개 중 완전히 다룬 것은 없고, ${names(partly)}를 부분적으로만 언급했습니다.`;
    if (n === 1) return `${s}/5점입니다: 이 항목이 보는 핵심(${names(missed)})을 다루지 않았습니다.`;
    return `${s}/5점입니다: 이 항목이 보는 핵심 ${n}개(${names(missed)}) 중 어느 것도 다루지 않았습니다.`;
  }
  if (made.length === n) return `${s}/5: you made ${n === 1 ? 'the key point' : `all ${n} key points`} here (${names(made)}).`;
  if (made.length)
    return `${s}/5: you made ${made.length} of ${n} key points (${names(made)})${partly.length ? `, touched on ${names(partly)}` : ''}${missed.length ? ` but not ${names(missed)}` : ' without the specifics'}.`;
  if (partly.length)
    return n === 1 ? `${s}/5: you touched on the key point here (${names(partly)}) but did not make it in full.` : `${s}/5: you touched on ${names(partly)} but made none of the ${n} key points in full.`;
  if (n === 1) return `${s}/5: the answer does not make the key point this criterion looks for (${names(missed)}).`;
  return `${s}/5: the answer makes none of the ${n} key points this criterion looks for (${names(missed)}).`;
}

/** What a strong answer adds: the points not made, short; at full marks, the top-level descriptor. */
export function strongAnswerAdds(r: CriterionResult, criterion: Criterion, scenario: Scenario, lang: Language): string {
  const open = r.keyPoints.filter((k) => !k.made).map((k) => labelOf(scenario.keyPoints[k.index]!, lang));
  if (!open.length) return criterion.levels[5][lang];
  const list = open.slice(0, 3).join(lang === 'ko' ? ' / ' : '; ');
  return /[.…!?]$/.test(list) ? list : `${list}.`;
}

/**
 * One next step chosen by what this answer missed: the criterion's practice step indexed by the key
 * point it missed most clearly, so answers missing different points get different steps.
 */
export function nextStep(r: CriterionResult, criterion: Criterion, scenario: Scenario, lang: Language): string {
  const steps = criterion.nextSteps;
  // The point most clearly missed (lowest match; the first such on ties).
  const firstMissed = r.keyPoints.filter((k) => !k.made).reduce<KeyPointResult | undefined>((a, k) => (!a || k.match < a.match ? k : a), undefined);
  if (!firstMissed) return steps[steps.length - 1]![lang];
  const label = labelOf(scenario.keyPoints[firstMissed.index]!, lang);
  const step = steps[firstMissed.index % steps.length]![lang];
  return lang === 'ko' ? `다음에는 ‘${label}’까지 다뤄 보세요. ${step}` : `Next time, cover this point: ${label.replace(/[.…]$/, '')}. ${step}`;
}

/** The best verbatim quotes for a criterion: the passages that made its key points, best first. */
export function evidenceOf(r: CriterionResult): string[] {
  const quotes: string[] = [];
  for (const k of [...r.keyPoints].sort((a, b) => b.match - a.match))
    if (k.best && k.match >= 0.15) for (const q of k.best.quotes) if (!quotes.includes(q)) quotes.push(q);
  return quotes.slice(0, 2);
}

/** Notes for the grade's summary, one per discount that applied. */
export function discountNotes(f: AnswerFeatures, lang: Language, scenarioTitle: (id: string) => string | undefined): string[] {
  const notes: string[] = [];
  if (f.discounts.includes('other-scenario') && f.betterFit) {
    const title = scenarioTitle(f.betterFit);
    notes.push(
      lang === 'ko'
        ? `이 답변은 이 시나리오보다 다른 시나리오${title ? `(${title})` : ''}에 더 잘 맞아 점수 상한 2가 적용되었습니다.`
        : `This answer fits another scenario${title ? ` (${title})` : ''} better than this one, so it is capped at 2.`,
    );
  }
  if (f.discounts.includes('negated'))
    notes.push(
      lang === 'ko'
        ? '답변이 이 시나리오에 필요한 조치를 하지 않겠다고 해서, 그 항목은 점수를 얻지 못했습니다.'
        : 'The answer argues against steps this scenario needs; naming them in order to skip them earns nothing.',
    );
  if (f.discounts.includes('repetition'))
    notes.push(
      lang === 'ko'
        ? '같은 내용이나 같은 문장 틀을 반복한 부분은 한 번만 반영했습니다.'
        : 'Repeated sentences, and the same sentence template filled with different terms, count once.',
    );
  return notes;
}
