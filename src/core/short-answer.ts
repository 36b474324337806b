/**
 * When a first answer is too short to grade fairly. An interviewer hearing one line asks for
 * more before judging; so does the coach, once (a second short reply is graded as it stands).
 */
import { detectLanguage } from './text';

/** English (and other space-separated text): fewer words than this is short. */
export const SHORT_WORDS = 25;
/** A single sentence with fewer words than this is short too. */
export const SHORT_SENTENCE_WORDS = 40;
/** Korean, counted in non-space characters (a Korean word carries its particles). */
export const SHORT_KO_CHARS = 60;
export const SHORT_KO_SENTENCE_CHARS = 100;
/** Past this many characters a text is never "a line or two", whatever its word count (a paste). */
export const SHORT_MAX_CHARS = 300;

function sentenceCount(text: string): number {
  return text
    .split(/(?<=[.!?。！？])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s)).length;
}

/** True when the text is too short to grade: a line or two, not an answer. */
export function isShortAnswer(text: string): boolean {
  if (text.length >= SHORT_MAX_CHARS) return false;
  const sentences = sentenceCount(text);
  if (detectLanguage(text) === 'ko') {
    const chars = text.replace(/\s/g, '').length;
    return chars < SHORT_KO_CHARS || (sentences <= 1 && chars < SHORT_KO_SENTENCE_CHARS);
  }
  const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return words < SHORT_WORDS || (sentences <= 1 && words < SHORT_SENTENCE_WORDS);
}
