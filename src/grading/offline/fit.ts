/**
 * Fitting the offline grader's few constants (calibration.ts) to gold answers: a deterministic grid
 * search over saturation, gain and exponent that minimises the squared error of the overall score.
 * Used by `fde-coach eval --cv` on the training folds only, and with `--fit` on the whole gold set to
 * produce the shipped values. Works on precomputed features, so a fit never re-reads an answer.
 */
import type { CriterionId } from '../../core/types';
import { overallOf } from '../integrity';
import type { Calibration } from './calibration';
import type { AnswerFeatures } from './features';
import { scoreCriteria } from './score';

/** One gold answer, read once. */
export interface FitItem {
  features: AnswerFeatures;
  criteria: readonly CriterionId[];
  expected: number;
}

/** The overall score the grader gives an item with these constants. */
export function predict(item: FitItem, c: Calibration): number {
  return overallOf(scoreCriteria(item.features, item.criteria, c));
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let x = from; x <= to + 1e-9; x += step) out.push(Math.round(x * 100) / 100);
  return out;
}

const GRID = {
  saturation: range(0.3, 0.9, 0.05),
  gain: range(0.8, 2.6, 0.1),
  exponent: range(0.6, 2, 0.1),
};

/** The constants with the least squared error on the items (first in grid order on ties). */
export function fitCalibration(items: readonly FitItem[]): Calibration {
  let best: Calibration = { saturation: 0.4, gain: 1.2, exponent: 1 };
  let bestLoss = Infinity;
  for (const saturation of GRID.saturation)
    for (const gain of GRID.gain)
      for (const exponent of GRID.exponent) {
        const c = { saturation, gain, exponent };
        let loss = 0;
        for (const it of items) loss += (predict(it, c) - it.expected) ** 2;
        if (loss < bestLoss - 1e-9) {
          bestLoss = loss;
          best = c;
        }
      }
  return best;
}
