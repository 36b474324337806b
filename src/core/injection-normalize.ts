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

/** Zero-width, bidi controls, soft hyphen, fillers, variation selectors, tag characters. */
function invisible(cp: number): boolean {
  return (
    cp === 0xad ||
    cp === 0x34f ||
    cp === 0x61c ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    (cp >= 0x180b && cp <= 0x180f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0x3164 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    cp === 0xffa0 ||
    (cp >= 0xe0000 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}
const MARK = /\p{M}/u;
const SPACE = /\s/;
const HANGUL_SYLLABLE_START = 0xac00;
const HANGUL_SYLLABLE_END = 0xd7a3;
/** Folded forms of non-ASCII characters seen so far (the set in real answers is small). */
const foldCache = new Map<string, string>();

/** Folded text and, for each of its UTF-16 units, the index in the original it came from. */
export interface Folded {
  text: string;
  /** map[i] is the original index of text[i]. */
  map: number[];
}

/** Folds one non-ASCII character (a full code point) to what it looks like. */
function foldChar(ch: string): string {
  let out = '';
  for (const c of ch.normalize('NFKD')) {
    if (MARK.test(c)) continue;
    const lower = c.toLowerCase();
    out += CONFUSABLES[lower] ?? lower;
  }
  return out;
}

/**
 * Characters that fold to themselves apart from ASCII case: ASCII, Hangul, common dashes and curly
 * quotes, middle dot, CJK full stop and comma. Text made only of these (most answers) takes the
 * fast path: lower-cased in one call, with the identity map.
 */
// eslint-disable-next-line no-control-regex -- the whole ASCII range, controls included, folds to itself
const FAST = /^[\x00-\x7F\uAC00-\uD7A3\u3131-\u318E\u2010-\u2015\u2018-\u201F\u00B7\u3001\u3002]*$/;
/** What the slow path would change in fast-path text: a hyphen at a line break, or spaced letters. */
const NEEDS_JOIN = /[a-z]-[ \t]*\r?\n|(?:^|[^a-z])[a-z] [a-z] [a-z] [a-z](?![a-z])/i;

/**
 * Folds text for matching; see the module comment. Whitespace runs may stay as they are (the fast
 * path): patterns match any whitespace run where they show a space.
 */
export function foldForMatching(src: string): Folded {
  if (FAST.test(src) && !NEEDS_JOIN.test(src)) {
    const text = src.toLowerCase();
    return { text, map: identity(text.length) };
  }
  return foldSlow(src);
}

let identityMap: number[] = [];
/** 0, 1, 2, ... n-1, shared between calls (callers only read it). */
function identity(n: number): number[] {
  if (identityMap.length < n) identityMap = Array.from({ length: Math.max(n, identityMap.length * 2) }, (_, k) => k);
  return identityMap;
}

/** Character by character: NFKD, look-alikes, invisibles, whitespace runs, joins. */
function foldSlow(src: string): Folded {
  let text = '';
  const map: number[] = [];
  let pendingSpace = -1; // original index of a whitespace run not yet written
  let spaceRun = 0;
  let newline = false;
  const flushSpace = () => {
    if (pendingSpace < 0) return;
    const n = text.length;
    // A word hyphenated across a line break ("dis-\nregard") reads as one word.
    if (newline && text[n - 1] === '-' && n > 1 && text[n - 2]! >= 'a' && text[n - 2]! <= 'z') {
      text = text.slice(0, -1);
      map.pop();
    } else if (n) {
      // Two spaces keep word gaps visible for the letter-spacing join below.
      const sep = newline ? '\n' : spaceRun > 1 ? '  ' : ' ';
      text += sep;
      for (let k = 0; k < sep.length; k++) map.push(pendingSpace);
    }
    pendingSpace = -1;
    spaceRun = 0;
    newline = false;
  };
  const space = (at: number, nl: boolean) => {
    if (pendingSpace < 0) pendingSpace = at;
    spaceRun++;
    if (nl) newline = true;
  };
  let i = 0;
  while (i < src.length) {
    const at = i;
    const code = src.charCodeAt(i);
    if (code < 128) {
      i++;
      if (code === 32 || (code >= 9 && code <= 13)) {
        space(at, code === 10 || code === 13);
        continue;
      }
      flushSpace();
      text += code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : src[at];
      map.push(at);
      continue;
    }
    const cp = src.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (invisible(cp)) continue;
    if (cp >= HANGUL_SYLLABLE_START && cp <= HANGUL_SYLLABLE_END) {
      flushSpace();
      text += src[at];
      map.push(at);
      continue;
    }
    const ch = src.slice(at, i);
    let folded = foldCache.get(ch);
    if (folded === undefined) foldCache.set(ch, (folded = foldChar(ch)));
    for (const c of folded) {
      if (SPACE.test(c)) {
        space(at, c === '\n' || c === '\u2028' || c === '\u2029');
        continue;
      }
      flushSpace();
      text += c;
      // One map entry per UTF-16 unit, so indices into the folded text stay aligned.
      for (let u = 0; u < c.length; u++) map.push(at);
    }
  }
  return joinSpacedLetters({ text, map });
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
