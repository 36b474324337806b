/**
 * Rules every grade obeys, whichever grader produced it. Applied after grading so a model that
 * obeys an injected instruction, or invents a quote, still cannot lift the score.
 */
import { findInjection } from '../core/text';
import type { CriterionGrade, GradeFlag, GradeResult, Score } from '../core/types';

/** A criterion with no verbatim evidence cannot score above this. */
export const NO_EVIDENCE_CAP = 2;
/** An answer that tries to instruct the grader scores no more than this on any criterion. */
export const INJECTION_CAP = 2;

export function toScore(n: number): Score {
  return Math.min(5, Math.max(1, Math.round(n))) as Score;
}

export function overallOf(criteria: Pick<CriterionGrade, 'score'>[]): number {
  if (!criteria.length) return 1;
  const mean = criteria.reduce((a, c) => a + c.score, 0) / criteria.length;
  return Math.round(mean * 10) / 10;
}

/** Whitespace-insensitive check that a quote appears verbatim in the answer text. */
export function isVerbatim(quote: string, answerText: string): boolean {
  const q = quote.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (q.length < 3) return false;
  return answerText.normalize('NFC').replace(/\s+/g, ' ').includes(q);
}

/**
 * Drops evidence that is not a verbatim substring of the answer or that is itself an injection
 * attempt, caps evidence-less criteria, caps injection attempts, and recomputes the overall.
 */
export function enforceIntegrity(result: GradeResult, answerText: string): GradeResult {
  const injection = findInjection(answerText);
  const flags = new Set<GradeFlag>(result.flags);
  if (injection.length) flags.add('injection');
  const criteria = result.criteria.map((c) => {
    const evidence = [...new Set(c.evidence)].filter(
      (q) => isVerbatim(q, answerText) && !injection.some((inj) => inj.includes(q.trim()) || q.includes(inj)),
    );
    let score = c.score;
    if (evidence.length === 0) score = Math.min(score, NO_EVIDENCE_CAP) as Score;
    if (injection.length) score = Math.min(score, INJECTION_CAP) as Score;
    return { ...c, evidence, score };
  });
  return { ...result, criteria, flags: [...flags], overall: overallOf(criteria) };
}
