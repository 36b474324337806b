/**
 * The offline grader's fitted constants, and the curve that uses them. Everything else in the grader
 * is fixed by the rubric; these five are fitted by fit.ts on the gold answers (leave-scenarios-out
 * when `fde-coach eval --cv` measures them, on the whole gold set for the values shipped here).
 * Refit with `fde-coach eval --cv 5 --fit` after adding gold answers, never to pass a test.
 */

/** The fitted part of the offline grader. */
export interface Calibration {
  /** Share of a key point's weighted terms a passage must say to make the point in full (0-1). */
  saturation: number;
  /**
   * Korean is matched as character bigrams, which a paraphrase shares less of than English stems:
   * the Korean saturation is this share of the English one.
   */
  koreanScale: number;
  /** Weight (0-1) of elaboration: how much a thorough answer's extra working sentences count. */
  elaboration: number;
  /** Multiplies the evidence (0-1) before the curve. */
  gain: number;
  /** Shapes the curve: below 1 lifts the middle of the scale. */
  exponent: number;
}

/** Fitted on the whole gold set (see docs/grading.md for the figures and the date). */
export const CALIBRATION: Calibration = { saturation: 0.4, koreanScale: 0.7, elaboration: 0.4, gain: 1.2, exponent: 0.9 };

/** Evidence (0-1) -> a 1-5 criterion value before rounding and caps. */
export function curve(evidence: number, c: Calibration): number {
  return 1 + 4 * Math.min(1, c.gain * Math.max(0, evidence)) ** c.exponent;
}
