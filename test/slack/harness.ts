/**
 * Starts the real Slack app (HTTP mode, port 0) with its Web API pointed at the fake, over the
 * real core built from the shipped scenarios, and offers helpers to send signed requests.
 */
import { Writable } from 'node:stream';
import { buildCore, type Core, type CoreOverrides } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { GradeOptions, Grader } from '../../src/core/ports';
import type { GradeRequest, GradeResult, ProbeRequest, ProbeResult } from '../../src/core/types';
import { OfflineGrader } from '../../src/grading/offline';
import { createLogger } from '../../src/log';
import { createSlackApp, EVENTS_PATH, type SlackApp } from '../../src/slack';
import { FAKE_TEAM, startFakeSlack, type FakeSlack, type SlackCall } from '../support/fake-slack';
import {
  asAction,
  asCommand,
  asEvent,
  blockActions,
  messageIm,
  postSigned,
  slashCommand,
  TEST_SIGNING_SECRET,
  threadReply,
  viewSubmission,
  type BlockActionsOptions,
  type SignedResponse,
  type SlashCommandPayload,
  type ViewSubmissionOptions,
} from '../support/slack-payloads';

/**
 * The offline grader with controllable follow-ups, scripted failures, a gate that holds grading
 * until released, an optional change to the result, and a record of calls.
 */
export class TestGrader implements Grader {
  readonly kind = 'offline' as const;
  private readonly inner = new OfflineGrader();
  /** 'never': grade at once; 'once': one fixed follow-up; 'offline': the offline grader decides. */
  probes: 'never' | 'once' | 'offline' = 'never';
  probeText = 'Who would you tell first, and what exactly would you say?';
  failures: Error[] = [];
  gradeCalls: GradeRequest[] = [];
  /** While set, grade() waits for it. */
  gate: Promise<void> | undefined;
  transform: ((r: GradeResult, req: GradeRequest) => GradeResult) | undefined;

  async grade(req: GradeRequest, _opts?: GradeOptions): Promise<GradeResult> {
    this.gradeCalls.push(req);
    if (this.gate) await this.gate;
    const f = this.failures.shift();
    if (f) throw f;
    const r = this.inner.gradeSync(req);
    return this.transform ? this.transform(r, req) : r;
  }

  async probe(req: ProbeRequest): Promise<ProbeResult | null> {
    if (this.probes === 'offline') return this.inner.probe(req);
    if (this.probes === 'once' && req.probesAsked === 0) return { text: this.probeText };
    return null;
  }

  private releases: (() => void)[] = [];

  /** Holds grading until the returned function is called. */
  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise<void>((r) => {
      release = r;
    });
    const done = () => {
      this.gate = undefined;
      release();
    };
    this.releases.push(done);
    return done;
  }

  /** Lets every held grading go (test teardown). */
  releaseAll(): void {
    for (const r of this.releases.splice(0)) r();
  }
}

export interface Harness {
  fake: FakeSlack;
  core: Core;
  slack: SlackApp;
  grader: TestGrader;
  logLines: string[];
  eventsUrl: string;
  command(text: string, overrides?: Partial<SlashCommandPayload>): Promise<SignedResponse>;
  dm(text: string, overrides?: Parameters<typeof messageIm>[1], envelope?: Parameters<typeof messageIm>[2]): Promise<SignedResponse>;
  click(o: BlockActionsOptions): Promise<SignedResponse>;
  /** A reply in the thread of the message at threadTs (message.channels). */
  thread(text: string, threadTs: string, overrides?: Parameters<typeof threadReply>[2], envelope?: Parameters<typeof threadReply>[3]): Promise<SignedResponse>;
  /** A modal submission (view_submission). */
  submit(o: ViewSubmissionOptions): Promise<SignedResponse>;
  event(body: object, headers?: Record<string, string>): Promise<SignedResponse>;
  close(): Promise<void>;
}

/** Content files may be mid-edit by colleagues for a moment: retry loading a few times. */
async function buildCoreRetrying(...args: Parameters<typeof buildCore>): Promise<Core> {
  let last: unknown;
  for (let i = 0; i < 5; i++) {
    try {
      return buildCore(...args);
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw last;
}

export async function startHarness(opts: { grader?: TestGrader; overrides?: CoreOverrides; env?: NodeJS.ProcessEnv } = {}): Promise<Harness> {
  const fake = await startFakeSlack();
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logLines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    GRADER: 'offline',
    ...opts.env,
  });
  const log = createLogger('debug', sink);
  const grader = opts.grader ?? new TestGrader();
  const core = await buildCoreRetrying(config, log, { grader, random: () => 0, ...opts.overrides });
  const slack = createSlackApp(core, { port: 0, host: '127.0.0.1', clientOptions: { retryConfig: { retries: 0 } } });
  await slack.start();
  const eventsUrl = `${slack.url}${EVENTS_PATH}`;
  return {
    fake,
    core,
    slack,
    grader,
    logLines,
    eventsUrl,
    command: (text, overrides = {}) => postSigned(eventsUrl, asCommand(slashCommand({ text, response_url: fake.responseUrl(), ...overrides }))),
    dm: (text, overrides, env) => postSigned(eventsUrl, asEvent(messageIm(text, overrides, env))),
    click: (o) => postSigned(eventsUrl, asAction(blockActions({ responseUrl: fake.responseUrl(), ...o }))),
    thread: (text, threadTs, overrides, env) => postSigned(eventsUrl, asEvent(threadReply(text, threadTs, overrides, env))),
    submit: (o) => postSigned(eventsUrl, asAction(viewSubmission(o))),
    event: (body, headers) => postSigned(eventsUrl, { ...asEvent(body), headers }),
    async close() {
      grader.releaseAll();
      await slack.stop();
      await fake.close();
    },
  };
}

