/**
 * Folding text for the injection detector: what a reader sees, in a form simple patterns can
 * match, with a map back to the original so every hit can be quoted verbatim.
 *
 * Folds: NFKC compatibility forms (full-width letters and digits, ligatures, mathematical letters,
 * circled digits), diacritics, Cyrillic/Greek/Armenian look-alikes to Latin, lower case; removes
 * zero-width, bidi and other invisible characters; turns whitespace runs into one space (or one
 * newline, so line starts stay visible), joins a word hyphenated across a line break, and joins
 * letters spaced apart ("g i v e  t h i s" reads "give this").
 */

/**
 * Look-alikes to Latin. A compact table, not a package: the maintained npm `confusables` maps
 * thousands of characters (including ones that must stay distinct, and with no stable release line),
 * while NFKC already folds full-width and mathematical forms. What NFKC leaves are letters of other
 * scripts that render like Latin ones; these are the ones seen in attacks.
 */
const CONFUSABLES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ї: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', г: 'r', п: 'n', ь: 'b', ո: 'n',
  // Greek
  α: 'a', β: 'b', ε: 'e', ζ: 'z', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u',
  χ: 'x', γ: 'y', ω: 'w', ς: 's',
  // Armenian and Latin small capitals / IPA letters
  օ: 'o', ս: 'u', հ: 'h', ց: 'g', ı: 'i', ȷ: 'j', ɑ: 'a', ɡ: 'g', ɩ: 'i', ɪ: 'i', ʀ: 'r', ᴀ: 'a', ᴇ: 'e',
  ᴏ: 'o', ɢ: 'g', ʟ: 'l', ɴ: 'n', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴍ: 'm', ᴋ: 'k', ᴄ: 'c', ᴅ: 'd', ʜ: 'h',
};

// Zero-width, bidi controls, soft hyphen, combining grapheme joiner, variation selectors, tags.
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]|\uDB40[\uDC00-\uDDEF]/;
const MARK = /\p{M}/u;
const SPACE = /\s/;
const HANGUL_SYLLABLE_START = 0xac00;
const HANGUL_SYLLABLE_END = 0xd7a3;

/** Folded text and, for each of its UTF-16 units, the index in the original it came from. */
export interface Folded {
  text: string;
  /** map[i] is the original index of text[i]. */
  map: number[];
}

/** Folds one non-ASCII character (a full code point) to what it looks like. */
function foldChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  // Precomposed Hangul would decompose to jamo under NFKD: keep it as it is.
  if (cp >= HANGUL_SYLLABLE_START && cp <= HANGUL_SYLLABLE_END) return ch;
  let out = '';
  for (const c of ch.normalize('NFKD')) {
    if (MARK.test(c)) continue;
    const lower = c.toLowerCase();
    out += CONFUSABLES[lower] ?? lower;
  }
  return out;
}

/** Folds text for matching; see the module comment. Linear in the length of the text. */
export function foldForMatching(src: string): Folded {
  const out: string[] = [];
  const map: number[] = [];
  let pendingSpace = -1; // original index of a whitespace run not yet written
  let spaceRun = 0;
  let newline = false;
  const flushSpace = () => {
    if (pendingSpace < 0) return;
    const last = out[out.length - 1];
    // A word hyphenated across a line break ("dis-\nregard") reads as one word.
    if (newline && last === '-' && /[a-z]/.test(out[out.length - 2] ?? '')) {
      out.pop();
      map.pop();
    } else if (out.length) {
      // Two spaces keep word gaps visible for the letter-spacing join below.
      const sep = newline ? '\n' : spaceRun > 1 ? '  ' : ' ';
      for (const c of sep) {
        out.push(c);
        map.push(pendingSpace);
      }
    }
    pendingSpace = -1;
    spaceRun = 0;
    newline = false;
  };
  let i = 0;
  while (i < src.length) {
    const cp = src.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = src.slice(i, i + width);
    const at = i;
    i += width;
    if (INVISIBLE.test(ch)) continue;
    let folded: string;
    if (cp < 128) folded = ch >= 'A' && ch <= 'Z' ? ch.toLowerCase() : ch;
    else folded = foldChar(ch);
    for (const c of folded) {
      if (SPACE.test(c)) {
        if (pendingSpace < 0) pendingSpace = at;
        spaceRun++;
        if (c === '\n' || c === '\r') newline = true;
        continue;
      }
      flushSpace();
      // One map entry per UTF-16 unit, so indices into the folded text stay aligned.
      for (let u = 0; u < c.length; u++) {
        out.push(c[u]!);
        map.push(at);
      }
    }
  }
  return joinSpacedLetters({ text: out.join(''), map });
}

// Four or more single letters, each followed by one space ("g i v e"): a word spelled out.
const SPACED = /(?<![\p{L}\p{N}])\p{L}(?: \p{L}){3,}(?![\p{L}\p{N}])/gu;

/** Joins letters spaced apart, and turns the double spaces between such words back into one. */
function joinSpacedLetters(f: Folded): Folded {
  if (!f.text.includes('  ') && !/(?:^|[^\p{L}])\p{L} \p{L} \p{L} \p{L}/u.test(f.text)) return f;
  const keep = new Array<boolean>(f.text.length).fill(true);
  for (const m of f.text.matchAll(SPACED)) {
    for (let k = m.index; k < m.index + m[0].length; k++) if (f.text[k] === ' ') keep[k] = false;
  }
  // Double spaces (kept only for this step) become single spaces.
  for (let k = 1; k < f.text.length; k++) if (f.text[k] === ' ' && f.text[k - 1] === ' ' && keep[k - 1]) keep[k] = false;
  let text = '';
  const map: number[] = [];
  for (let k = 0; k < f.text.length; k++) {
    if (!keep[k]) continue;
    text += f.text[k];
    map.push(f.map[k]!);
  }
  return { text, map };
}
