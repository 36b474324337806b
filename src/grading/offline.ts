/**
 * The deterministic offline grader: no network, same answer -> same grade.
 *
 * It scores each criterion from evidence: which of the scenario's key points for that criterion
 * the answer makes (keyword stems in EN and KO), whether the sentences that make them carry
 * reasoning (because / instead of / 때문에 / 대신 ...), and how concrete they are. Sentences that are
 * bare lists of terms earn a fraction; sentences that address the grader earn nothing; repeated
 * sentences count once, so padding earns nothing.
 */
import type { Grader } from '../core/ports';
import { t } from '../core/messages';
import { escapeRegExp, findInjection, splitSentences, type Sentence } from '../core/text';
import type {
  Criterion,
  CriterionGrade,
  GradeFlag,
  GradeRequest,
  GradeResult,
  KeyPoint,
  Language,
  ProbeRequest,
  ProbeResult,
  Scenario,
} from '../core/types';
import { enforceIntegrity, overallOf, toScore } from './integrity';

const REASONING_EN =
  /\b(because|since|so that|so we|which means|that means|therefore|otherwise|unless|instead of|rather than|in exchange|at the cost|trade-?offs?|the risk|risks?|versus|vs\.?|whereas|but|however|if\b.{1,80}\b(then|we|i|it)|before|after|first|then|until|only when|in order to|to avoid|to make sure|so i|so the)\b/i;
const REASONING_KO =
  /(때문|그래서|따라서|그러므로|대신|만약|라면|다면|으면|지만|반면|하지만|그러나|우선|먼저|그 다음|다음에|위해|므로|니까|리스크|위험|비용|조건|경우|전에|후에|까지)/;
const CONCRETE = /(\d|%|\b(week|day|hour|minute|sprint|quarter|vp|ciso|cfo|cto|owner|sla|slo)s?\b|주|일|시간|분기|담당자|책임자)/i;

/** One answer sentence with the features the scoring uses. */
interface Feature {
  s: Sentence;
  weight: number;
  reasoning: boolean;
  concrete: boolean;
  list: boolean;
}

function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

function isListLike(s: string): boolean {
  const segments = s.split(/[,、/|;·]/).map((x) => x.trim()).filter(Boolean);
  if (segments.length >= 3) {
    const avg = segments.reduce((a, x) => a + wordCount(x), 0) / segments.length;
    if (avg <= 2.5) return true;
  }
  return false;
}

function features(sentences: Sentence[]): Feature[] {
  return sentences.map((s) => {
    const words = wordCount(s.text);
    const hangul = /[\uAC00-\uD7AF]/.test(s.text);
    const reasoning = REASONING_EN.test(s.text) || REASONING_KO.test(s.text);
    const list = isListLike(s.text);
    const short = hangul ? words < 3 : words < 5;
    let weight = list ? 0.25 : short ? 0.4 : 1;
    if (!reasoning && !list) weight *= 0.8;
    return { s, weight, reasoning, concrete: CONCRETE.test(s.text), list };
  });
}

/** Compiled matchers for a list of stems: English at a word start, Korean anywhere. */
const matcherCache = new Map<string, (lower: string) => boolean>();
function matcher(stem: string): (lower: string) => boolean {
  let m = matcherCache.get(stem);
  if (!m) {
    const s = stem.toLowerCase().normalize('NFC');
    if (/[\uAC00-\uD7AF]/.test(s)) m = (lower) => lower.includes(s);
    else {
      // Short stems (sla, rag, pii) must be whole words, or "rag" would match "ragù" and "slo" "slow".
      const tail = s.length <= 3 ? '(s|es)?(?![a-z0-9])' : '';
      const re = new RegExp(`(^|[^a-z0-9])${escapeRegExp(s).replace(/\\?[ -]/g, '[\\s-]?')}${tail}`, 'i');
      m = (lower) => re.test(lower);
    }
    matcherCache.set(stem, m);
  }
  return m;
}

function hits(lower: string, stems: readonly string[]): number {
  let n = 0;
  for (const st of stems) if (matcher(st)(lower)) n++;
  return n;
}

function keyPointStems(k: KeyPoint): string[] {
  return [...k.keywords.en, ...k.keywords.ko];
}

interface CriterionEvidence {
  criterion: Criterion;
  coverage: number;
  covered: KeyPoint[];
  missing: KeyPoint[];
  signal: number;
  evidence: Feature[];
  raw: number;
}

