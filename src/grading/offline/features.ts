/**
 * Everything the offline grader reads from an answer that does not depend on the fitted constants:
 * per key point, how much of its text each passage covers; which key points the answer argues
 * against; how much of the scenario's own facts it uses; and the whole-answer discounts (too short,
 * word salad, bare lists, repetition, a better fit to another scenario). score.ts turns these into
 * scores with the constants in calibration.ts, so eval --cv can refit those without re-reading text.
 */
import { detectLanguage, escapeRegExp, findInjection } from '../../core/text';
import type { Criterion, CriterionId, GradeFlag, GradeRequest, Language, Scenario } from '../../core/types';
import { libraryIndex, type KeyPointVector } from './library-index';
import { passagesOf, readSentences, type Passage, type SentenceInfo } from './passages';

/** One passage's claim on a key point: coverage of the key point's text, and how much it counts. */
export interface PassageMatch {
  /** Weighted share of the key point's terms the passage says (keywords add, capped later). */
  coverage: number;
  /** Reasoning, list and stuffing discounts for this passage (0-1). */
  factor: number;
  quotes: string[];
}

export interface KeyPointFeatures {
  criterion: CriterionId;
  /** Index into scenario.keyPoints. */
  index: number;
  matches: PassageMatch[];
  /** A sentence dismisses this key point's advice ("skip the evals, no time"). */
  contradicted: boolean;
}

/** Whole-answer discounts, each with the cap it imposes on every criterion. */
export type Discount = 'injection' | 'too-short' | 'salad' | 'list' | 'repetition' | 'negated' | 'other-scenario' | 'off-topic' | 'empty';

export interface AnswerFeatures {
  language: Language;
  flags: GradeFlag[];
  discounts: Discount[];
  /** Highest score any criterion may get after the discounts (1 = floor). */
  cap: number;
  /** Per criterion extra caps (a contradicted key point caps its criterion). */
  criterionCap: Partial<Record<CriterionId, number>>;
  /** 0-1: use of the scenario's own facts (names, systems, numbers). */
  engagement: number;
  /** 0-1: share of kept sentences that reason (because, instead of, 때문에 ...). */
  reasoning: number;
  /** 0-1: how many sentences work on the scenario (touch a key point or its facts), out of a thorough answer's. */
  elaboration: number;
  keyPoints: KeyPointFeatures[];
  /** The scenario that fits the answer better, when flagged off-topic for it. */
  betterFit?: string;
  /** 0-1 per criterion: the competency's generic evidence terms (criteria.yaml signals) in sentences that give advice. */
  signals: Partial<Record<CriterionId, number>>;
  /** Kept (non-repeated) sentences, for probes and quotes. */
  sentenceCount: number;
}

/** Full answer text as the grader sees it: the first answer and every follow-up reply. */
export function answerText(req: Pick<GradeRequest, 'answer' | 'followUps'>): string {
  return [req.answer, ...req.followUps.map((f) => f.answer)].filter(Boolean).join('\n\n');
}

/** Below this many words (Korean: characters) an answer earns the floor; below SHORT it is capped. */
const FLOOR_WORDS = 8;
const SHORT_WORDS = 30;
const FLOOR_CHARS_KO = 20;
const SHORT_CHARS_KO = 60;

/** An answer is "short" when it is too brief for an interviewer to grade without asking for more. */
export function shortness(text: string, language: Language | undefined = detectLanguage(text)): 'floor' | 'short' | undefined {
  if (language === 'ko') {
    const chars = text.replace(/\s/g, '').length;
    return chars < FLOOR_CHARS_KO ? 'floor' : chars < SHORT_CHARS_KO ? 'short' : undefined;
  }
  // Only a short text needs counting: anything past SHORT_WORDS words in its first few hundred characters is long enough.
  const words = text.slice(0, 400).split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return words < FLOOR_WORDS ? 'floor' : words < SHORT_WORDS ? 'short' : undefined;
}

function coverage(kp: KeyPointVector, has: (t: string) => boolean): number {
  let num = 0;
  for (const [t, w] of kp.text) if (has(t)) num += w;
  let extra = 0;
  for (const [t, w] of kp.extra) if (has(t)) extra += w;
  // Keywords alone can show at most half of a key point: the point is what its text says.
  return (num + Math.min(extra, 0.5 * kp.total)) / kp.total;
}

