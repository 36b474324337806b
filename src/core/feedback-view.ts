/**
 * What every face shows for one graded criterion, derived once from the grade so the terminal,
 * Slack and Teams cannot drift apart: the score with its bar, one sentence why, the key points
 * as a made/missed checklist, the best quote and one next step. Nothing here counts or describes
 * on its own: the checklist is the grader's `points`, the sentence is the grader's, and no rubric
 * descriptor is shown, so the text can never disagree with the score.
 */
import type { CriterionGrade, CriterionId, KeyPointCheck, Score } from './types';

/** Glyphs of the score bar; the same on every face (Slack shows no colour, so the shape must read). */
export const BAR_FULL = '●';
export const BAR_EMPTY = '○';

/** Longest quote shown: an excerpt, the person has the whole answer. */
export const QUOTE_MAX = 220;
/** Longest checklist label shown; labels are meant to be a few words. */
export const LABEL_MAX = 60;
/** Longest "why" sentence shown. */
const WHY_MAX = 300;

/** A 5-cell bar for an n/5 score; averages are rounded to the nearest cell. */
export function scoreBar(score: number): string {
  const full = Math.max(0, Math.min(5, Math.round(score)));
  return BAR_FULL.repeat(full) + BAR_EMPTY.repeat(5 - full);
}

/** One criterion, ready to render. */
export interface CriterionView {
  id: CriterionId;
  name: string;
  score: Score;
  /** One sentence: why this score, in terms of this answer. */
  why: string;
  /** The criterion's key points, made or missed (empty for grades made before checklists). */
  checklist: KeyPointCheck[];
  /** The best quote from the answer, cut at a word boundary. */
  quote?: string;
  next: string;
  /**
   * What a strong answer adds, only when it says something the checklist does not: never at
   * 5/5 (the answer is a strong one) and never when missed key points already say it.
   */
  adds?: string;
}

/**
 * Cuts text to at most max characters at a word boundary, never inside a token such as "v2.14"
 * or "3.5%", adding an ellipsis when cut.
 */
export function clipWords(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  // A text with no space near the end (Korean runs, a URL) is cut by code points instead.
  const cut = space > head.length * 0.6 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:.\-–—]+$/, '')}…`;
}

/**
 * The first sentence of the grader's explanation. A sentence ends at . ! ? (or their full-width
 * forms) followed by a space, so "v2.14" or "3.5%" never end one.
 */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?。！？])(?=\s)/.exec(flat);
  return clipWords(m ? m[1]! : flat, WHY_MAX);
}

/**
 * The grader's sentence without a leading restatement of the score ("3/5: …", "3/5점입니다: …"):
 * every face already shows the score beside it.
 */
export function withoutScorePrefix(sentence: string): string {
  const rest = sentence.replace(/^\s*[1-5](?:\.\d)?\s*\/\s*5\s*(?:점입니다|점)?\s*[:：,.\-–—]\s*/u, '');
  if (rest === sentence || !rest) return sentence;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** The render-ready view of one criterion's grade. */
export function criterionView(c: CriterionGrade, name: string): CriterionView {
  const checklist = (c.points ?? [])
    .filter((p) => p.label.trim())
    .map((p) => ({ label: clipWords(p.label, LABEL_MAX), made: p.made }));
  const missedListed = checklist.some((p) => !p.made);
  const adds = c.strongAnswerAdds.trim();
  const quote = c.evidence.find((q) => q.trim());
  return {
    id: c.id,
    name,
    score: c.score,
    why: withoutScorePrefix(firstSentence(c.feedback)),
    checklist,
    quote: quote ? clipWords(quote, QUOTE_MAX) : undefined,
    next: c.nextStep.trim(),
    adds: c.score < 5 && !missedListed && adds ? adds : undefined,
  };
}
