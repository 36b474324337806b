/**
 * Rules every grade obeys, whichever grader produced it. Applied after grading so a model that
 * obeys an injected instruction, invents a quote, or praises generic text still cannot lift the
 * score:
 * - quotes must be verbatim and not themselves addressed to the grader; no evidence caps at 2;
 * - an answer addressed to the grader is capped at 2 on every criterion (and earns no points);
 * - with the scenario given: an answer with no substance (very short, or nothing specific to the
 *   scenario's facts) is capped at 2, and a 4 or 5 needs evidence that says something specific to
 *   the scenario (otherwise 3);
 * - the key-point checklist agrees with the final score (a capped criterion never shows all made).
 */
import { findInjection } from '../core/text';
import type { CriterionGrade, GradeFlag, GradeResult, KeyPoint, KeyPointCheck, Language, Scenario, Score } from '../core/types';
import { isSpecificEvidence, substanceOf } from './substance';

/** A criterion with no verbatim evidence cannot score above this. */
export const NO_EVIDENCE_CAP = 2;
/** An answer that tries to instruct the grader scores no more than this on any criterion. */
export const INJECTION_CAP = 2;
/** An answer with no substance (too short, or generic) scores no more than this on any criterion. */
export const SUBSTANCE_CAP = 2;
/** A criterion whose evidence says nothing specific to the scenario scores no more than this. */
export const UNSPECIFIC_EVIDENCE_CAP = 3;
/** Longest checklist label cut from a key point's text. */
export const LABEL_MAX = 60;

export function toScore(n: number): Score {
  return Math.min(5, Math.max(1, Math.round(n))) as Score;
}

export function overallOf(criteria: Pick<CriterionGrade, 'score'>[]): number {
  if (!criteria.length) return 1;
  const mean = criteria.reduce((a, c) => a + c.score, 0) / criteria.length;
  return Math.round(mean * 10) / 10;
}

/** Whitespace-insensitive check that a quote appears verbatim in the answer text. */
const squeeze = (t: string) => t.normalize('NFC').replace(/\s+/g, ' ');
/** The last answer squeezed: a grade checks every quote against the same answer. */
let lastAnswer = '';
let lastSqueezed = '';

export function isVerbatim(quote: string, answerText: string): boolean {
  const q = squeeze(quote).trim();
  if (q.length < 3) return false;
  if (answerText !== lastAnswer) {
    lastAnswer = answerText;
    lastSqueezed = squeeze(answerText);
  }
  return lastSqueezed.includes(q);
}

/** A key point's checklist label: its own label, else its text cut at a word boundary. */
export function keyPointLabel(point: Pick<KeyPoint, 'text' | 'label'>, lang: Language): string {
  const own = point.label?.[lang]?.trim();
  if (own) return own;
  const text = point.text[lang].trim().replace(/\s+/g, ' ');
  if (text.length <= LABEL_MAX) return text;
  const room = text.slice(0, LABEL_MAX - 1);
  const cut = room.lastIndexOf(' ');
  return `${(cut > LABEL_MAX / 2 ? room.slice(0, cut) : room).replace(/[\s,;:.—-]+$/, '')}…`;
}

/**
 * How many of a criterion's n key points may show as made at a score: none at 1, fewer than half at
 * 2, not all at 3, any at 4 or 5. So "2 of 2 points made" never sits next to a 3.
 */
export function maxMade(score: Score, n: number): number {
  if (score <= 1) return 0;
  if (score === 2) return Math.floor((n - 1) / 2);
  if (score === 3) return Math.max(0, n - 1);
  return n;
}

/** The checklist made consistent with the score: the first points made stay made, up to maxMade. */
export function consistentPoints(points: readonly KeyPointCheck[], score: Score): KeyPointCheck[] {
  let room = maxMade(score, points.length);
  return points.map((p) => {
    if (!p.made) return { ...p };
    if (room > 0) {
      room--;
      return { ...p };
    }
    return { ...p, made: false };
  });
}

/** What the rules need to know beyond the answer (absent: the scenario-dependent rules are skipped). */
export interface IntegrityContext {
  scenario: Scenario;
}

/**
 * Drops evidence that is not a verbatim substring of the answer or that is itself an injection
 * attempt, caps evidence-less criteria, caps injection attempts, and (given the scenario) applies
 * the substance floor and the specific-evidence rule; makes the checklist agree and recomputes the
 * overall.
 */
export function enforceIntegrity(result: GradeResult, answerText: string, context?: IntegrityContext): GradeResult {
  const injection = findInjection(answerText);
  const flags = new Set<GradeFlag>(result.flags);
  if (injection.length) flags.add('injection');
  const substance = context && answerText.trim() ? substanceOf(answerText, context.scenario) : undefined;
  if (substance?.lacking === 'too-short') flags.add('too-short');
  // Generic text that names nothing from the scenario does not engage with this scenario.
  if (substance?.lacking === 'generic') flags.add('off-topic');
  const criteria = result.criteria.map((c) => {
    const evidence = [...new Set(c.evidence)].filter(
      (q) => isVerbatim(q, answerText) && !injection.some((inj) => inj.includes(q.trim()) || q.includes(inj)),
    );
    let score = c.score;
    if (evidence.length === 0) score = Math.min(score, NO_EVIDENCE_CAP) as Score;
    if (injection.length) score = Math.min(score, INJECTION_CAP) as Score;
    if (substance?.lacking) score = Math.min(score, SUBSTANCE_CAP) as Score;
    if (context && score >= 4 && !isSpecificEvidence(evidence, context.scenario))
      score = Math.min(score, UNSPECIFIC_EVIDENCE_CAP) as Score;
    const graded: CriterionGrade = { ...c, evidence, score };
    if (c.points) graded.points = consistentPoints(c.points, score);
    return graded;
  });
  return { ...result, criteria, flags: [...flags], overall: overallOf(criteria) };
}
