/**
 * When the model fails: bounded retries with (injected, zero) backoff, then the offline grader,
 * with the reason in the result. Also the json_schema -> json_object fallback and the cap on
 * concurrent calls. All over loopback HTTP through the real SDK.
 */
import { loadConfig } from '../../src/config';
import { t } from '../../src/core/messages';
import { createGrader } from '../../src/grading';
import { KOREAN_ANSWER, SCENARIO, gradeRequest, modelGrade } from '../fixtures/llm/fixtures';
import { graderFor, recordingLogger, systemMessage, userMessage } from '../fixtures/llm/helpers';
import { FakeOpenAI, apiError, chatCompletion } from '../support/fake-openai';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await FakeOpenAI.start();
});
afterEach(async () => {
  await fake.close();
});

const good = () => chatCompletion(modelGrade(SCENARIO), { promptTokens: 1500, completionTokens: 300 });

function expectFallback(result: Awaited<ReturnType<ReturnType<typeof graderFor>['grade']>>, reason: string) {
  expect(result.grader).toBe('offline');
  expect(result.fallbackReason).toBe(reason);
  expect(result.summary).toContain(t(result.language, 'fallback-note', { reason }));
  expect(result.summary).not.toContain(t(result.language, 'offline-note'));
  // Nothing lost: every criterion graded.
  expect(result.criteria.map((c) => c.id)).toEqual(SCENARIO.criteria);
}

describe('retries', () => {
  it('retries invalid JSON and succeeds', async () => {
    fake.reply(chatCompletion('{"criteria": [ this is not json'), good());
    const result = await graderFor(fake).grade(gradeRequest());
    expect(fake.chatBodies).toHaveLength(2);
    expect(result.grader).toBe('llm');
    expect(result.usage).toMatchObject({ promptTokens: 1500, completionTokens: 300 });
  });

  it('falls back after invalid JSON on every attempt', async () => {
    const log = recordingLogger();
    fake.otherwise(chatCompletion('Sure! Here is the grade: 4/5'));
    const result = await graderFor(fake, { maxRetries: 2, log }).grade(gradeRequest());
    expect(fake.chatBodies).toHaveLength(3);
    expectFallback(result, 'invalid output after 3 attempts');
    expect(result.usage?.model).toBe('gpt-test-mini');
    expect(log.lines.filter((l) => l.msg === 'model call failed; retrying')).toHaveLength(2);
    expect(log.lines.find((l) => l.msg === 'model grading failed; graded offline')?.level).toBe('warn');
  });

  it('treats output that misses a criterion as invalid', async () => {
    const partial = modelGrade(SCENARIO);
    partial.criteria = partial.criteria.slice(0, 2);
    fake.reply(chatCompletion(partial), good());
    const result = await graderFor(fake).grade(gradeRequest());
    expect(fake.chatBodies).toHaveLength(2);
    expect(result.grader).toBe('llm');
  });

  it('waits as the 429 says, then succeeds', async () => {
    const backoffMs = jest.fn((_attempt: number, _retryAfterMs?: number) => 0);
    fake.reply(apiError(429, 'Rate limit reached for requests', { headers: { 'retry-after-ms': '40' } }), good());
    const result = await graderFor(fake, { backoffMs }).grade(gradeRequest());
    expect(fake.chatBodies).toHaveLength(2);
    expect(backoffMs).toHaveBeenCalledWith(1, 40);
    expect(result.grader).toBe('llm');
    expect(result.usage).toMatchObject({ promptTokens: 1500, completionTokens: 300 });
  });

  it('retries 5xx, refusals and truncated output, giving truncated output more room', async () => {
    fake.reply(
      apiError(500, 'The server had an error'),
      chatCompletion('', { refusal: "I can't help with that." }),
      chatCompletion('{"graderDirected": [], "criteria": [', { finishReason: 'length' }),
      good(),
    );
    const result = await graderFor(fake, { maxRetries: 3, gradeMaxTokens: 1000 }).grade(gradeRequest());
    expect(fake.chatBodies).toHaveLength(4);
    expect(fake.chatBodies[2].max_tokens).toBe(1000);
    expect(fake.chatBodies[3].max_tokens).toBe(1500);
    expect(result.grader).toBe('llm');
  });

  it('retries a response cut off mid-body, like a 500', async () => {
    fake.reply({ ...good(), truncateBody: true }, good());
    const result = await graderFor(fake).grade(gradeRequest());
    expect(fake.chatBodies).toHaveLength(2);
    expect(result.grader).toBe('llm');
    expect(result.usage).toMatchObject({ promptTokens: 1500, completionTokens: 300 });
  });

  it('names a response cut off on every attempt as a connection failure', async () => {
    fake.otherwise({ ...good(), truncateBody: true });
    const result = await graderFor(fake, { maxRetries: 1 }).grade(gradeRequest());
    expect(fake.chatBodies).toHaveLength(2);
    expectFallback(result, 'response cut off after 2 attempts');
  });

  it('names the last failure in the reason', async () => {
    fake.otherwise(apiError(503, 'overloaded'));
    expectFallback(await graderFor(fake, { maxRetries: 1 }).grade(gradeRequest()), 'server error (503) after 2 attempts');
    fake.otherwise(chatCompletion('{}', { finishReason: 'length' }));
    expectFallback(await graderFor(fake, { maxRetries: 0 }).grade(gradeRequest()), 'truncated output after 1 attempt');
  });

  it('does not retry a rejected key', async () => {
    fake.otherwise(apiError(401, 'Incorrect API key provided'));
    const result = await graderFor(fake).grade(gradeRequest());
    expect(fake.chatBodies).toHaveLength(1);
    expectFallback(result, 'rejected by the server (401) after 1 attempt');
  });

  it('says so in Korean in a Korean session', async () => {
    fake.otherwise(apiError(500, 'boom'));
    const result = await graderFor(fake, { maxRetries: 0 }).grade(gradeRequest({ answer: KOREAN_ANSWER, language: 'ko' }));
    expectFallback(result, 'server error (500) after 1 attempt');
    expect(result.summary).toContain('모델 채점기를 사용할 수 없어');
  });
});

