/**
 * From features (features.ts) and the fitted constants (calibration.ts) to criterion scores: each key
 * point is made by its best passage; a criterion's evidence is the mean over its key points, scaled by
 * how much the answer uses the scenario's facts and reasons; the curve maps it to 1-5; the whole-answer
 * discounts cap it; and the score is reconciled with the checklist so the two never disagree.
 */
import type { CriterionId, Score } from '../../core/types';
import { maxMade, toScore } from '../integrity';
import { curve, type Calibration } from './calibration';
import type { AnswerFeatures, KeyPointFeatures, PassageMatch } from './features';

/** A key point counts as made at this match, and as partly made at PARTLY. */
export const MADE = 0.6;
export const PARTLY = 0.3;

/** Signal share (features.signals) from which an answer shows the competency in general terms. */
const GENERIC_SIGNAL = 0.25;

export interface KeyPointResult {
  index: number;
  /** 0-1 */
  match: number;
  best?: PassageMatch;
  made: boolean;
  partly: boolean;
  contradicted: boolean;
}

export interface CriterionResult {
  id: CriterionId;
  score: Score;
  keyPoints: KeyPointResult[];
  /** Which rule set the score, for the feedback sentence. */
  limitedBy?: 'cap' | 'checklist';
}

function matchOf(k: KeyPointFeatures, saturation: number): { match: number; best?: PassageMatch } {
  let match = 0;
  let best: PassageMatch | undefined;
  for (const m of k.matches) {
    const v = Math.min(1, m.coverage / saturation) * m.factor;
    if (v > match) {
      match = v;
      best = m;
    }
  }
  return k.contradicted ? { match: 0, best: undefined } : { match, best };
}

/** Scores every criterion of the answer. */
export function scoreCriteria(f: AnswerFeatures, criteria: readonly CriterionId[], c: Calibration): CriterionResult[] {
  const context = (0.7 + 0.3 * f.engagement) * (0.8 + 0.2 * Math.min(1, f.reasoning / 0.5)) * (1 - c.elaboration + c.elaboration * f.elaboration);
  const saturation = f.language === 'ko' ? c.saturation * c.koreanScale : c.saturation;
  return criteria.map((id) => {
    const keyPoints = f.keyPoints
      .filter((k) => k.criterion === id)
      .map((k): KeyPointResult => {
        const { match, best } = matchOf(k, saturation);
        return { index: k.index, match, best, made: match >= MADE, partly: match >= PARTLY && match < MADE, contradicted: k.contradicted };
      });
    const n = keyPoints.length || 1;
    const evidence = (keyPoints.reduce((a, k) => a + k.match, 0) / n) * context;
    let score = toScore(curve(evidence, c));
    // Sound generic practice for the competency, without the scenario's specifics, is a 2, not a 1.
    if (!f.discounts.length && (f.signals[id] ?? 0) >= GENERIC_SIGNAL && score < 2) score = 2;
    let limitedBy: CriterionResult['limitedBy'];
    // The checklist and the score must tell the same story.
    const made = keyPoints.filter((k) => k.made).length;
    const partly = keyPoints.filter((k) => k.partly).length;
    const lo = made === n ? 3 : 1;
    const hi = made + partly === 0 ? 2 : made === 0 ? 3 : made + partly === n ? 5 : 4;
    if (score < lo || score > hi) {
      score = toScore(Math.min(hi, Math.max(lo, score)));
      limitedBy = 'checklist';
    }
    const cap = Math.min(f.cap, f.criterionCap[id] ?? 5);
    if (score > cap) {
      score = toScore(cap);
      limitedBy = 'cap';
    }
    // The shared rule (integrity.ts): a score shows at most maxMade points as made. The weakest
    // made points count as partly made instead, so the feedback sentence counts what is shown.
    let over = keyPoints.filter((k) => k.made).length - maxMade(score, n);
    for (const k of [...keyPoints].sort((a, b) => a.match - b.match))
      if (over > 0 && k.made) {
        k.made = false;
        k.partly = true;
        over--;
      }
    return { id, score, keyPoints, limitedBy };
  });
}
