/**
 * Turning text into the terms the offline grader compares. Words are found with a Unicode-property
 * pattern that draws the same word boundaries as Intl.Segmenter on answer text (a test holds the two
 * together on the gold answers); Segmenter itself measured 20x slower here and alone would keep the
 * grader under 2,000 gradings/s. English words are stemmed with the maintained Porter2 stemmer, and common paraphrases collapse into
 * one concept id (synonyms.ts). Korean has no spaces between morphemes worth trusting, so Hangul is
 * compared as character bigrams: "매핑하지" and "매핑 계층" share "매핑" without a morphological
 * analyser. Numbers are kept as facts ("#9", "#120000").
 */
import stem from 'wink-porter2-stemmer';
import { CONCEPTS } from './synonyms';

/** What the grader needs from one sentence (or any short text). */
export interface Tokens {
  /** Content terms in order (stems, concept ids "@x", numbers "#n", Hangul bigrams), with repeats. */
  terms: string[];
  /** Lower-cased Latin words in order, stop words included: the sentence's shape. */
  words: string[];
  /** Each word's single-word term (concept id or stem), aligned with `words`. */
  wordTerms: string[];
  /** Latin word count and how many of them are function words. */
  latinWords: number;
  functionWords: number;
  /** Hangul word count and how many end in a particle or verb ending (Korean's sentence structure). */
  hangulWords: number;
  hangulInflected: number;
}

/**
 * English function words. They carry no topic, and their share of a text tells prose from a
 * keyword salad (ordinary prose is 35-55 % function words).
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then else so as of at by for with about against between into through during before after above below to from up down in out on off over under ' +
    'again further once here there when where why how all any both each few more most other some such no nor not only own same than too very can will just should would could ' +
    'might must shall may i me my myself we our ours us you your yours he him his she her it its they them their theirs what which who whom this that these those am is are was ' +
    "were be been being have has had having do does did doing i'd i'll i'm i've we'd we'll we're we've it's that's there's don't doesn't didn't won't wouldn't can't cannot " +
    "isn't aren't wasn't weren't shouldn't couldn't haven't hasn't let's also because since while until unless whether though although yet still even ever every one"
  ).split(' '),
);

/** Word endings that mark inflected Korean (particles and verb endings). */
const HANGUL_INFLECTED = /(은|는|이|가|을|를|에|의|로|와|과|도|만|서|고|며|면|다|요|죠|니다|지만|해|게|기|던|할|한|된|될|인|라|까)$/;

const HANGUL = /[\uAC00-\uD7AF]/;
/**
 * A word: letters and digits, joined across inner periods and apostrophes ("v2.14", "3.5", "e.g",
 * "don't") but not hyphens ("go-live" is two words), as Intl.Segmenter's word granularity does.
 */
export const WORD = /[\p{L}\p{N}\p{M}]+(?:[.'’][\p{L}\p{N}\p{M}]+)*/gu;
/** The same pattern for the common case (Latin, Hangul and digits only), several times faster. */
const WORD_FAST = /[a-z0-9\u00c0-\u024f\uac00-\ud7af]+(?:[.'][a-z0-9\u00c0-\u024f\uac00-\ud7af]+)*/g;
const NEEDS_UNICODE = /[^\u0020-\u024f\s\u2019\uac00-\ud7af]/;

const stemCache = new Map<string, string>();
/** Porter2 stem, with British -ise spellings folded to -ize first so both spellings meet. */
export function stemWord(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    const folded = word.length > 5 ? word.replace(/is(e|ed|es|ing|ation|ations)$/, 'iz$1') : word;
    s = stem(folded);
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

/** A word as phrases and terms compare it: function words and numbers as they are, others stemmed. */
function normal(w: string): string {
  return FUNCTION_WORDS.has(w) || /\d/.test(w) ? w : stemWord(w);
}

/** Phrase (stems joined by spaces) -> concept id, longest phrases first when matching. */
let phraseMap: Map<string, string> | undefined;
/** First stems of multi-word phrases, so most words skip the phrase lookups. */
const phraseStarts = new Set<string>();
let maxPhrase = 1;
function phrases(): Map<string, string> {
  if (!phraseMap) {
    phraseMap = new Map();
    for (const [id, list] of Object.entries(CONCEPTS))
      for (const p of list) {
        const stems = p.toLowerCase().split(/[\s-]+/).filter(Boolean).map(normal);
        maxPhrase = Math.max(maxPhrase, stems.length);
        if (stems.length > 1) phraseStarts.add(stems[0]!);
        phraseMap.set(stems.join(' '), `@${id}`);
      }
  }
  return phraseMap;
}

function hangulBigrams(run: string, out: string[]): void {
  if (run.length === 1) out.push(run);
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
}

/** Tokenises a text into comparison terms and shape counts. */
export function tokenize(text: string): Tokens {
  const map = phrases();
  const latin: string[] = [];
  const terms: string[] = [];
  let hangulWords = 0;
  let hangulInflected = 0;
  let functionWords = 0;
  const lower = text.toLowerCase().replace(/’/g, "'");
  for (const m of lower.matchAll(NEEDS_UNICODE.test(lower) ? WORD : WORD_FAST)) {
    const w = m[0];
    if (HANGUL.test(w)) {
      hangulWords++;
      if (HANGUL_INFLECTED.test(w)) hangulInflected++;
      // A mixed token such as "edi를": the Latin part is a word, the Hangul part gives bigrams.
      for (const part of w.match(/[\uAC00-\uD7AF]+|[a-z0-9][a-z0-9.'-]*/g) ?? []) {
        if (HANGUL.test(part)) hangulBigrams(part, terms);
        else latin.push(part);
      }
      continue;
    }
    if (FUNCTION_WORDS.has(w)) functionWords++;
    latin.push(w);
  }
  // Concepts first (longest phrase wins), then stems of the remaining content words.
  const stems = latin.map(normal);
  for (let i = 0; i < latin.length; ) {
    let matched = 0;
    if (phraseStarts.has(stems[i]!))
      for (let n = Math.min(maxPhrase, latin.length - i); n >= 2 && !matched; n--) {
        const concept = map.get(stems.slice(i, i + n).join(' '));
        if (concept) {
          terms.push(concept);
          matched = n;
        }
      }
    if (!matched) {
      const w = latin[i]!;
      const concept = map.get(stems[i]!);
      if (concept) terms.push(concept);
      else if (!FUNCTION_WORDS.has(w)) terms.push(/\d/.test(w) ? `#${w.replace(/[,$]/g, '')}` : stems[i]!);
      matched = 1;
    }
    i += matched;
  }
  const wordTerms = stems.map((st) => map.get(st) ?? st);
  return { terms, words: latin, wordTerms, latinWords: latin.length, functionWords, hangulWords, hangulInflected };
}

/** The term a single word stands for (its concept id, number or stem), ignoring phrases. */
export function wordTerm(word: string): string {
  if (/\d/.test(word)) return `#${word.replace(/[,$]/g, '')}`;
  const st = normal(word);
  return phrases().get(st) ?? st;
}

/** Unique terms of a text. */
export function termSet(text: string): Set<string> {
  return new Set(tokenize(text).terms);
}
