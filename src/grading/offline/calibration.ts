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

/** Fitted on the whole gold set (289 answers, 40 scenarios) with `fde-coach eval --fit`; figures in docs/grading.md. */
export const CALIBRATION: Calibration = { saturation: 0.5, koreanScale: 0.6, elaboration: 0.7, gain: 1.6, exponent: 1.8 };

/** Evidence (0-1) -> a 1-5 criterion value before rounding and caps. */
export function curve(evidence: number, c: Calibration): number {
  return 1 + 4 * Math.min(1, c.gain * Math.max(0, evidence)) ** c.exponent;
}
