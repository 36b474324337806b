/** Shared setup for the LLM grader tests: a grader pointed at the fake server, and a recording logger. */
import type { Logger } from '../../src/core/ports';
import { LlmGrader, type LlmGraderOptions } from '../../src/grading/llm';
import type { FakeOpenAI } from '../support/fake-openai';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg?: string;
}

export function recordingLogger(lines: LogLine[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at =
    (level: LogLine['level']) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj: { ...bindings, ...obj }, msg });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (b) => recordingLogger(lines, { ...bindings, ...b }),
  };
}

export function graderFor(fake: FakeOpenAI, opts: Partial<LlmGraderOptions> = {}): LlmGrader {
  return new LlmGrader({
    model: 'gpt-test-mini',
    apiKey: 'sk-test-key',
    baseURL: fake.baseURL,
    timeoutMs: 2_000,
    maxRetries: 2,
    maxConcurrency: 4,
    backoffMs: () => 0,
    ...opts,
  });
}

/** The user message of a recorded chat request. */
export function userMessage(body: { messages: { role: string; content: string }[] }): string {
  return body.messages.find((m) => m.role === 'user')!.content;
}

export function systemMessage(body: { messages: { role: string; content: string }[] }): string {
  return body.messages.find((m) => m.role === 'system')!.content;
}

export function nonceOf(body: { messages: { role: string; content: string }[] }): string {
  const m = /<<<ANSWER ([0-9a-f]+)>>>/.exec(userMessage(body));
  if (!m) throw new Error('no answer delimiter in the request');
  return m[1]!;
}
