/**
 * Text handling shared by the coach and the graders: normalising what people type, telling the
 * script of an answer, splitting it into sentences, and spotting text aimed at the grader.
 */
import type { Language } from './types';

/** Answers longer than this are graded on their first MAX_ANSWER_CHARS characters, and told so. */
export const MAX_ANSWER_CHARS = 6000;

// Zero-width and bidi control characters, BOM and other invisible format characters.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF\u00AD]/g;
// C0/C1 controls except tab and newline.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * NFC-normalises, removes invisible and control characters, unifies newlines and trims.
 * Korean typed on macOS often arrives decomposed (NFD); NFC makes it match stored keywords.
 */
export function normalizeAnswer(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * An answer as it will be graded: normalised, and cut to MAX_ANSWER_CHARS (the caller tells the
 * person when `truncated`). Empty text means there is nothing to grade.
 */
export function prepareAnswer(raw: string): { text: string; truncated: boolean } {
  const text = normalizeAnswer(raw);
  return text.length > MAX_ANSWER_CHARS ? { text: text.slice(0, MAX_ANSWER_CHARS), truncated: true } : { text, truncated: false };
}

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uAC00-\uD7AF]/g;
const LATIN = /[A-Za-z]/g;

/** The language of a text by script: Korean when Hangul makes up at least a third of the letters. */
export function detectLanguage(text: string): Language | undefined {
  const hangul = text.match(HANGUL)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  if (hangul + latin === 0) return undefined;
  return hangul * 3 >= hangul + latin ? 'ko' : 'en';
}

/** A sentence of the answer, verbatim, with a lower-cased form for matching. */
export interface Sentence {
  text: string;
  lower: string;
}

/** Words that end in a period without ending the sentence ("e.g.", "Dr.", "approx."). */
const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'mr', 'mrs', 'ms', 'dr', 'st', 'no', 'approx', 'inc', 'ltd', 'co', 'jr', 'sr', 'fig', 'cf', 'al', 'ca', 'est', 'min', 'max', 'dept', 'corp']);

/** True when the period at `i` ends a sentence rather than an abbreviation, initialism or number. */
function periodEnds(line: string, i: number): boolean {
  const next = line[i + 1];
  if (next !== undefined && !/\s/.test(next)) return false; // v2.14, 3.5%, $1.2M, e.g.,
  let from = i;
  while (from > 0 && /[\p{L}\p{N}.]/u.test(line[from - 1]!)) from--;
  const word = line.slice(from, i);
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  // Initialisms: "U.S." "U.K." (single letters separated by periods).
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) return false;
  return true;
}

/**
 * Splits into sentences on ., !, ? (and their full-width forms), bullets and line breaks. A period
 * inside a token ("v2.14", "3.5%", "$1.2M") or after an abbreviation ("e.g.", "U.S.") does not
 * split. Each sentence is a verbatim substring of the input, so it can be quoted as evidence.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const push = (raw: string) => {
    const s = raw.trim().replace(/^([-*•·]|\d+[.)])\s+/, '');
    if (s.replace(/[\s\p{P}]/gu, '').length < 2) return;
    out.push({ text: s, lower: s.toLowerCase() });
  };
  for (const line of text.split('\n')) {
    let start = 0;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (!/[.!?。！？]/.test(ch)) continue;
      let end = i;
      while (end + 1 < line.length && /[.!?。！？"'”’)\]]/.test(line[end + 1]!)) end++;
      const fullWidth = /[。！？]/.test(ch);
      if (!fullWidth && ch === '.' && end === i && !periodEnds(line, i)) continue;
      if (!fullWidth && end + 1 < line.length && !/\s/.test(line[end + 1]!)) continue;
      push(line.slice(start, end + 1));
      start = end + 1;
      i = end;
    }
    push(line.slice(start));
  }
  return out;
}

/**
 * The passages (verbatim) that address the grader or the model instead of the question; empty when
 * none. The detector lives in injection.ts (normalisation, rules, red-team corpus in test/fixtures).
 */
export { findInjection } from './injection';

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
