/**
 * Chooses the grader from the configuration: offline unless an LLM is configured (see
 * Config.grader.effective).
 */
import type { Config } from '../config';
import type { Grader, Logger } from '../core/ports';
import { OfflineGrader } from './offline';

export function createGrader(config: Config, log: Logger): Grader {
  if (config.grader.effective === 'offline') return new OfflineGrader();
  log.warn({}, 'LLM grader not available in this build; grading offline');
  return new OfflineGrader();
}
