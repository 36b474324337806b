/**
 * Chooses the grader from the configuration: the LLM grader when one is configured (see
 * Config.grader.effective), with the offline grader as its fallback; otherwise offline.
 */
import type { Config } from '../config';
import type { Grader, Logger } from '../core/ports';
import { LlmGrader, llmOptionsFromConfig, type LlmGraderOptions } from './llm';
import { OfflineGrader } from './offline';

export { LlmGrader, llmOptionsFromConfig } from './llm';
export type { LlmGraderOptions } from './llm';
export { OfflineGrader } from './offline';

/**
 * The configured grader. `overrides` adjusts the LLM grader (tests pass a short backoff, a fake
 * clock or a nonce source); it is ignored for the offline grader.
 */
export function createGrader(config: Config, log: Logger, overrides: Partial<LlmGraderOptions> = {}): Grader {
  if (config.grader.effective === 'offline') return new OfflineGrader();
  const options: LlmGraderOptions = {
    ...llmOptionsFromConfig(config.grader),
    log,
    fallback: new OfflineGrader(),
    ...overrides,
  };
  log.info(
    {
      model: options.model,
      baseURL: options.baseURL ?? 'https://api.openai.com/v1',
      timeoutMs: options.timeoutMs,
      maxRetries: options.maxRetries,
      maxConcurrency: options.maxConcurrency,
    },
    'grading with the LLM grader (offline grader as fallback)',
  );
  return new LlmGrader(options);
}
