/**
 * `fde-coach eval` with the LLM grader configured, as a person measuring their model would run
 * it: the CLI as a child process, OPENAI_BASE_URL pointing at a local fake OpenAI-compatible
 * server. The report must say the model graded, and carry tokens and latency per answer.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { FakeOpenAI, chatCompletion, type RecordedRequest } from '../support/fake-openai';

const ROOT = path.resolve(__dirname, '..', '..');

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'fde-coach.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A well-formed grade for whatever scenario was asked: its own criteria, a verbatim quote, score 3. */
function gradeFor(req: RecordedRequest) {
  const body = req.body as { messages: { content: string }[]; response_format: { json_schema: { schema: any } } }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const ids: string[] = body.response_format.json_schema.schema.properties.criteria.items.properties.id.enum;
  const user = body.messages.at(-1)!.content;
  const answer = /<<<ANSWER ([0-9a-f]+)>>>\n([\s\S]*?)\n<<<END ANSWER \1>>>/.exec(user)?.[2] ?? '';
  const quote = answer.split(/(?<=[.!?])\s+/).find((s) => s.trim().split(/\s+/).length >= 4)?.trim();
  return chatCompletion(
    {
      graderDirected: [],
      criteria: ids.map((id) => ({
        id,
        evidence: quote ? [quote] : [],
        keyPointsMade: [],
        feedback: `Feedback for ${id}.`,
        score: 3,
        strongAnswerAdds: 'Owners and dates.',
        nextStep: 'Practise one more.',
      })),
      flags: [],
      summary: 'A fair answer.',
    },
    { promptTokens: 2100, completionTokens: 480, model: 'fake-judge-1' },
  );
}

describe('fde-coach eval with a configured model', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await FakeOpenAI.start();
    fake.otherwise(gradeFor);
  });
  afterAll(async () => {
    await fake.close();
  });

  it('grades the gold set through the model and reports agreement, latency and tokens per answer', async () => {
    const r = await run(['eval', '--json'], { OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'fake-judge', GRADER_MAX_CONCURRENCY: '2' });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.grader).toBe('llm');
    expect(report.items).toBeGreaterThanOrEqual(24);
    expect(report.fallbacks).toBe(0);
    expect(report.tokens.promptPerAnswer).toBe(2100);
    expect(report.tokens.completionPerAnswer).toBe(480);
    expect(report.latencyMs.p95).toBeGreaterThan(0);
    expect(typeof report.spearman).toBe('number');
    expect(fake.chatBodies.length).toBe(report.items);
    expect(fake.chatBodies.every((b) => b.model === 'fake-judge')).toBe(true);
    // The gold set grew to ~290 answers: ~15 s alone, more on a shared machine running the suite.
  }, 60_000);
});