/** Coverage at which a passage counts as touching a key point (for stuffing and contradiction). */
const TOUCH = 0.2;

function salad(sentences: SentenceInfo[]): boolean {
  let latin = 0;
  let fn = 0;
  let hangul = 0;
  let inflected = 0;
  let articles = 0;
  let broken = 0;
  for (const s of sentences) {
    articles += s.articles;
    broken += s.brokenArticles;
    latin += s.latinWords;
    fn += s.functionWords;
    hangul += s.hangulWords;
    inflected += s.hangulInflected;
  }
  // Shuffled words keep prose's share of function words, but not its order: "the" before "of".
  const latinSalad = latin >= 40 && (fn / latin < 0.18 || (articles >= 12 && broken / articles >= 0.15));
  const koSalad = hangul >= 20 && inflected / hangul < 0.35;
  return hangul > latin ? koSalad : latinSalad;
}

/** Reads an answer against its scenario and the library. */
export function readAnswer(req: GradeRequest, library: readonly Scenario[]): AnswerFeatures {
  const text = answerText(req);
  const detected = detectLanguage(text);
  const language: Language = detected ?? req.language;
  const scenarios = library.some((s) => s.id === req.scenario.id) ? library : withScenario(library, req.scenario);
  const ix = libraryIndex(scenarios);
  const vec = ix.vectors(req.scenario, language);
  const injection = findInjection(text);
  const sentences = readSentences(text, vec.vocabulary, injection);
  const kept = sentences.filter((s) => !s.repeat);
  const flags: GradeFlag[] = [];
  const discounts: Discount[] = [];
  if (injection.length) {
    // integrity.ts caps these at 2 whatever the grader says; capping here keeps the feedback in step.
    flags.push('injection');
    discounts.push('injection');
  }

  // An answer that mostly waves the advice away ("I wouldn't bother with a rollback") argues against
  // the key points it names. One such sentence in a good answer is usually "don't do the bad thing".
  const dismissive = kept.filter((s) => s.dismissive).length;
  const negatedAnswer = dismissive >= 2 && dismissive / kept.length >= NEGATED_SHARE;
  const passages: Passage[] = passagesOf(sentences);
  const keyPoints: KeyPointFeatures[] = [];
  // How many key points each passage touches: a passage that touches many is dense, not deep.
  const touches = new Map<Passage, number>();
  const covs = vec.keyPoints.map((kp) => passages.map((p) => coverage(kp, p.has)));
  passages.forEach((p, j) => touches.set(p, covs.reduce((a, row) => a + (row[j]! >= TOUCH ? 1 : 0), 0)));
  vec.keyPoints.forEach((kp, i) => {
    const matches: PassageMatch[] = [];
    passages.forEach((p, j) => {
      const c = covs[i]![j]!;
      if (c < 0.05) return;
      let factor = p.reasoning ? 1 : 0.75;
      if (p.list) factor *= 0.4;
      if (p.dismissive) factor *= 0.5;
      factor /= Math.max(1, touches.get(p)! / (p.sentences.length + 1));
      matches.push({ coverage: c, factor, quotes: p.sentences.map((s) => s.text) });
    });
    const contradicted = negatedAnswer && kept.some((s) => s.dismissive && coverage(kp, (t) => s.terms.has(t)) >= TOUCH);
    keyPoints.push({ criterion: req.scenario.keyPoints[i]!.criterion, index: i, matches, contradicted });
  });

  let facts = 0;
  const seen = new Set<string>();
  for (const s of kept)
    for (const t of s.terms)
      if (vec.facts.has(t) && !seen.has(t)) {
        seen.add(t);
        facts++;
      }
  const engagement = Math.min(1, facts / (language === 'ko' ? 8 : 3));
  const reasoning = kept.length ? kept.filter((s) => s.reasoning).length / kept.length : 0;
  // A single-sentence passage is the sentence itself: reuse its coverage row.
  const working = passages.filter(
    (p, j) =>
      p.sentences.length === 1 &&
      !p.dismissive &&
      (covs.some((row) => row[j]! >= TOUCH) || [...p.sentences[0]!.terms].some((t) => vec.facts.has(t))),
  ).length;
  const elaboration = Math.min(1, working / THOROUGH_SENTENCES);

  const advice = kept.filter((s) => !s.dismissive).map((s) => s.text).join('\n').toLowerCase();
  const signals: AnswerFeatures['signals'] = {};
  for (const c of req.criteria) signals[c.id] = Math.min(1, signalHits(c, advice) / SIGNALS_FOR_FULL);

  let cap = injection.length ? 2 : 5;
  const criterionCap: AnswerFeatures['criterionCap'] = {};
  const short = shortness(text, detected);
  if (!text.trim() || !kept.length) {
    flags.push('empty');
    discounts.push('empty');
    cap = 1;
  } else if (short) {
    flags.push('too-short');
    discounts.push('too-short');
    cap = short === 'floor' ? 1 : 3;
  }
  if (kept.length && salad(kept)) {
    flags.push('buzzwords');
    discounts.push('salad');
    cap = 1;
  } else if (kept.length && kept.filter((s) => s.list).length / kept.length >= 0.5) {
    flags.push('buzzwords');
    discounts.push('list');
    cap = Math.min(cap, 2);
  }
  if (sentences.length >= 3 && sentences.filter((s) => s.repeat).length / sentences.length >= 0.4) {
    discounts.push('repetition');
    cap = Math.min(cap, 2);
  }
  if (negatedAnswer) {
    discounts.push('negated');
    for (const k of keyPoints) if (k.contradicted) criterionCap[k.criterion] = 1;
    cap = Math.min(cap, 2);
  }

  // Which scenario is this answer about? Compare it with every scenario in the library.
  const all = new Set<string>();
  for (const s of kept) for (const t of s.terms) all.add(t);
  const sims = ix.similarities(all, language);
  const own = sims.get(req.scenario.id) ?? 0;
  let best = 0;
  let betterFit: string | undefined;
  for (const [id, v] of sims)
    if (id !== req.scenario.id && v > best) {
      best = v;
      betterFit = id;
    }
  const touched = keyPoints.some((k) => k.matches.some((m) => m.coverage >= TOUCH));
  if (kept.length && !flags.includes('empty')) {
    if (own < 0.04 && !touched) {
      flags.push('off-topic');
      discounts.push('off-topic');
      cap = 1;
    } else if (best > 0.08 && best > own * OTHER_SCENARIO_RATIO) {
      flags.push('off-topic');
      discounts.push('other-scenario');
      cap = Math.min(cap, 2);
    } else betterFit = undefined;
  } else betterFit = undefined;

  return {
    language,
    flags,
    discounts,
    cap,
    criterionCap,
    engagement,
    reasoning,
    elaboration,
    signals,
    keyPoints,
    betterFit: discounts.includes('other-scenario') ? betterFit : undefined,
    sentenceCount: kept.length,
  };
}

