/**
 * Test harness for the daily prompt: the real core (createCoach with the offline grader behind a
 * ScriptedGrader, MemoryStore, an injectable clock), the real daily runtime, and a recording
 * publisher standing in for the channel adapter.
 */
import { createCoach } from '../../src/core/coach';
import type { DailyPost, DailyPromptReply, DailyPublisher, DailyRecapReply, DailySettings, MessageRef } from '../../src/core/daily';
import type { LeaderboardReply } from '../../src/core/leaderboard';
import { silentLogger, type Person } from '../../src/core/ports';
import { ScenarioIndex, loadLibrary } from '../../src/core/scenarios';
import { createDailyRuntime } from '../../src/schedule';
import { MemoryStore } from '../../src/store/memory';
import { ScriptedGrader } from '../support/fake-grader';

export class FakeClock {
  constructor(public t: number) {}
  now = (): number => this.t;
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

type Call =
  | { kind: 'post'; teamKey: string; day: string; prompt: DailyPromptReply; ref: MessageRef }
  | { kind: 'recap'; teamKey: string; day: string; recap: DailyRecapReply }
  | { kind: 'leaderboard'; teamKey: string; board: LeaderboardReply };

/** Records what would have gone to the channel; can be slowed down or made to fail. */
export class RecordingPublisher implements DailyPublisher {
  readonly calls: Call[] = [];
  /** Errors thrown by the next post() calls, in order. */
  failures: Error[] = [];
  /** Each post() waits for this many macrotask turns, so concurrent callers overlap. */
  turns = 0;
  private n = 0;

  get posts() {
    return this.calls.filter((c): c is Extract<Call, { kind: 'post' }> => c.kind === 'post');
  }
  get recaps() {
    return this.calls.filter((c): c is Extract<Call, { kind: 'recap' }> => c.kind === 'recap');
  }
  get boards() {
    return this.calls.filter((c): c is Extract<Call, { kind: 'leaderboard' }> => c.kind === 'leaderboard');
  }

  async post(settings: DailySettings, prompt: DailyPromptReply, day: string): Promise<MessageRef> {
    for (let i = 0; i < this.turns; i++) await new Promise((r) => setImmediate(r));
    const failure = this.failures.shift();
    if (failure) throw failure;
    const ref = { channel: settings.channelId, ts: `1700000000.${String(++this.n).padStart(6, '0')}` };
    this.calls.push({ kind: 'post', teamKey: settings.teamKey, day, prompt, ref });
    return ref;
  }

  async recap(settings: DailySettings, previous: DailyPost, recap: DailyRecapReply): Promise<void> {
    this.calls.push({ kind: 'recap', teamKey: settings.teamKey, day: previous.day, recap });
  }

  async leaderboard(settings: DailySettings, board: LeaderboardReply): Promise<void> {
    this.calls.push({ kind: 'leaderboard', teamKey: settings.teamKey, board });
  }
}

/** A small deterministic PRNG (mulberry32) so rotation order is reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Loaded once per test file. Colleagues may be mid-edit on scenarios/*.yaml: retry briefly.
let shared: ScenarioIndex | undefined;
function library(): ScenarioIndex {
  if (shared) return shared;
  let lastErr: unknown;
  for (let i = 0; i < 5; i++) {
    try {
      return (shared = new ScenarioIndex(loadLibrary()));
    } catch (err) {
      lastErr = err;
      const until = Date.now() + 300;
      while (Date.now() < until) {
        /* brief pause before reading the content again */
      }
    }
  }
  throw lastErr;
}

export const TEAM = 'T0001';
export const admin: Person = { platform: 'slack', teamId: TEAM, userId: 'UADMIN', displayName: 'Ada' };
export const member = (id: string, displayName?: string): Person => ({ platform: 'slack', teamId: TEAM, userId: id, displayName });
export const TEAM_KEY = `slack:${TEAM}`;

export function harness(startIso: string, opts: { seed?: number; store?: MemoryStore; clock?: FakeClock } = {}) {
  const clock = opts.clock ?? new FakeClock(Date.parse(startIso));
  const store = opts.store ?? new MemoryStore();
  const grader = new ScriptedGrader();
  grader.probes = false;
  const lib = library();
  // The same wiring as buildCore (src/app.ts), with the library shared across harnesses.
  const coach = createCoach({ library: lib, grader, store, clock, log: silentLogger, random: () => 0 });
  const core = { library: lib, grader, store, coach, log: silentLogger };
  const publisher = new RecordingPublisher();
  const runtime = createDailyRuntime(core, { publisherFor: () => publisher, clock, random: seeded(opts.seed ?? 7) });

  /** `daily set ...` by the admin, at the current clock time. */
  async function set(text: string) {
    return runtime.daily.command(admin, `set ${text}`, { isAdmin: true, language: 'en' });
  }

  /** A strong English answer for a scenario (its key points, with reasons). */
  function strongAnswer(scenarioId: string): string {
    const s = core.library.scenario(scenarioId)!;
    return s.keyPoints.map((k) => `I would do this: ${k.text.en}, because otherwise the rollout carries that risk.`).join('\n');
  }

  return { clock, store, grader, core, publisher, ...runtime, set, strongAnswer };
}
