/**
 * Grades the gold set (answers with the score a careful interviewer gave) with the configured
 * grader and reports agreement: Spearman correlation, exact and within-1 accuracy, latency and
 * tokens per answer.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Grader } from '../core/ports';
import { ContentError, type ScenarioIndex } from '../core/scenarios';
import { LANGUAGES } from '../core/types';

export const DEFAULT_GOLD_DIR = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'gold');

/**
 * Kinds of gold answer. strong: a strong answer in the candidate's own words; generic: ignores the
 * scenario's facts; stuffed: the scenario's own terms with the wrong calls; negated: the right terms
 * in advice not to do them; other-scenario: a good answer written for a different scenario.
 */
export const GOLD_KINDS = [
  'strong',
  'partial',
  'weak',
  'generic',
  'buzzwords',
  'stuffed',
  'negated',
  'padding',
  'off-topic',
  'other-scenario',
  'injection',
  'empty-ish',
] as const;

const goldFileSchema = z
  .object({
    scenario: z.string().min(1),
    answers: z
      .array(
        z
          .object({
            id: z.string().min(1),
            kind: z.enum(GOLD_KINDS),
            language: z.enum(LANGUAGES),
            expected: z.number().min(1).max(5),
            answer: z.string().min(1),
            note: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export interface GoldItem {
  id: string;
  scenarioId: string;
  kind: string;
  language: 'en' | 'ko';
  expected: number;
  answer: string;
}

export function loadGold(dir: string, library: ScenarioIndex): GoldItem[] {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const items: GoldItem[] = [];
  for (const f of files) {
    const file = path.join(dir, f);
    const parsed = goldFileSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      throw new ContentError(file, i.path.join('.'), i.message);
    }
    if (!library.scenario(parsed.data.scenario))
      throw new ContentError(file, 'scenario', `unknown scenario "${parsed.data.scenario}"`);
    for (const a of parsed.data.answers) items.push({ ...a, scenarioId: parsed.data.scenario });
  }
  return items;
}

/** Average ranks, ties sharing the mean rank. */
function ranks(xs: number[]): number[] {
  const idx = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1]!.x === idx[i]!.x) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]!.i] = avg;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation (Pearson on ranks, so ties are handled). */
export function spearman(a: number[], b: number[]): number {
  if (a.length !== b.length || a.length < 2) return NaN;
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i]! - ma) * (rb[i]! - mb);
    da += (ra[i]! - ma) ** 2;
    db += (rb[i]! - mb) ** 2;
  }
  return da && db ? num / Math.sqrt(da * db) : NaN;
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export interface EvalReport {
  grader: string;
  model?: string;
  items: number;
  spearman: number;
  exact: number;
  within1: number;
  latencyMs: { p50: number; p95: number };
  tokens: { promptPerAnswer: number; completionPerAnswer: number; totalPrompt: number; totalCompletion: number };
  fallbacks: number;
  results: { id: string; kind: string; expected: number; got: number; grader: string; fallbackReason?: string }[];
}

export async function runEval(
  library: ScenarioIndex,
  grader: Grader,
  items: GoldItem[],
  opts: { progress: boolean; now?: () => number },
): Promise<EvalReport> {
  const now = opts.now ?? (() => performance.now());
  const bar = opts.progress
    ? new SingleBar({ format: 'grading |{bar}| {value}/{total} {id}', stream: process.stderr, hideCursor: true }, Presets.shades_classic)
    : undefined;
  bar?.start(items.length, 0, { id: '' });
  const results: EvalReport['results'] = [];
  const latencies: number[] = [];
  let prompt = 0;
  let completion = 0;
  let model: string | undefined;
  for (const item of items) {
    const scenario = library.scenario(item.scenarioId)!;
    const started = now();
    const r = await grader.grade({
      scenario,
      criteria: library.criteriaOf(scenario),
      answer: item.answer,
      followUps: [],
      language: item.language,
    });
    latencies.push(r.usage?.latencyMs ?? now() - started);
    prompt += r.usage?.promptTokens ?? 0;
    completion += r.usage?.completionTokens ?? 0;
    model ??= r.usage?.model;
    results.push({ id: item.id, kind: item.kind, expected: item.expected, got: r.overall, grader: r.grader, fallbackReason: r.fallbackReason });
    bar?.increment(1, { id: item.id });
  }
  bar?.stop();
  const exp = results.map((r) => r.expected);
  const got = results.map((r) => r.got);
  const n = results.length || 1;
  return {
    grader: grader.kind,
    model,
    items: results.length,
    spearman: Math.round(spearman(exp, got) * 1000) / 1000,
    exact: Math.round((results.filter((r) => Math.round(r.got) === Math.round(r.expected)).length / n) * 1000) / 1000,
    within1: Math.round((results.filter((r) => Math.abs(r.got - r.expected) <= 1).length / n) * 1000) / 1000,
    latencyMs: { p50: Math.round(percentile(latencies, 50) * 10) / 10, p95: Math.round(percentile(latencies, 95) * 10) / 10 },
    tokens: {
      promptPerAnswer: Math.round(prompt / n),
      completionPerAnswer: Math.round(completion / n),
      totalPrompt: prompt,
      totalCompletion: completion,
    },
    fallbacks: results.filter((r) => r.fallbackReason).length,
    results,
  };
}

export function formatEval(r: EvalReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `Gold set: ${r.items} answers, grader: ${r.grader}${r.model ? ` (${r.model})` : ''}`,
    `Spearman correlation:  ${r.spearman.toFixed(3)}`,
    `Exact accuracy:        ${pct(r.exact)} (rounded overall equals the expected score)`,
    `Within-1 accuracy:     ${pct(r.within1)}`,
    `Latency per answer:    p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms`,
    `Tokens per answer:     ${r.tokens.promptPerAnswer} prompt, ${r.tokens.completionPerAnswer} completion (total ${r.tokens.totalPrompt} + ${r.tokens.totalCompletion})`,
  ];
  if (r.fallbacks) lines.push(`Fell back to offline:  ${r.fallbacks} of ${r.items}`);
  const worst = [...r.results].sort((a, b) => Math.abs(b.got - b.expected) - Math.abs(a.got - a.expected)).slice(0, 5);
  lines.push('Largest disagreements:');
  for (const w of worst) lines.push(`  ${w.id.padEnd(44)} expected ${w.expected.toFixed(1)}  got ${w.got.toFixed(1)}  (${w.kind})`);
  return lines.join('\n');
}
