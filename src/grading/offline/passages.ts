/**
 * The answer as sentences with the features the grader scores: terms, whether the sentence reasons
 * (because / instead of / 때문에 ...), whether it is a bare list, whether it dismisses the advice it
 * names ("I would not bother with a rollback"), and whether it only repeats an earlier sentence,
 * literally, behind a "Point 2:" prefix, or as the same template with different keywords.
 */
import { splitSentences } from '../../core/text';
import { tokenize, wordTerm } from './tokens';

const REASONING_EN =
  /\b(because|since|so that|so we|so i|so the|so they|which means|that means|therefore|otherwise|unless|instead of|instead|rather than|in exchange|at the cost|trade-?offs?|the risk|versus|vs\.?|whereas|but|however|if\b.{1,80}\b(then|we|i|it|they)|before|until|only when|only if|in order to|to avoid|to make sure|to keep|which is why|that's why|given that|as long as)\b/i;
const REASONING_KO =
  /(때문|그래서|따라서|그러므로|대신|만약|라면|다면|으면|지만|반면|하지만|그러나|위해|므로|니까|기 전에|전까지|까지는|경우에는|이유는|덕분|려면)/;

/**
 * Advice dismissed rather than given. Matched per sentence; a sentence that also calls the dismissal
 * a mistake ("skipping the evals would be a mistake") is not dismissive.
 */
const DISMISSIVE_EN =
  /\b((would|will|do|did|should)\s*(not|n't)\s+(bother|worry about|need|spend time|waste)|not bother|no need (for|to)|(don't|do not|doesn't|does not) need|unnecessary|overkill|not necessary|not needed|not worth|waste of time|no time for|not a priority|skip(ping)?( the| it| them| any| all)?|forget (about )?(the|it)|regardless of|without bothering|we can ignore|can be ignored|leave out the|drop the (eval|test|audit|log|rollback|review|approval|monitor))/i;
const DISMISSAL_REVERSED_EN =
  /\b(can't|cannot|can not|shouldn't|should not|must not|mustn't|never|wouldn't|won't|would not|will not|don't want to|mistake|dangerous|wrong|risky|bad idea|tempting|no way|not an option)\b.{0,30}\b(skip|ignore|drop|forget|bother)|\b(mistake|dangerous|risky|bad idea|not an option|is how .* fail)\b/i;
const DISMISSIVE_KO = /(하지 않겠|하지 않을|필요 ?없|필요가 없|필요는 없|생략|건너뛰|신경 ?쓰지 않|신경 쓸 필요|상관없이|무시하고|시간이 없으니|나중으로 미루|안 해도)/;
const DISMISSAL_REVERSED_KO = /(생략하면 안|건너뛰면 안|없으면 안|하면 안 됩|안 됩니다|말아야|실수|위험합|위험하|절대)/;

/** "Point 1:", "Step 2 -", "Reason 3)" and similar prefixes that disguise repetition. */
const ENUMERATION_PREFIX = /^\s*((point|step|item|reason|note|idea|part|thing|number|no\.?)\s*#?\d+|#?\d+|[a-z]|첫째|둘째|셋째|넷째|다섯째)\s*[:.)\-–—]\s*/i;

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
function shape(words: string[], terms: string[], vocabulary: ReadonlySet<string>): Set<string> {
  const vocab = new Set(terms.filter((t) => vocabulary.has(t)));
  const seq: string[] = [];
  for (const w of words) {
    const token = vocab.has(wordTerm(w)) ? 'X' : w;
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
    const info: SentenceInfo = {
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
      const sh = shape(tok.words, tok.terms, vocabulary);
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
  terms: Set<string>;
  reasoning: boolean;
  list: boolean;
}

/** Every kept sentence alone and every pair of neighbouring kept sentences. Dismissive ones never count. */
export function passagesOf(sentences: SentenceInfo[]): Passage[] {
  const kept = sentences.filter((s) => !s.repeat && !s.dismissive);
  const out: Passage[] = kept.map((s) => ({ sentences: [s], terms: s.terms, reasoning: s.reasoning, list: s.list }));
  for (let i = 0; i + 1 < kept.length; i++) {
    const a = kept[i]!;
    const b = kept[i + 1]!;
    out.push({ sentences: [a, b], terms: new Set([...a.terms, ...b.terms]), reasoning: a.reasoning || b.reasoning, list: a.list && b.list });
  }
  return out;
}
