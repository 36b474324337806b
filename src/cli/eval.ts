/**
 * Grades the gold set (answers with the score a careful interviewer gave) with the configured
 * grader and reports agreement: Spearman correlation, exact and within-1 accuracy, mean absolute
 * error, per kind of answer, latency and tokens per answer. With --cv K it also measures the offline
 * grader out of sample: scenarios are split into K folds, the grader's fitted constants are refitted
 * on K-1 folds' gold answers and the held-out fold is scored with them.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InvalidArgumentError, type Command } from 'commander';
import type { Grader } from '../core/ports';
import { ContentError, type ScenarioIndex } from '../core/scenarios';
import { LANGUAGES } from '../core/types';
import { OfflineGrader } from '../grading/offline';
import { CALIBRATION, type Calibration } from '../grading/offline/calibration';
import { fitCalibration, predict, type FitItem } from '../grading/offline/fit';

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
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw new ContentError(dir, '', 'no such gold-set folder (pass --gold <folder of YAML files>)');
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  if (!files.length) throw new ContentError(dir, '', 'the gold-set folder holds no .yaml files');
  const items: GoldItem[] = [];
  for (const f of files) {
    const file = path.join(dir, f);
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ContentError(file, '', `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    }
    const parsed = goldFileSchema.safeParse(doc);
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

/** Agreement between expected and given scores. */
export interface Metrics {
  items: number;
  spearman: number;
  /** Share whose rounded overall equals the rounded expected score. */
  exact: number;
  /** Share within 1 point of the expected score. */
  within1: number;
  /** Mean absolute error, in points. */
  mae: number;
  /** Per kind of answer: how many, mean expected and mean given. */
  kinds: Record<string, { count: number; expected: number; got: number }>;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r2 = (x: number) => Math.round(x * 100) / 100;

export function metricsOf(results: readonly { kind: string; expected: number; got: number }[]): Metrics {
  const n = results.length || 1;
  const kinds: Metrics['kinds'] = {};
  for (const r of results) {
    const k = (kinds[r.kind] ??= { count: 0, expected: 0, got: 0 });
    k.count++;
    k.expected += r.expected;
    k.got += r.got;
  }
  for (const k of Object.values(kinds)) {
    k.expected = r2(k.expected / k.count);
    k.got = r2(k.got / k.count);
  }
  return {
    items: results.length,
    spearman: r3(spearman(results.map((r) => r.expected), results.map((r) => r.got))),
    exact: r3(results.filter((r) => Math.round(r.got) === Math.round(r.expected)).length / n),
    within1: r3(results.filter((r) => Math.abs(r.got - r.expected) <= 1 + 1e-9).length / n),
    mae: r3(results.reduce((a, r) => a + Math.abs(r.got - r.expected), 0) / n),
    kinds,
  };
}

/** Out-of-sample figures for the offline grader (leave-scenarios-out cross-validation). */
export interface CrossValidation {
  folds: number;
  metrics: Metrics;
  /** The constants fitted on each fold's training scenarios, in fold order. */
  calibrations: Calibration[];
  results: { id: string; kind: string; expected: number; got: number; fold: number }[];
}

export interface EvalReport extends Metrics {
  grader: string;
  model?: string;
  latencyMs: { p50: number; p95: number };
  tokens: { promptPerAnswer: number; completionPerAnswer: number; totalPrompt: number; totalCompletion: number };
  fallbacks: number;
  results: { id: string; kind: string; expected: number; got: number; grader: string; fallbackReason?: string }[];
  /** Present with --cv. */
  cv?: CrossValidation;
  /** Present with --fit: the constants fitted on the whole gold set (what calibration.ts should ship). */
  fitted?: Calibration;
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
  const n = results.length || 1;
  return {
    grader: grader.kind,
    model,
    ...metricsOf(results),
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

function fitItems(library: ScenarioIndex, grader: OfflineGrader, items: readonly GoldItem[]): FitItem[] {
  return items.map((item) => {
    const scenario = library.scenario(item.scenarioId)!;
    const criteria = library.criteriaOf(scenario);
    const features = grader.features({ scenario, criteria, answer: item.answer, followUps: [], language: item.language });
    return { features, criteria: criteria.map((c) => c.id), expected: item.expected };
  });
}

/** The fold of each scenario: scenario ids sorted, dealt round-robin, so folds never depend on file order. */
export function foldsOf(items: readonly GoldItem[], k: number): Map<string, number> {
  const ids = [...new Set(items.map((i) => i.scenarioId))].sort();
  return new Map(ids.map((id, i) => [id, i % k]));
}

/**
 * Leave-scenarios-out cross-validation of the offline grader: for each fold, the constants are fitted
 * on the other folds' gold answers only, and the fold's answers are graded with them.
 */
export function crossValidate(library: ScenarioIndex, items: readonly GoldItem[], k: number): CrossValidation {
  const grader = new OfflineGrader({ library: library.scenarios });
  const fit = fitItems(library, grader, items);
  const fold = foldsOf(items, k);
  const calibrations: Calibration[] = [];
  const results: CrossValidation['results'] = [];
  for (let f = 0; f < k; f++) {
    const train = fit.filter((_, i) => fold.get(items[i]!.scenarioId) !== f);
    const c = fitCalibration(train);
    calibrations.push(c);
    items.forEach((item, i) => {
      if (fold.get(item.scenarioId) === f) results.push({ id: item.id, kind: item.kind, expected: item.expected, got: predict(fit[i]!, c), fold: f });
    });
  }
  return { folds: k, metrics: metricsOf(results), calibrations, results };
}

/** The offline grader's constants fitted on every gold answer (what calibration.ts ships). */
export function fitAll(library: ScenarioIndex, items: readonly GoldItem[]): Calibration {
  return fitCalibration(fitItems(library, new OfflineGrader({ library: library.scenarios }), items));
}

export function formatEval(r: EvalReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const cv = r.cv?.metrics;
  const row = (label: string, a: string, b?: string) => `${label.padEnd(22)} ${a.padStart(10)}${cv ? `  ${(b ?? '').padStart(16)}` : ''}`;
  const lines = [
    `Gold set: ${r.items} answers, grader: ${r.grader}${r.model ? ` (${r.model})` : ''}`,
    row('', 'as shipped', cv ? `cross-validated (${r.cv!.folds}-fold)` : undefined),
    row('Spearman correlation', r.spearman.toFixed(3), cv?.spearman.toFixed(3)),
    row('Exact (rounded)', pct(r.exact), cv && pct(cv.exact)),
    row('Within 1 point', pct(r.within1), cv && pct(cv.within1)),
    row('Mean absolute error', r.mae.toFixed(2), cv?.mae.toFixed(2)),
    'Per kind (count: mean expected -> mean given):',
  ];
  for (const [kind, k] of Object.entries(r.kinds).sort()) {
    const c = cv?.kinds[kind];
    lines.push(row(`  ${kind} (${k.count})`, `${k.expected.toFixed(2)} -> ${k.got.toFixed(2)}`, c && `${c.expected.toFixed(2)} -> ${c.got.toFixed(2)}`));
  }
  if (r.grader === 'offline')
    lines.push('"As shipped" uses the constants in calibration.ts, fitted on test/fixtures/gold: in-sample there, out of sample on any other set.');
  lines.push(
    `Latency per answer:    p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms`,
    `Tokens per answer:     ${r.tokens.promptPerAnswer} prompt, ${r.tokens.completionPerAnswer} completion (total ${r.tokens.totalPrompt} + ${r.tokens.totalCompletion})`,
  );
  if (r.fallbacks) lines.push(`Fell back to offline:  ${r.fallbacks} of ${r.items}`);
  if (r.cv) lines.push(`Fitted per fold: ${r.cv.calibrations.map((c) => Object.values(c).join('/')).join(', ')} (${Object.keys(CALIBRATION).join('/')})`);
  if (r.fitted) lines.push(`Fitted on the whole set: ${JSON.stringify(r.fitted)} (shipped: ${JSON.stringify(CALIBRATION)})`);
  const worst = [...r.results].sort((a, b) => Math.abs(b.got - b.expected) - Math.abs(a.got - a.expected)).slice(0, 5);
  lines.push('Largest disagreements (as shipped):');
  for (const w of worst) lines.push(`  ${w.id.padEnd(44)} expected ${w.expected.toFixed(1)}  got ${w.got.toFixed(1)}  (${w.kind})`);
  return lines.join('\n');
}

const positive = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(what);
  return n;
};

/**
 * Adds the `eval` command. `core()` builds the configured core lazily; errors that are the user's
 * (a missing gold folder, --cv with a model grader) come from `usage` or are ContentErrors, which the
 * CLI turns into a clear message and exit code 2.
 */
export function registerEval(
  program: Command,
  out: (s: string) => void,
  core: () => { library: ScenarioIndex; grader: Grader },
  usage: (message: string) => Error,
): void {
  program
    .command('eval')
    .description('grade the gold set and report agreement with the expected scores')
    .option('--gold <dir>', 'folder of gold-set YAML files', DEFAULT_GOLD_DIR)
    .option('--json', 'print the report as JSON')
    .option('--no-progress', 'no progress bar')
    .option('--cv <k>', 'also report leave-scenarios-out cross-validated figures over K folds (offline grader)', (v) => {
      const n = positive('a whole number of folds, 2 or more')(v);
      if (!Number.isInteger(n) || n < 2) throw new InvalidArgumentError('a whole number of folds, 2 or more');
      return n;
    })
    .option('--fit', "print the offline grader's constants fitted on the whole gold set")
    .option('--min-spearman <n>', 'exit 1 when Spearman (the cross-validated one with --cv) falls below this', positive('a number'))
    .action(async (o: { gold: string; json?: boolean; progress: boolean; cv?: number; fit?: boolean; minSpearman?: number }) => {
      // A missing folder is a usage mistake: say so plainly rather than surface a raw ENOENT.
      let isDir = false;
      try {
        isDir = statSync(o.gold).isDirectory();
      } catch {
        throw usage(`No gold-set folder at "${o.gold}" (--gold). The shipped set is ${DEFAULT_GOLD_DIR}.`);
      }
      if (!isDir) throw usage(`--gold must be a folder of gold-set YAML files; "${o.gold}" is a file.`);
      const c = core();
      const items = loadGold(o.gold, c.library);
      if ((o.cv || o.fit) && c.grader.kind !== 'offline')
        throw new ContentError('--cv/--fit', '', 'cross-validation refits the offline grader; run it with the offline grader (no model configured)');
      const report = await runEval(c.library, c.grader, items, { progress: o.progress && !o.json && Boolean(process.stderr.isTTY) });
      if (o.cv) {
        const folds = Math.min(o.cv, new Set(items.map((i) => i.scenarioId)).size);
        if (folds < 2) throw new ContentError(o.gold, '', '--cv needs gold answers for at least 2 scenarios');
        report.cv = crossValidate(c.library, items, folds);
      }
      if (o.fit) report.fitted = fitAll(c.library, items);
      out(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatEval(report)}\n`);
      const sp = report.cv ? report.cv.metrics.spearman : report.spearman;
      if (o.minSpearman !== undefined && !(sp >= o.minSpearman)) {
        process.stderr.write(`${report.cv ? 'Cross-validated ' : ''}Spearman ${sp} is below --min-spearman ${o.minSpearman}\n`);
        program.setOptionValue('exitCode', 1);
      }
    });
}