/** A settable clock for the core (schedules, streaks, weeks) so tests never wait. */
export class TestClock {
  constructor(public t: number) {}
  now = (): number => this.t;
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
}

/** The response_url posts made for one command (by its response id). */
export function responsesTo(fake: FakeSlack, id: string): SlackCall[] {
  return fake.calls('response_url').filter((c) => c.responseId === id);
}

/** Waits for n response_url posts to one id; returns them. */
export async function waitForResponses(fake: FakeSlack, id: string, n = 1): Promise<SlackCall[]> {
  await fake.waitFor(() => responsesTo(fake, id).length >= n);
  return responsesTo(fake, id);
}

/** All text of a message's blocks, for assertions (section text, fields, context, headers, buttons). */
export function blockText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
    }
  };
  walk(blocks);
  return out.join('\n');
}

/** Buttons (action_id, value, text) in a list of blocks. */
export function buttonsIn(blocks: unknown): { action_id: string; value: string; text: string }[] {
  const found: { action_id: string; value: string; text: string }[] = [];
  for (const b of (blocks as { type: string; elements?: unknown[]; accessory?: unknown }[]) ?? []) {
    const els = [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])] as { type?: string; action_id?: string; value?: string; text?: { text: string } }[];
    for (const e of els) if (e.type === 'button') found.push({ action_id: e.action_id ?? '', value: e.value ?? '', text: e.text?.text ?? '' });
  }
  return found;
}

export const postsTo = (channel: string) => (c: SlackCall) => c.method === 'chat.postMessage' && c.args.channel === channel;
export const count = (calls: SlackCall[], method: string) => calls.filter((c) => c.method === method).length;

/** The person key the core uses for a Slack user of the fake workspace. */
export function keyOf(user: string): string {
  return `slack:${FAKE_TEAM}:${user}`;
}

/** Waits until at least n messages were posted to a channel; returns them. */
export async function waitForPosts(fake: FakeSlack, channel: string, n: number): Promise<SlackCall[]> {
  const calls = await fake.waitFor((cs) => cs.filter(postsTo(channel)).length >= n);
  return calls.filter(postsTo(channel));
}

/** The note an old message gets when its buttons stop meaning anything (adapter settleButtons). */
export const RETIRED_NOTE = 'This step is over, so its buttons are gone.';

/** A chat.update that only took the buttons off an older message. */
export const isRetirement = (c: SlackCall) => c.method === 'chat.update' && blockText(c.args.blocks).includes(RETIRED_NOTE);

/**
 * Waits until at least n chat.update calls were made in a channel; returns them. Updates that
 * only retire old buttons are left out (see waitForRetirements).
 */
export async function waitForUpdates(fake: FakeSlack, channel: string, n: number): Promise<SlackCall[]> {
  const isUpdate = (c: SlackCall) => c.method === 'chat.update' && c.args.channel === channel && !isRetirement(c);
  const calls = await fake.waitFor((cs) => cs.filter(isUpdate).length >= n);
  return calls.filter(isUpdate);
}

/** Waits until at least n messages in a channel had their buttons retired; returns those updates. */
export async function waitForRetirements(fake: FakeSlack, channel: string, n: number): Promise<SlackCall[]> {
  const retired = (c: SlackCall) => c.args.channel === channel && isRetirement(c);
  const calls = await fake.waitFor((cs) => cs.filter(retired).length >= n);
  return calls.filter(retired);
}

/** An answer the offline grader finds evidence in for the hotfix-vs-connector tradeoffs scenario (the daily rotation's first). */
export const HOTFIX_ANSWER =
  'I would ship the Ironbridge-only parser this week to hold the go-live in 6 days instead of slipping 3 weeks, because the 9% of EDI 214 messages dropped today hurt more than a temporary fork. ' +
  'Unmapped qualifier codes get logged and counted instead of dropped silently, with an alert on the drop rate. ' +
  'The parser gets a replacement ticket and an expiry date, because a fork has to be maintained through every platform upgrade. ' +
  'With two more 3PLs signing next quarter, I would write up the codes we saw and propose the configurable mapping layer to core engineering, and tell Ironbridge and sales plainly what is temporary and who owns the migration by when.';

/**
 * The test answer written for a scenario (by id, or by the text of the post that poses it): an
 * answer for another scenario is rightly graded off-topic and earns nothing.
 */
export function answerFor(scenarioOrPostText: string): string {
  if (/hotfix-vs-connector|Customer-only EDI parser/.test(scenarioOrPostText)) return HOTFIX_ANSWER;
  if (/board-demo-vs-pilot-hardening|Board demo polish/.test(scenarioOrPostText)) return GOOD_ANSWER;
  throw new Error(`no test answer written for: ${scenarioOrPostText.slice(0, 80)}`);
}

/** An answer the offline grader finds evidence in for the board-demo tradeoffs scenario. */
export const GOOD_ANSWER =
  'I would spend most of the week on request logging, retries with backoff and timeout alerts, because the 4% failures are invisible today. ' +
  'I would measure answer accuracy on a golden set of real branch questions before the board, so the demo claims are backed by numbers. ' +
  'I would tell the account executive plainly that a scripted demo risks a rollout to 1,200 staff that the pilot cannot survive, and offer a short honest demo instead. ' +
  'The tradeoff is a less polished UI in exchange for a system that holds up; I would agree the owner and the date with the CIO.';