describe('timeouts', () => {
  it('bounds a server that never answers by GRADER_TIMEOUT_MS per attempt, then grades offline', async () => {
    fake.otherwise({ hang: true });
    const config = loadConfig({ OPENAI_BASE_URL: fake.baseURL, GRADER_TIMEOUT_MS: '1000', GRADER_MAX_RETRIES: '1' });
    const grader = createGrader(config, recordingLogger(), { backoffMs: () => 0 });
    const started = Date.now();
    const result = await grader.grade(gradeRequest());
    const elapsed = Date.now() - started;
    expect(fake.chatBodies).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(4000);
    expectFallback(result, 'timeout after 2 attempts');
    expect(result.usage?.latencyMs).toBeGreaterThanOrEqual(1900);
  });

  it('also times out a response whose body never finishes', async () => {
    fake.otherwise({ hangAfterHeaders: true });
    const result = await graderFor(fake, { timeoutMs: 300, maxRetries: 0 }).grade(gradeRequest());
    expectFallback(result, 'timeout after 1 attempt');
  });

  it('stops at once when the caller aborts', async () => {
    fake.otherwise({ hang: true });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const started = Date.now();
    const result = await graderFor(fake, { timeoutMs: 5_000 }).grade(gradeRequest(), { signal: ac.signal });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.grader).toBe('offline');
    expect(result.fallbackReason).toBe('aborted after 1 attempt');
  });
});

