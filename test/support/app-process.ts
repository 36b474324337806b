/**
 * The real app (dist/main.js, built by `npm test`) as a child process in Slack HTTP mode against
 * the fake Slack, for the tests that need several processes or a kill -9: two instances on one
 * PostgreSQL, a restart over one SQLite file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import type { RecordedRequest, ScriptedReply } from './fake-openai';
import { chatCompletion } from './fake-openai';
import { TEST_SIGNING_SECRET, asCommand, asEvent, postSigned, slashCommand, type SignedResponse } from './slack-payloads';

const MAIN = path.resolve(__dirname, '..', '..', 'dist', 'main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  port: number;
  child: ChildProcess;
  /** Everything the process wrote (logs at LOG_LEVEL), for failure messages. */
  output(): string;
  command(text: string, user: string): Promise<SignedResponse>;
  event(body: object, headers?: Record<string, string>): Promise<SignedResponse>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts dist/main.js with Slack on a free port; resolves once its HTTP endpoint answers. */
export async function startApp(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  // Generous: on a loaded CI machine a cold Node start with the scenario library takes a while.
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${out}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`app did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    child,
    output: () => out,
    command: (text, user) => postSigned(`${url}/slack/events`, asCommand(slashCommand({ text, user_id: user }))),
    event: (body, headers) => postSigned(`${url}/slack/events`, { ...asEvent(body), headers }),
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/**
 * The fake model's answer to whatever the app asks: never a follow-up probe, and a well-formed
 * grade (score 3, a verbatim quote) for a grading request.
 */
export function modelReply(req: RecordedRequest, delayMs = 0): ScriptedReply {
  const body = req.body as { messages: { content: string }[]; response_format?: { json_schema?: { schema?: any } } }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const schema = body.response_format?.json_schema?.schema;
  const ids: string[] | undefined = schema?.properties?.criteria?.items?.properties?.id?.enum;
  if (!ids) {
    const targets: string | undefined = schema?.properties?.targets?.enum?.[0];
    return chatCompletion({ gap: 'Nothing the grade needs.', targets: targets ?? 'communication', ask: false, question: '' });
  }
  const user = body.messages.at(-1)!.content;
  const answer = /<<<ANSWER ([0-9a-f]+)>>>\n([\s\S]*?)\n<<<END ANSWER \1>>>/.exec(user)?.[2] ?? '';
  const quote = answer.split(/(?<=[.!?])\s+/).find((s) => s.trim().split(/\s+/).length >= 4)?.trim();
  return {
    ...chatCompletion(
      {
        graderDirected: [],
        criteria: ids.map((id) => ({
          id,
          evidence: quote ? [quote] : [],
          feedback: `Feedback for ${id}.`,
          keyPointsMade: [1],
          score: 3,
          strongAnswerAdds: 'Owners and dates.',
          nextStep: 'Practise one more.',
        })),
        flags: [],
        summary: 'A fair answer.',
      },
      { promptTokens: 2100, completionTokens: 480 },
    ),
    delayMs,
  };
}

/** True for a request that asks the model for a grade (not a follow-up probe). */
export function isGradeRequest(req: RecordedRequest): boolean {
  return Boolean((req.body as { response_format?: { json_schema?: { schema?: { properties?: { criteria?: unknown } } } } })?.response_format?.json_schema?.schema?.properties?.criteria);
}

export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
