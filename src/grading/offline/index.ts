/**
 * The deterministic offline grader: no network, same answer -> same grade.
 *
 * It reads meaning rather than a keyword list: each key point is matched against the passages of the
 * answer (a sentence or two) by the IDF-weighted terms of the key point's own text (stemmed, with
 * synonyms, Hangul bigrams for Korean), credited for reasoning and for the scenario's own facts, and
 * discounted for density, lists, templates, negated advice, repetition, word salad and a better fit to
 * another scenario. See docs/grading.md.
 */
import { t } from '../../core/messages';
import type { Grader } from '../../core/ports';
import { loadLibrary } from '../../core/scenarios';
import type { CriterionGrade, GradeRequest, GradeResult, ProbeRequest, ProbeResult, Scenario } from '../../core/types';
import { enforceIntegrity, overallOf } from '../integrity';
import { CALIBRATION, type Calibration } from './calibration';
import { answerText, readAnswer, type AnswerFeatures } from './features';
import { checklist, discountNotes, evidenceOf, feedbackSentence, nextStep, strongAnswerAdds } from './feedback';
import { libraryIndex } from './library-index';
import { chooseProbe } from './probe';
import { scoreCriteria, type CriterionResult } from './score';

export { answerText } from './features';
export { maxProbes } from './probe';

export interface OfflineGraderOptions {
  /** The scenario library that IDF and the off-topic comparison run over; the shipped one by default. */
  library?: readonly Scenario[];
  /** The fitted constants; eval --cv passes per-fold values. */
  calibration?: Calibration;
}

let shipped: readonly Scenario[] | undefined;

export class OfflineGrader implements Grader {
  readonly kind = 'offline' as const;
  private readonly calibration: Calibration;
  private library?: readonly Scenario[];

  constructor(options: OfflineGraderOptions = {}) {
    this.library = options.library;
    this.calibration = options.calibration ?? CALIBRATION;
  }

  private scenarios(): readonly Scenario[] {
    return (this.library ??= shipped ??= loadLibrary().scenarios);
  }

  /** What the grader reads from an answer before the fitted constants apply (eval --cv refits on these). */
  features(req: GradeRequest): AnswerFeatures {
    return readAnswer(req, this.scenarios());
  }

  async grade(req: GradeRequest): Promise<GradeResult> {
    return this.gradeSync(req);
  }

  /** Synchronous form, for benchmarks and the CLI. */
  gradeSync(req: GradeRequest): GradeResult {
    const f = this.features(req);
    return this.resultOf(req, f, scoreCriteria(f, req.criteria.map((c) => c.id), this.calibration));
  }

  private resultOf(req: GradeRequest, f: AnswerFeatures, results: CriterionResult[]): GradeResult {
    const lang = req.language;
    const criteria: CriterionGrade[] = results.map((r, i) => {
      const criterion = req.criteria[i]!;
      return {
        id: r.id,
        score: r.score,
        points: checklist(r, req.scenario, lang),
        evidence: f.discounts.includes('off-topic') || f.discounts.includes('empty') ? [] : evidenceOf(r),
        feedback: feedbackSentence(r, f, req.scenario, lang),
        strongAnswerAdds: strongAnswerAdds(r, criterion, req.scenario, lang),
        nextStep: nextStep(r, criterion, req.scenario, lang),
      };
    });
    const flags = f.flags;
    const title = (id: string) => this.scenarios().find((s) => s.id === id)?.title[lang];
    const notes = [...discountNotes(f, lang, title), t(lang, 'offline-note')];
    if (flags.includes('empty')) notes.unshift(t(lang, 'empty-answer'));
    if (f.discounts.includes('off-topic')) notes.unshift(t(lang, 'off-topic-note'));
    if (flags.includes('injection')) notes.unshift(t(lang, 'injection-note'));
    if (flags.includes('buzzwords')) notes.unshift(t(lang, 'buzzwords-note'));
    if (flags.includes('too-short')) notes.unshift(t(lang, 'too-short-note'));
    const result: GradeResult = {
      scenarioId: req.scenario.id,
      grader: 'offline',
      language: lang,
      overall: overallOf(criteria),
      criteria,
      summary: notes.join(' '),
      flags: [...flags],
    };
    return enforceIntegrity(result, answerText(req));
  }

  /**
   * Asks about a key point the answer missed (the scenario's probe for the weakest criterion when it
   * digs into that point), asks a one-line first answer for more, and returns null to grade now.
   */
  async probe(req: ProbeRequest): Promise<ProbeResult | null> {
    const f = this.features(req);
    const library = this.scenarios().some((s) => s.id === req.scenario.id) ? this.scenarios() : [...this.scenarios(), req.scenario];
    return chooseProbe(req, f, scoreCriteria(f, req.criteria.map((c) => c.id), this.calibration), libraryIndex(library).idf);
  }
}
