/**
 * Fitting the offline grader's few constants (calibration.ts) to gold answers: coordinate descent over a
 * fixed grid of the constants that minimises the absolute error of the overall score (robust to the few answers the grader cannot read, such as an injection the detector misses).
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

const GRID: Record<keyof Calibration, number[]> = {
  saturation: range(0.25, 1, 0.05),
  koreanScale: range(0.3, 1.2, 0.05),
  elaboration: range(0, 0.8, 0.1),
  gain: range(0.6, 3, 0.1),
  exponent: range(0.5, 3, 0.1),
};
/** Fixed starting points: a linear curve and a steep one, so the descent does not stop in the first basin. */
const STARTS: Calibration[] = [
  { saturation: 0.5, koreanScale: 0.7, elaboration: 0.4, gain: 1.2, exponent: 1 },
  { saturation: 0.5, koreanScale: 0.6, elaboration: 0.4, gain: 1.4, exponent: 2 },
  { saturation: 0.35, koreanScale: 0.8, elaboration: 0.2, gain: 1, exponent: 0.8 },
];

function lossOf(items: readonly FitItem[], c: Calibration): number {
  let loss = 0;
  for (const it of items) loss += Math.abs(predict(it, c) - it.expected);
  return loss;
}

/**
 * The constants with the least absolute error on the items: coordinate descent over a fixed grid
 * (each constant in turn, others held) from a few fixed starts, until nothing improves. Deterministic.
 */
export function fitCalibration(items: readonly FitItem[]): Calibration {
  let best = STARTS[0]!;
  let bestLoss = Infinity;
  for (const start of STARTS) {
    const c = descend(items, start);
    const loss = lossOf(items, c);
    if (loss < bestLoss - 1e-9) {
      best = c;
      bestLoss = loss;
    }
  }
  return best;
}

function descend(items: readonly FitItem[], start: Calibration): Calibration {
  let best = { ...start };
  let bestLoss = lossOf(items, best);
  for (let round = 0; round < 8; round++) {
    let improved = false;
    for (const key of Object.keys(GRID) as (keyof Calibration)[])
      for (const v of GRID[key]) {
        const c = { ...best, [key]: v };
        const loss = lossOf(items, c);
        if (loss < bestLoss - 1e-9) {
          bestLoss = loss;
          best = c;
          improved = true;
        }
      }
    if (!improved) break;
  }
  return best;
}
