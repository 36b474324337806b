/**
 * Action ids of the buttons the Slack renderers put on messages, shared with the listeners that
 * handle them. Ids within one actions block must differ, so "start" buttons carry a suffix and
 * are matched by prefix.
 */
export const ACTION = {
  /** Skip the scenario (before an answer) or grade what was said (during a follow-up). Value: session id. */
  skip: 'fde_skip',
  /** End the session; an answer already given is graded, a failed one discarded. Value: session id or "". */
  end: 'fde_end',
  /** Grade again an answer whose grading failed. */
  retry: 'fde_retry',
  /** Start a scenario. Value: JSON {category?, difficulty?}. Id: fde_start_<suffix>. */
  startPrefix: 'fde_start',
  /** "Answer privately" on a daily prompt: opens the answer modal. Value: the prompt's day (YYYY-MM-DD). */
  dailyAnswer: 'fde_daily_answer',
  /** Grade again the person's daily answers whose grading failed (core.daily.retryDaily). Value: day or "". */
  dailyRetry: 'fde_daily_retry',
} as const;

/** The daily answer modal: its callback id, and the input's block and action ids. */
export const DAILY_MODAL = {
  callbackId: 'fde_daily_answer_modal',
  blockId: 'daily_answer',
  actionId: 'answer',
} as const;

export const START_ACTION = /^fde_start(_[\w-]+)?$/;

/** What a start button's value carries. */
export interface StartValue {
  category?: string;
  difficulty?: string;
}

export function startValue(v: StartValue): string {
  return JSON.stringify(v);
}

export function parseStartValue(value: string | undefined): StartValue {
  if (!value) return {};
  try {
    const v = JSON.parse(value) as unknown;
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return {
        category: typeof o.category === 'string' ? o.category : undefined,
        difficulty: typeof o.difficulty === 'string' ? o.difficulty : undefined,
      };
    }
  } catch {
    // A value from an older message format: treat as "any".
  }
  return {};
}