function assess(criterion: Criterion, scenario: Scenario, feats: Feature[]): CriterionEvidence {
  const kps = scenario.keyPoints.filter((k) => k.criterion === criterion.id);
  const contrib = new Map<Feature, number>();
  const covered: KeyPoint[] = [];
  const missing: KeyPoint[] = [];
  let coverageSum = 0;
  for (const kp of kps) {
    const stems = keyPointStems(kp);
    let best = 0;
    for (const f of feats) {
      const h = hits(f.s.lower, stems);
      if (!h) continue;
      const c = f.weight * (h >= 2 ? 1 : 0.75) * (f.reasoning ? 1 : 0.8);
      contrib.set(f, (contrib.get(f) ?? 0) + c);
      best = Math.max(best, c);
    }
    coverageSum += Math.min(1, best);
    (best >= 0.35 ? covered : missing).push(kp);
  }
  const coverage = kps.length ? coverageSum / kps.length : 0;
  const signalStems = [...criterion.signals.en, ...criterion.signals.ko];
  let signalSum = 0;
  for (const f of feats) {
    const h = hits(f.s.lower, signalStems);
    if (!h) continue;
    signalSum += f.weight * Math.min(h, 3);
    contrib.set(f, (contrib.get(f) ?? 0) + 0.3 * f.weight * Math.min(h, 3));
  }
  const signal = Math.min(1, signalSum / 4);
  const evidence = [...contrib.entries()]
    .filter(([f]) => !f.list || contrib.get(f)! > 0.5)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([f]) => f);
  const reasoningShare = evidence.length ? evidence.filter((f) => f.reasoning).length / evidence.length : 0;
  const concrete = evidence.some((f) => f.concrete) ? 1 : 0;
  const raw = 0.62 * coverage + 0.2 * signal + 0.12 * reasoningShare + 0.06 * concrete;
  return { criterion, coverage, covered, missing, signal, evidence, raw };
}

function feedbackFor(e: CriterionEvidence, score: number, lang: Language): string {
  const level = score >= 5 ? 5 : score >= 3 ? 3 : 1;
  const total = e.covered.length + e.missing.length;
  const made =
    lang === 'ko'
      ? `이 항목이 보는 핵심 ${total}개 중 ${e.covered.length}개를 다뤘습니다`
      : `You made ${e.covered.length} of the ${total} points this criterion looks for here`;
  const covered = e.covered.length
    ? lang === 'ko'
      ? ` (${e.covered.map((k) => k.text.ko).join('; ')})`
      : ` (${e.covered.map((k) => k.text.en).join('; ')})`
    : '';
  const anchor = lang === 'ko' ? ' 수준 기준: ' : '. At this level: ';
  return `${made}${covered}${lang === 'ko' ? '.' : ''}${anchor}${e.criterion.levels[level][lang]}`;
}

function stableIndex(key: string, n: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return Math.abs(h) % n;
}

/** Full answer text as the grader sees it: the first answer and every follow-up reply. */
export function answerText(req: Pick<GradeRequest, 'answer' | 'followUps'>): string {
  return [req.answer, ...req.followUps.map((f) => f.answer)].filter(Boolean).join('\n\n');
}

/**
 * Maps raw evidence (0-1) onto the 1-5 scale. Raw evidence under-rates reasoned answers that
 * paraphrase the key points instead of reusing their words, so the curve lifts the middle. The
 * two constants were fitted once against the gold set (test/fixtures/gold): Spearman 0.853 -> 0.889,
 * within-1 87.8% -> 93.9%, in-sample. Refit only with new gold answers, never to pass a test.
 */
const CAL_GAIN = 1.15;
const CAL_EXPONENT = 0.85;
function calibrate(raw: number): number {
  return Math.min(1, CAL_GAIN * Math.max(0, raw) ** CAL_EXPONENT);
}

interface Analysis {
  flags: GradeFlag[];
  assessed: CriterionEvidence[];
  scores: number[];
}