describe('json_schema unsupported', () => {
  it('falls back to json_object with the schema in the prompt, and remembers it for later calls', async () => {
    fake.reply(
      apiError(400, "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", {
        param: 'response_format',
      }),
      // json_object replies are re-validated; code fences are tolerated.
      chatCompletion('```json\n' + JSON.stringify(modelGrade(SCENARIO)) + '\n```'),
      good(),
    );
    const log = recordingLogger();
    const grader = graderFor(fake, { log });
    const first = await grader.grade(gradeRequest());
    expect(first.grader).toBe('llm');
    expect(fake.chatBodies).toHaveLength(2);
    const [rejected, retried] = fake.chatBodies;
    expect(rejected.response_format.type).toBe('json_schema');
    expect(retried.response_format).toEqual({ type: 'json_object' });
    // Same static prefix; the schema is appended at the very end of the user message.
    expect(systemMessage(retried)).toBe(systemMessage(rejected));
    expect(userMessage(retried).startsWith(userMessage(rejected))).toBe(true);
    const tail = userMessage(retried).slice(userMessage(rejected).length);
    expect(tail).toContain('Reply with one JSON object and nothing else');
    const schema = JSON.parse(tail.slice(tail.indexOf('{')));
    expect(schema.properties.criteria.items.properties.id.enum).toEqual(SCENARIO.criteria);
    expect(grader.compat.responseFormat).toBe('json_object');
    expect(log.lines.some((l) => l.msg === 'model server rejected a parameter; adapting')).toBe(true);

    const second = await grader.grade(gradeRequest());
    expect(second.grader).toBe('llm');
    expect(fake.chatBodies).toHaveLength(3);
    expect(fake.chatBodies[2].response_format).toEqual({ type: 'json_object' });
  });

  it('adapts once for concurrent calls that are all rejected', async () => {
    fake.otherwise((req) =>
      req.body.response_format.type === 'json_schema'
        ? { ...apiError(400, 'response_format json_schema is not supported'), delayMs: 30 }
        : good(),
    );
    const grader = graderFor(fake, { maxRetries: 0 });
    const results = await Promise.all([1, 2, 3].map(() => grader.grade(gradeRequest())));
    expect(results.map((r) => r.grader)).toEqual(['llm', 'llm', 'llm']);
    expect(fake.chatBodies.filter((b) => b.response_format.type === 'json_object')).toHaveLength(3);
  });

  it('re-validates json_object output with zod and retries what does not fit', async () => {
    fake.reply(apiError(400, 'json_schema response_format is not supported'));
    fake.reply(chatCompletion({ criteria: [{ id: 'tradeoff-judgment', score: 9 }] }), good());
    const result = await graderFor(fake).grade(gradeRequest());
    expect(fake.chatBodies).toHaveLength(3);
    expect(result.grader).toBe('llm');
  });

  it('stops sending temperature to a model that rejects it', async () => {
    fake.reply(
      apiError(400, "Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", {
        param: 'temperature',
      }),
      good(),
      good(),
    );
    const grader = graderFor(fake);
    await grader.grade(gradeRequest());
    await grader.grade(gradeRequest());
    expect(fake.chatBodies.map((b) => b.temperature)).toEqual([0, undefined, undefined]);
    expect(fake.chatBodies[1].response_format.type).toBe('json_schema');
  });
});

describe('concurrency', () => {
  it('keeps model calls within GRADER_MAX_CONCURRENCY', async () => {
    fake.otherwise(() => ({ ...good(), delayMs: 120 }));
    const grader = graderFor(fake, { maxConcurrency: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, () => grader.grade(gradeRequest())));
    expect(results.every((r) => r.grader === 'llm')).toBe(true);
    expect(fake.chatBodies).toHaveLength(6);
    expect(fake.maxInFlight).toBe(2);
  });

  it('grades offline as busy when no slot frees up in time, instead of queueing past the deadline', async () => {
    fake.otherwise(() => ({ ...good(), delayMs: 400 }));
    const grader = graderFor(fake, { maxConcurrency: 1, queueTimeoutMs: 100 });
    const [first, second] = await Promise.all([grader.grade(gradeRequest()), grader.grade(gradeRequest())]);
    expect(first.grader).toBe('llm');
    expectFallback(second, 'busy (no free model slot within 100 ms) after 1 attempt');
    expect(fake.chatBodies).toHaveLength(1);
  });
});
