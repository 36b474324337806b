/**
 * Teams renders a Markdown subset in TextBlock text and in FactSet titles and values: bold,
 * italic, lists and links ([text](url)). Text that came from a person or a model (answers,
 * quotes, feedback, probes, persona lines, names) must show as typed, never as markup, so
 * `[verify your account](https://evil.example/phish)` in an answer can never become a link.
 *
 * Two layers, because Teams clients differ in how they honour Markdown escapes:
 * - every Markdown control character is backslash-escaped (CommonMark: a backslash before ASCII
 *   punctuation makes it literal), and a `(` right after an escaped `]` is escaped too, so a link
 *   cannot form even where a renderer matches `[..](..)` with a plain pattern;
 * - a word joiner (U+2060, invisible) follows `://`, so a bare URL is not auto-linked.
 */

const CONTROL = /[\\`*_~[\]<>]/g;
const WORD_JOINER = '\u2060';

/** The text, shown literally in a TextBlock or a Fact. */
export function escapeMarkdown(raw: string): string {
  return raw
    .replace(CONTROL, (c) => `\\${c}`)
    .replace(/\\\]\(/g, '\\]\\(')
    .replace(/:\/\//g, `:${WORD_JOINER}//`)
    .replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2')
    .replace(/^(\s*\d+)\.(?=\s)/gm, '$1\\.');
}