function analyse(req: GradeRequest): Analysis {
  const text = answerText(req);
  const injection = findInjection(text);
  const seen = new Set<string>();
  const sentences = splitSentences(text).filter((s) => {
    const key = s.lower.replace(/\s+/g, ' ');
    if (seen.has(key) || injection.includes(s.text)) return false;
    seen.add(key);
    return true;
  });
  const feats = features(sentences);
  const flags: GradeFlag[] = [];
  if (!text.trim()) flags.push('empty');
  if (injection.length) flags.push('injection');
  const assessed = req.criteria.map((c) => assess(c, req.scenario, feats));
  const anyKeyPoint = assessed.some((a) => a.coverage > 0);
  const signalTotal = assessed.reduce((a, e) => a + e.signal, 0);
  const offTopic = !flags.includes('empty') && !anyKeyPoint && signalTotal < 0.3;
  if (offTopic) flags.push('off-topic');
  const words = wordCount(sentences.map((s) => s.text).join(' '));
  const isKo = /[\uAC00-\uD7AF]/.test(text);
  if (!flags.includes('empty') && (isKo ? text.replace(/\s/g, '').length < 60 : words < 30)) flags.push('too-short');
  const listShare = feats.length ? feats.filter((f) => f.list || wordCount(f.s.text) < 4).length / feats.length : 0;
  if (listShare >= 0.5 && feats.length >= 1 && anyKeyPoint) flags.push('buzzwords');
  const scores = assessed.map((a) => (flags.includes('empty') || offTopic ? 1 : toScore(1 + 4 * calibrate(a.raw))));
  return { flags, assessed, scores };
}

export class OfflineGrader implements Grader {
  readonly kind = 'offline' as const;

  async grade(req: GradeRequest): Promise<GradeResult> {
    return this.gradeSync(req);
  }

  /** Synchronous form, for benchmarks and the CLI. */
  gradeSync(req: GradeRequest): GradeResult {
    const lang = req.language;
    const { flags, assessed, scores } = analyse(req);
    const criteria: CriterionGrade[] = assessed.map((e, i) => {
      const score = scores[i]!;
      const strong = e.missing.length
        ? e.missing
            .slice(0, 2)
            .map((k) => k.text[lang])
            .join(lang === 'ko' ? ' / ' : '; ')
        : e.criterion.levels[5][lang];
      const steps = e.criterion.nextSteps;
      const nextStep = steps[stableIndex(`${req.scenario.id}:${e.criterion.id}`, steps.length)]![lang];
      return {
        id: e.criterion.id,
        score: toScore(score),
        evidence: flags.includes('off-topic') ? [] : e.evidence.map((f) => f.s.text),
        feedback: feedbackFor(e, score, lang),
        strongAnswerAdds: strong,
        nextStep,
      };
    });
    const notes = [t(lang, 'offline-note')];
    if (flags.includes('empty')) notes.unshift(t(lang, 'empty-answer'));
    if (flags.includes('off-topic')) notes.unshift(t(lang, 'off-topic-note'));
    if (flags.includes('injection')) notes.unshift(t(lang, 'injection-note'));
    if (flags.includes('buzzwords')) notes.unshift(t(lang, 'buzzwords-note'));
    if (flags.includes('too-short')) notes.unshift(t(lang, 'too-short-note'));
    const result: GradeResult = {
      scenarioId: req.scenario.id,
      grader: 'offline',
      language: lang,
      overall: overallOf(criteria),
      criteria,
      summary: notes.join(' '),
      flags,
    };
    return enforceIntegrity(result, answerText(req));
  }

  /**
   * Probes the weakest criterion when it scored 3 or less and the answer engaged with the problem;
   * in customer-escalation scenarios the customer persona pushes back first.
   */
  async probe(req: ProbeRequest): Promise<ProbeResult | null> {
    const max = maxProbes(req.scenario);
    if (req.probesAsked >= max) return null;
    const { flags, assessed, scores } = analyse(req);
    if (flags.includes('empty') || flags.includes('off-topic') || flags.includes('injection')) return null;
    const lang = req.language;
    if (req.scenario.persona) {
      const line = req.scenario.persona.pushback[req.probesAsked % req.scenario.persona.pushback.length]!;
      return { text: line[lang], asPersona: true };
    }
    const asked = new Set(req.followUps.map((f) => f.probe));
    const order = assessed
      .map((a, i) => ({ id: a.criterion.id, score: scores[i]! }))
      .filter((x) => x.score <= 3)
      .sort((a, b) => a.score - b.score);
    for (const weak of order) {
      const probe = req.scenario.probes.find((p) => p.targets === weak.id && !asked.has(p.text[lang]));
      if (probe) return { text: probe.text[lang], targets: probe.targets };
    }
    if (order.length) {
      const any = req.scenario.probes.find((p) => !asked.has(p.text[lang]));
      if (any) return { text: any.text[lang], targets: any.targets };
    }
    return null;
  }
}

/** How many follow-ups a scenario allows: two when the bot plays a customer, otherwise one. */
export function maxProbes(scenario: Scenario): number {
  return scenario.persona ? 2 : 1;
}