/** Distinct generic competency terms that show the competency in full. */
const SIGNALS_FOR_FULL = 4;

const signalPatterns = new WeakMap<Criterion, RegExp>();
/** How many of the criterion's signal stems the text uses (English at a word start, Korean anywhere). */
function signalHits(c: Criterion, lower: string): number {
  let re = signalPatterns.get(c);
  if (!re) {
    const alt = [...c.signals.en, ...c.signals.ko]
      .map((x) => x.toLowerCase().trim())
      .filter(Boolean)
      .map((x) => escapeRegExp(x).replace(/\\?[ -]/g, '[\\s-]?'));
    re = new RegExp(`(?:^|[^a-z0-9])(${alt.join('|')})|(${alt.filter((a) => /[\uAC00-\uD7AF]/.test(a)).join('|') || '(?!)'})`, 'g');
    signalPatterns.set(c, re);
  }
  const found = new Set<string>();
  for (const m of lower.matchAll(re)) found.add(m[1] ?? m[2] ?? '');
  return found.size;
}

/** Sentences that work on the scenario in a thorough answer (a few paragraphs). */
const THOROUGH_SENTENCES = 10;

/** Share of dismissive sentences from which an answer argues against the advice rather than giving it. */
const NEGATED_SHARE = 0.25;

/** How much better another scenario must fit before the answer is called off-topic for this one. */
const OTHER_SCENARIO_RATIO = 1.3;

const extended = new WeakMap<Scenario, readonly Scenario[]>();
/** A scenario graded outside the library (a test or a team's draft) is compared with the library plus itself. */
function withScenario(library: readonly Scenario[], s: Scenario): readonly Scenario[] {
  let lib = extended.get(s);
  if (!lib) extended.set(s, (lib = [...library.filter((x) => x.id !== s.id), s]));
  return lib;
}
