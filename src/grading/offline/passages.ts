/**
 * The answer as sentences with the features the grader scores: terms, whether the sentence reasons
 * (because / instead of / 때문에 ...), whether it is a bare list, whether it dismisses the advice it
 * names ("I would not bother with a rollback"), and whether it only repeats an earlier sentence,
 * literally, behind a "Point 2:" prefix, or as the same template with different keywords.
 */
import { splitSentences } from '../../core/text';
import { tokenize } from './tokens';

const REASONING_EN =
  /\b(because|since|so that|so we|so i|so the|so they|which means|that means|therefore|otherwise|unless|instead of|instead|rather than|in exchange|at the cost|trade-?offs?|the risk|versus|vs\.?|whereas|but|however|if\b.{1,80}\b(then|we|i|it|they)|before|until|only when|only if|in order to|to avoid|to make sure|to keep|which is why|that's why|given that|as long as)\b/i;
const REASONING_KO =
  /(때문|그래서|따라서|그러므로|대신|만약|라면|다면|으면|이면|하면|되면|지만|반면|하지만|그러나|위해|므로|니까|으니|는데|도록|기 전에|전까지|까지는|경우|이유는|덕분|려면|그래야|그러면|결국|즉 |우선|먼저|그다음|그 다음|동안)/;

/**
 * Advice dismissed rather than given. Matched per sentence; a sentence that also calls the dismissal
 * a mistake ("skipping the evals would be a mistake") is not dismissive.
 */
const DISMISSIVE_EN = new RegExp(
  [
    String.raw`\b(i|we)\s*(would|will|'d|'ll|do|did|should)?\s*(not|n't|never)\b`,
    String.raw`\b(i|we)\s+(wouldn't|won't|don't|didn't|shouldn't)\b`,
    String.raw`\bi'?d rather not\b`,
    String.raw`\b(i'?d|we'?d|i would|we would|i'?ll|we'?ll)\s+(just\s+)?(skip|leave (it|them|that|those)( \w+)? (out|off|alone|aside)|drop|ignore|set aside|put aside)\b`,
    String.raw`\b(is|are|was|'s)?\s*(not|n't)\s+(really\s+)?(necessary|needed|worth|my job|our job|our problem|a priority|the point)\b`,
    String.raw`\b(isn't|aren't)\s+(really\s+)?(necessary|needed|worth|my job|our job|our problem|a priority)\b`,
    String.raw`\b(no need|not needed|unnecessary|overkill|over-?engineer\w*|scope creep|too much process|problem, not ours|not our (problem|job|concern)|someone else's problem|waste of|nobody reads|no time for|can wait|regardless of|skip(ping)? (the|it|that|them|any|all)|don't need to|doesn't need to|not bother|without bothering)\b`,
  ].join('|'),
  'i',
);
/** A negation of a bad move ("I wouldn't ship without evals", "we won't drop them silently") is advice. */
const DISMISSAL_REVERSED_EN =
  /\bso (that )?(we|i|they|it|nobody|no one) (don't|do not|won't|can't|never)\b|\b(not|n't|never)\s+(\w+\s+){0,3}?(without|until|unless|before|silently|blindly|promise|guarantee|on faith|behind)\b|\b(mistake|dangerous|bad idea|tempting|not an option)\b/i;
const DISMISSIVE_KO =
  /(지 않겠|지 않을 ?것|필요 ?없|필요가 없|필요는 없|불필요|생략|건너뛰|과하다|과합니다|과한 |시간 낭비|의미가 없|쓸모가 없|굳이|상관없이|않아도 됩|두지 않|범위 밖|신경 ?쓰지 않|하지 않습니다)/;
const DISMISSAL_REVERSED_KO = /(없이는|없이 |전에는|않고는|면 안|안 됩|말아야|실수|위험합|위험하|절대|약속하지|장담하지|보장하지|조용히)/;

/** "Point 1:", "Step 2 -", "Reason 3)" and similar prefixes that disguise repetition. */
const ENUMERATION_PREFIX = /^\s*((point|step|item|reason|note|idea|part|thing|number|no\.?)\s*#?\d+|#?\d+|[a-z]|첫째|둘째|셋째|넷째|다섯째)\s*[:.)\-–—]\s*/i;

const ARTICLES = new Set(['the', 'a', 'an']);
/** Words that never follow an article in prose. */
const NOT_AFTER_ARTICLE = new Set(
  'the a an and or but of to in on for with by from at is are was were be been it its i we you they he she them us our their this these those would will should could can not if because so than then'.split(' '),
);

/** One sentence of the answer and what the grader reads from it. */
export interface SentenceInfo {
  /** Verbatim text (quotable). */
  text: string;
  terms: Set<string>;
  reasoning: boolean;
  list: boolean;
  dismissive: boolean;
  /** Why the sentence earns nothing: a repeat of an earlier one or the same template again. */
  repeat?: 'duplicate' | 'template';
  latinWords: number;
  functionWords: number;
  /** Articles, and articles followed straight by a function word ("the of", "a and"): prose almost never does that. */
  articles: number;
  brokenArticles: number;
  hangulWords: number;
  hangulInflected: number;
}

function isListLike(text: string, latinWords: number, functionWords: number): boolean {
  const segments = text.split(/[,、/|;·]/).map((x) => x.trim()).filter(Boolean);
  if (segments.length >= 3) {
    const avg = segments.reduce((a, x) => a + x.split(/\s+/).length, 0) / segments.length;
    if (avg <= 2.5) return true;
  }
  return latinWords >= 8 && functionWords / latinWords < 0.12;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/**
 * The sentence's shape with the scenario's vocabulary blanked out: "i would prioritise X because X
 * matters more than X". The same shape filled with different keywords is a template, not a new idea.
 */
function shape(words: string[], wordTerms: string[], vocabulary: ReadonlySet<string>): Set<string> {
  const seq: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const token = vocabulary.has(wordTerms[i]!) ? 'X' : w;
    if (token === 'X' && seq[seq.length - 1] === 'X') continue;
    seq.push(token);
  }
  const shingles = new Set<string>();
  for (let i = 0; i + 1 < seq.length; i++) shingles.add(`${seq[i]} ${seq[i + 1]}`);
  return shingles;
}

/** Splits and reads the answer; `excluded` sentences (injection attempts) are left out entirely. */
export function readSentences(text: string, vocabulary: ReadonlySet<string>, excluded: readonly string[]): SentenceInfo[] {
  const out: SentenceInfo[] = [];
  const shapes: Set<string>[] = [];
  for (const s of splitSentences(text)) {
    if (excluded.includes(s.text)) continue;
    const body = s.text.replace(ENUMERATION_PREFIX, '');
    const tok = tokenize(body);
    const terms = new Set(tok.terms);
    const lower = s.lower;
    const dismissive =
      (DISMISSIVE_EN.test(lower) && !DISMISSAL_REVERSED_EN.test(lower)) ||
      (DISMISSIVE_KO.test(s.text) && !DISMISSAL_REVERSED_KO.test(s.text));
    let articles = 0;
    let brokenArticles = 0;
    // From the second word on: a sentence-initial "A" is often a label ("A is the AI FDE").
    for (let i = 1; i + 1 < tok.words.length; i++)
      if (ARTICLES.has(tok.words[i]!)) {
        articles++;
        if (NOT_AFTER_ARTICLE.has(tok.words[i + 1]!)) brokenArticles++;
      }
    const info: SentenceInfo = {
      articles,
      brokenArticles,
      text: s.text,
      terms,
      reasoning: REASONING_EN.test(lower) || REASONING_KO.test(s.text),
      list: isListLike(body, tok.latinWords, tok.functionWords),
      dismissive,
      latinWords: tok.latinWords,
      functionWords: tok.functionWords,
      hangulWords: tok.hangulWords,
      hangulInflected: tok.hangulInflected,
    };
    if (terms.size >= 2 && out.some((o) => !o.repeat && jaccard(o.terms, terms) >= 0.7)) info.repeat = 'duplicate';
    else if (tok.latinWords >= 5) {
      const sh = shape(tok.words, tok.wordTerms, vocabulary);
      if (sh.size >= 4 && shapes.some((p) => jaccard(p, sh) >= 0.7)) info.repeat = 'template';
      shapes.push(sh);
    }
    out.push(info);
  }
  return out;
}

/** A passage: one sentence or two neighbouring ones, the unit a key point is matched against. */
export interface Passage {
  sentences: SentenceInfo[];
  /** Whether the passage says a term (no union set is built: grading allocates little). */
  has(term: string): boolean;
  reasoning: boolean;
  list: boolean;
  /** A sentence in it waves advice away: weak evidence at best. */
  dismissive: boolean;
}

/** Every kept sentence alone and every pair of neighbouring kept sentences; repeats never count. */
export function passagesOf(sentences: SentenceInfo[]): Passage[] {
  const kept = sentences.filter((s) => !s.repeat);
  const out: Passage[] = kept.map((s) => ({
    sentences: [s],
    has: (t: string) => s.terms.has(t),
    reasoning: s.reasoning,
    list: s.list,
    dismissive: s.dismissive,
  }));
  for (let i = 0; i + 1 < kept.length; i++) {
    const a = kept[i]!;
    const b = kept[i + 1]!;
    out.push({
      sentences: [a, b],
      has: (t: string) => a.terms.has(t) || b.terms.has(t),
      reasoning: a.reasoning || b.reasoning,
      list: a.list && b.list,
      dismissive: a.dismissive || b.dismissive,
    });
  }
  return out;
}
