/**
 * Offline grading throughput and per-session memory.
 *
 * Prints gradings per second for the offline grader against a baseline measured in the same run
 * (splitting the same answers into sentences and lower-casing them: the minimum work any grader
 * does), and the heap cost per session for 10,000 open sessions in the in-memory store.
 *
 * Run: npx tsx bench/offline-grader.ts   (add --expose-gc via NODE_OPTIONS for steadier memory figures)
 */
import { createCoach } from '../src/core/coach';
import type { Person } from '../src/core/ports';
import { ScenarioIndex, loadLibrary } from '../src/core/scenarios';
import { splitSentences } from '../src/core/text';
import { OfflineGrader } from '../src/grading/offline';
import { MemoryStore } from '../src/store/memory';

const library = new ScenarioIndex(loadLibrary());
const grader = new OfflineGrader({ library: library.scenarios });

function answerFor(i: number): { scenarioIndex: number; text: string } {
  const s = library.scenarios[i % library.scenarios.length]!;
  const kps = s.keyPoints.slice(0, 1 + (i % s.keyPoints.length));
  const text = kps
    .map((k) => `I would ${k.text.en.toLowerCase()}, because ${k.keywords.en.slice(0, 2).join(' and ')} matter here.`)
    .join('\n');
  return { scenarioIndex: i % library.scenarios.length, text };
}

/** One timed pass: gradings (or baseline operations) per second. */
function pass(n: number, fn: (i: number) => void): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  return n / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const N = Number(process.env.BENCH_N ?? 5000);
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
  const answers = Array.from({ length: 500 }, (_, i) => answerFor(i));
  console.log(`Offline grader, ${library.scenarios.length} scenarios, ${answers.length} distinct answers, ${ROUNDS} rounds of ${N}`);
  const baseline = (i: number) => {
    const a = answers[i % answers.length]!;
    splitSentences(a.text).map((s) => s.lower);
  };
  const grading = (i: number) => {
    const a = answers[i % answers.length]!;
    const s = library.scenarios[a.scenarioIndex]!;
    grader.gradeSync({ scenario: s, criteria: library.criteriaOf(s), answer: a.text, followUps: [], language: 'en' });
  };
  // Warm-up: one pass over every answer (JIT, the library index, caches), then rounds that
  // alternate baseline and grader so both see the same machine.
  pass(answers.length, baseline);
  pass(answers.length, grading);
  const bases: number[] = [];
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    bases.push(pass(N, baseline));
    rates.push(pass(N, grading));
  }
  const show = (label: string, xs: number[]) =>
    console.log(`${label.padEnd(34)} median ${median(xs).toFixed(0).padStart(7)} /s  (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`);
  show('baseline: sentence split only', bases);
  show('offline grader: full grading', rates);
  const base = median(bases);
  const rate = median(rates);
  console.log(`ratio (grading cost / baseline cost): ${(base / rate).toFixed(1)}x`);

  // Memory: 10,000 people each with an open session, against an empty store in the same run.
  const SESSIONS = 10_000;
  const gc = (globalThis as { gc?: () => void }).gc;
  const store = new MemoryStore();
  const coach = createCoach({ library, grader, store });
  gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < SESSIONS; i++) {
    const p: Person = { platform: 'slack', teamId: 'T1', userId: `U${i}` };
    await coach.start(p);
  }
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const perSession = (after - before) / SESSIONS;
  console.log(`memory: ${SESSIONS} open sessions (session + user record): ${((after - before) / 1048576).toFixed(1)} MiB, ${(perSession / 1024).toFixed(2)} KiB per session${gc ? '' : ' (run with NODE_OPTIONS=--expose-gc for steadier figures)'}`);
  const sessions = (await store.listSessions()).length;
  if (sessions !== SESSIONS) throw new Error(`expected ${SESSIONS} sessions, found ${sessions}`);
}

void main();
