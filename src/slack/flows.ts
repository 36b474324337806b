/**
 * The few things a person can do, shared by slash commands, DM keywords, buttons and the Home
 * tab: a session turn (runs in the DM, with "grading..." updated in place), or an informational
 * reply (help, categories, stats, language).
 */
import { personKey, type Person } from '../core/ports';
import type { CoachReply } from '../core/replies';
import type { CategoryId, Difficulty } from '../core/types';
import type { RequestLogs, SlackAdapter } from './adapter';
import type { SlackCommand } from './commands/parse';
import { settleButtons } from './live-buttons';
import { renderGrading, renderHelp, renderReply, type SlackMessage } from './render';

/** A turn that changes the session; always answered in the person's DM. */
export type SessionOp =
  | { kind: 'practice'; category?: CategoryId; difficulty?: Difficulty }
  | { kind: 'answer'; text: string }
  | { kind: 'skip' }
  | { kind: 'stop' }
  | { kind: 'retry' };

export type InfoCommand = Extract<SlackCommand, { kind: 'help' | 'categories' | 'stats' | 'lang' }>;

/** Commands handled by daily-flows.ts (the daily prompt, the leaderboard). */
export type DailySlackCommand = Extract<SlackCommand, { kind: 'daily' | 'leaderboard' }>;

export function isDailyCommand(cmd: SlackCommand): cmd is DailySlackCommand {
  return cmd.kind === 'daily' || cmd.kind === 'leaderboard';
}

export function isSessionOp(cmd: SlackCommand): cmd is Extract<SlackCommand, SessionOp> {
  return cmd.kind === 'practice' || cmd.kind === 'skip' || cmd.kind === 'stop' || cmd.kind === 'retry';
}

export interface TurnOptions {
  /** The message a Retry button was clicked on: "grading again..." and the result replace it. */
  replaceTs?: string;
  /**
   * The session a button belongs to. Checked inside the person's queue, so a double click on
   * Skip skips once: the second click finds a newer session and the turn does nothing.
   */
  expectSessionId?: string;
  /** The message whose button started this turn, already updated by the click handler. */
  clickedTs?: string;
}

/**
 * Runs one session turn for the person and sends the replies to the DM. Serialised per person so
 * replies arrive in order even when messages arrive together. Resolves with the core's replies,
 * or undefined when the turn was for a session that is no longer the current one.
 */
export function sessionTurn(
  a: SlackAdapter,
  person: Person,
  dm: string,
  op: SessionOp,
  logs: RequestLogs,
  opts: TurnOptions = {},
): Promise<CoachReply[] | undefined> {
  return a.serial(person, async () => {
    const started = Date.now();
    const { coach } = a.core;
    if (opts.expectSessionId !== undefined) {
      const current = await a.core.store.getSession(personKey(person));
      if (current?.id !== opts.expectSessionId) {
        logs.log.info({ op: op.kind, clicked: opts.expectSessionId, current: current?.id }, 'stale button');
        return undefined;
      }
    }
    const lang = await a.languageOf(person, op.kind === 'answer' ? op.text : undefined);
    let placeholderTs: string | undefined;
    const onGrading = async () => {
      if (opts.replaceTs && (await a.update(dm, opts.replaceTs, renderGrading(lang, true)))) placeholderTs = opts.replaceTs;
      else placeholderTs = await a.post(dm, renderGrading(lang));
    };
    const turn = { onGrading, log: logs.coachLog };
    const named = await a.withName(person);
    let replies: CoachReply[];
    switch (op.kind) {
      case 'practice':
        replies = await coach.start(named, { category: op.category, difficulty: op.difficulty }, logs.coachLog);
        break;
      case 'answer':
        replies = await coach.answer(named, op.text, turn);
        break;
      case 'skip':
        replies = await coach.skip(named, turn);
        break;
      case 'stop':
        replies = await coach.stop(named, turn);
        break;
      case 'retry':
        replies = await coach.retry(named, turn);
        break;
    }
    // Old buttons go once they stop meaning anything (a new scenario, a follow-up, a grade, the end).
    await settleButtons(a, person, dm, await a.send(dm, replies, placeholderTs), opts.clickedTs);
    const sessionId = replies.map((r) => ('sessionId' in r ? r.sessionId : undefined)).find(Boolean);
    logs.log.info({ op: op.kind, sessionId, replies: replies.map((r) => (r.kind === 'notice' ? `notice:${r.code}` : r.kind)), ms: Date.now() - started }, 'turn done');
    return replies;
  });
}

/** Help, categories, stats and language: answered where they were asked. */
export async function infoReply(a: SlackAdapter, person: Person, cmd: InfoCommand): Promise<SlackMessage[]> {
  const { coach } = a.core;
  const lang = await a.languageOf(person);
  const render = (replies: CoachReply[]) => replies.flatMap((r) => renderReply(r, a.render));
  switch (cmd.kind) {
    case 'help':
      return renderHelp(lang, cmd.problem);
    case 'categories':
      return render(coach.categories(lang));
    case 'stats': {
      const replies = await coach.stats(person, lang);
      // Admins also see what grading costs: tokens, latency and fallbacks (issue: cost and speed).
      if (await a.isAdmin(person.userId)) replies.push(await coach.usageReport(lang));
      return render(replies);
    }
    case 'lang':
      return render(await coach.setLanguage(person, cmd.language));
  }
}
