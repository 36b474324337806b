/**
 * What the offline grader precomputes once per scenario library: how specific each term is (IDF over
 * every scenario's situation, key points and keywords), each key point as a weighted term vector,
 * each scenario's own facts, and a vector per scenario for telling which scenario an answer is about.
 * Cached on the library array (WeakMap), so grading an answer never re-reads the content.
 */
import type { Language, Scenario } from '../../core/types';
import { tokenize } from './tokens';

/** One key point as terms: the words of its text, plus its keywords as extra evidence. */
export interface KeyPointVector {
  /** Term -> weight for the key point's own text (IDF). */
  text: Map<string, number>;
  /** Term -> weight for keywords not already in the text (a fraction of their IDF). */
  extra: Map<string, number>;
  /** Sum of the text weights: the denominator of coverage. */
  total: number;
}

/** A scenario, per language, as the grader sees it. */
export interface ScenarioVectors {
  keyPoints: KeyPointVector[];
  /** Terms specific to this scenario's situation: its names, systems and numbers. */
  facts: Set<string>;
  /** Every term of the scenario (situation, key points, keywords, probes) with its weight. */
  vocabulary: Set<string>;
}

export interface LibraryIndex {
  idf(term: string): number;
  vectors(scenario: Scenario, lang: Language): ScenarioVectors;
  /** Cosine similarity of an answer's terms to every scenario in the library, by id. */
  similarities(terms: Set<string>, lang: Language): Map<string, number>;
}

/** Keywords count as evidence, but less than the key point's own words. */
const KEYWORD_WEIGHT = 0.6;

function scenarioText(s: Scenario, lang: Language): string[] {
  return [
    s.title[lang],
    s.situation[lang],
    ...s.keyPoints.flatMap((k) => [k.text[lang], k.keywords[lang].join('. ')]),
    ...s.probes.map((p) => p.text[lang]),
  ];
}

function build(scenarios: readonly Scenario[]): LibraryIndex {
  const n = scenarios.length;
  const df = new Map<string, number>();
  const docTerms = new Map<Scenario, Record<Language, string[]>>();
  for (const s of scenarios) {
    const per = { en: tokenize(scenarioText(s, 'en').join('\n')).terms, ko: tokenize(scenarioText(s, 'ko').join('\n')).terms };
    docTerms.set(s, per);
    for (const t of new Set([...per.en, ...per.ko])) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const maxIdf = Math.log((n + 1) / 0.5);
  const idfs = new Map<string, number>();
  for (const [t, d] of df) idfs.set(t, Math.log((n + 1) / (d + 0.5)));
  const idf = (t: string): number => idfs.get(t) ?? maxIdf;

  // Per-language scenario document vectors (tf^0.5 x idf, L2-normalised) and an inverted index.
  const ids = scenarios.map((s) => s.id);
  const slot = new Map(scenarios.map((s, i) => [s, i]));
  const inverted: Record<Language, Map<string, { at: number; w: number }[]>> = { en: new Map(), ko: new Map() };
  for (const [s, per] of docTerms)
    for (const lang of ['en', 'ko'] as const) {
      const tf = new Map<string, number>();
      for (const t of per[lang]) tf.set(t, (tf.get(t) ?? 0) + 1);
      let norm = 0;
      const w = new Map<string, number>();
      for (const [t, c] of tf) {
        const v = Math.sqrt(c) * idf(t);
        w.set(t, v);
        norm += v * v;
      }
      norm = Math.sqrt(norm) || 1;
      for (const [t, v] of w) {
        let list = inverted[lang].get(t);
        if (!list) inverted[lang].set(t, (list = []));
        list.push({ at: slot.get(s)!, w: v / norm });
      }
    }

  const cache = new WeakMap<Scenario, Partial<Record<Language, ScenarioVectors>>>();
  const vectors = (s: Scenario, lang: Language): ScenarioVectors => {
    let per = cache.get(s);
    if (!per) cache.set(s, (per = {}));
    let v = per[lang];
    if (!v) {
      const keyPoints = s.keyPoints.map((k): KeyPointVector => {
        const text = new Map<string, number>();
        for (const t of tokenize(k.text[lang]).terms) if (idf(t) > 0.2) text.set(t, idf(t));
        const extra = new Map<string, number>();
        for (const kw of k.keywords[lang])
          for (const t of tokenize(kw).terms) if (!text.has(t) && idf(t) > 0.2) extra.set(t, KEYWORD_WEIGHT * idf(t));
        let total = 0;
        for (const w of text.values()) total += w;
        return { text, extra, total: total || 1 };
      });
      const facts = new Set<string>();
      for (const t of tokenize(s.situation[lang]).terms) if ((df.get(t) ?? 0) <= 2 || t.startsWith('#')) facts.add(t);
      // Small numbers ("2 days", "3 weeks") recur everywhere; only distinctive ones are facts.
      for (const t of [...facts]) if (t.startsWith('#') && (df.get(t) ?? 0) > 3) facts.delete(t);
      const vocabulary = new Set(tokenize(scenarioText(s, lang).join('\n')).terms);
      v = { keyPoints, facts, vocabulary };
      per[lang] = v;
    }
    return v;
  };

  const similarities = (terms: Set<string>, lang: Language): Map<string, number> => {
    const dot = new Float64Array(n);
    let norm = 0;
    for (const t of terms) {
      const list = inverted[lang].get(t);
      if (!list) continue;
      const w = idfs.get(t)!;
      norm += w * w;
      // Terms in most scenarios say nothing about which scenario this is.
      if (w < 1) continue;
      for (const e of list) dot[e.at]! += w * e.w;
    }
    norm = Math.sqrt(norm) || 1;
    const out = new Map<string, number>();
    for (let i = 0; i < n; i++) if (dot[i]) out.set(ids[i]!, dot[i]! / norm);
    return out;
  };

  return { idf, vectors, similarities };
}

const indexes = new WeakMap<readonly Scenario[], LibraryIndex>();

/** The index for a library, built on first use and kept as long as the library array lives. */
export function libraryIndex(scenarios: readonly Scenario[]): LibraryIndex {
  let ix = indexes.get(scenarios);
  if (!ix) indexes.set(scenarios, (ix = build(scenarios)));
  return ix;
}
