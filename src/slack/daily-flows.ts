/**
 * The daily prompt and the leaderboard on Slack, over the core's services (core.daily,
 * core.leaderboard): `/fde daily ...` with the admin check, answers from a prompt's thread or
 * from the "Answer privately" modal (graded privately, feedback in the person's DM, a reaction
 * on the thread reply as receipt), Retry for a kept answer, and `/fde leaderboard`.
 */
import { parseDailyCommand, type DailyPostRef, type DailyReply } from '../core/daily';
import { teamKey, type Person } from '../core/ports';
import type { RequestLogs, SlackAdapter } from './adapter';
import { slackRef } from './daily-publisher';
import {
  postFailureHint,
  renderDailyGrading,
  renderLeaderboard,
  renderLeaderboardMe,
  renderReply,
  type SlackMessage,
} from './render';
import { sections } from './render/blocks';

/** The reaction that tells someone their thread reply was taken as their answer. */
export const RECEIPT_REACTION = 'white_check_mark';

/** Subcommands that change the setting or post: they need an admin. */
const ADMIN_KINDS = new Set(['set', 'on', 'off', 'now']);

export function isDailyRetry(args: string): boolean {
  return parseDailyCommand(args).kind === 'retry';
}

/**
 * `/fde daily [set|now|off|on]`: the core decides, after the admin check for the subcommands that
 * change something. Admins are workspace admins and owners (users.info) plus the user ids in
 * FDE_ADMINS; anyone else gets the core's refusal and nothing changes. Returns the messages for
 * the person (sent ephemerally where they typed the command). `retry` is not handled here: its
 * feedback belongs in the DM (dailyRetry).
 */
export async function dailyCommandReplies(
  a: SlackAdapter,
  person: Person,
  args: string,
  channelId: string | undefined,
  logs: RequestLogs,
): Promise<SlackMessage[]> {
  const cmd = parseDailyCommand(args, { currentChannelId: channelId });
  let isAdmin = false;
  if (ADMIN_KINDS.has(cmd.kind)) {
    // FDE_ADMINS needs no Web API call; everyone else is asked about afresh.
    isAdmin = await a.isAdmin(person.userId);
    if (!isAdmin) logs.log.info({ command: cmd.kind }, 'daily command refused: not an admin');
  }
  const lang = await a.languageOf(person);
  const replies = await a.core.daily.command(person, args, {
    isAdmin,
    language: lang,
    channelId,
    publisher: a.dailyPublisher,
    log: logs.coachLog,
  });
  logs.log.info({ command: cmd.kind, admin: isAdmin, replies: replies.map((r) => (r.kind === 'daily-notice' ? `notice:${r.code}` : r.kind)) }, 'daily command');
  const out: SlackMessage[] = [];
  for (const r of replies) {
    out.push(...renderReply(r, a.render));
    if (r.kind !== 'daily-notice' || r.code !== 'daily-post-failed') continue;
    // A post that failed because the app is not in the channel: say how to fix it.
    const settings = await a.core.daily.getSettings(teamKey(person));
    const hint = settings && postFailureHint(r.language, r.text, settings.channelId);
    if (hint) out.push({ text: hint, blocks: sections([`:information_source: ${hint}`]) });
  }
  return out;
}

/** Where a daily answer came from. */
export type DailyAnswerSource =
  /** A reply (ts) in the thread of the prompt posted at threadTs in channel. */
  | { kind: 'thread'; channel: string; ts: string; threadTs: string; day: string }
  /** The "Answer privately" modal for the prompt of day. */
  | { kind: 'modal'; day: string };

/**
 * Grades one daily answer privately: the first answer per person per prompt is graded by
 * core.daily.answerDaily; "grading..." appears in the person's DM and turns into the feedback;
 * a thread reply gets a reaction once it is taken. Nothing about the grade goes to the channel.
 * A later answer gets the core's note in the DM, not graded. Serialised per person, so the DM
 * reads in order.
 */
export function dailyAnswer(
  a: SlackAdapter,
  person: Person,
  source: DailyAnswerSource,
  text: string,
  logs: RequestLogs,
): Promise<DailyReply[]> {
  return a.serial(person, async () => {
    const started = Date.now();
    const ref: DailyPostRef = source.kind === 'thread' ? { message: slackRef(source.channel, source.threadTs) } : { day: source.day };
    const named = await a.withName(person);
    const lang = await a.languageOf(person, text);
    const dm = await a.dmChannel(person.userId);
    let placeholderTs: string | undefined;
    const onGrading = async () => {
      const receipt = source.kind === 'thread' ? a.react(source.channel, source.ts, RECEIPT_REACTION) : Promise.resolve();
      const placeholder = a.post(dm, renderDailyGrading(lang, source.day)).then((ts) => {
        placeholderTs = ts;
      });
      await Promise.all([receipt, placeholder]);
    };
    const replies = await a.core.daily.answerDaily(named, ref, text, { onGrading, log: logs.coachLog });
    await a.send(dm, replies, placeholderTs);
    logs.log.info(
      { source: source.kind, day: source.day, replies: replies.map((r) => (r.kind === 'daily-notice' ? `notice:${r.code}` : r.kind)), ms: Date.now() - started },
      'daily answer done',
    );
    return replies;
  });
}

/**
 * Grades again the person's kept daily answers (core.daily.retryDaily). With replaceTs (the
 * message whose Retry was clicked), "grading again..." and the result replace it. Resolves with
 * whether that message was replaced.
 */
export function dailyRetry(a: SlackAdapter, person: Person, dm: string, logs: RequestLogs, replaceTs?: string): Promise<boolean> {
  return a.serial(person, async () => {
    const lang = await a.languageOf(person);
    const named = await a.withName(person);
    let placeholderTs: string | undefined;
    let shown = false;
    // Several kept answers grade one after the other; one "grading again..." covers them all.
    const onGrading = async () => {
      if (shown) return;
      shown = true;
      if (replaceTs && (await a.update(dm, replaceTs, renderDailyGrading(lang, '', true)))) placeholderTs = replaceTs;
      else placeholderTs = await a.post(dm, renderDailyGrading(lang, '', true));
    };
    const replies = await a.core.daily.retryDaily(named, undefined, { onGrading, log: logs.coachLog });
    await a.send(dm, replies, placeholderTs);
    logs.log.info({ replies: replies.map((r) => (r.kind === 'daily-notice' ? `notice:${r.code}` : r.kind)) }, 'daily retry done');
    return placeholderTs !== undefined && placeholderTs === replaceTs;
  });
}

/** What `/fde leaderboard` sends: the board for the channel, and a line for the asker alone. */
export interface LeaderboardOutput {
  /** Shown in the channel where the command was typed (response_type in_channel). */
  inChannel: SlackMessage[];
  /** Shown to the asker only. */
  ephemeral: SlackMessage[];
}

/**
 * `/fde leaderboard [week|all|optout|optin|rules]`. The board names people with mentions and
 * goes to the channel; the asker's own line (when they are not on the board shown), opt-out
 * confirmations and the rules go to the asker alone.
 */
export async function leaderboardCommand(a: SlackAdapter, person: Person, args: string, logs: RequestLogs): Promise<LeaderboardOutput> {
  const lang = await a.languageOf(person);
  const named = await a.withName(person);
  const replies = await a.core.leaderboard.command(named, args, lang);
  const out: LeaderboardOutput = { inChannel: [], ephemeral: [] };
  for (const r of replies) {
    if (r.kind === 'leaderboard') {
      out.inChannel.push(renderLeaderboard(r, 'mention'));
      const me = renderLeaderboardMe(r);
      if (me && r.me && !r.me.inTop) out.ephemeral.push(me);
    } else out.ephemeral.push(...renderReply(r, a.render));
  }
  logs.log.info({ command: 'leaderboard', replies: replies.map((r) => (r.kind === 'daily-notice' ? `notice:${r.code}` : r.kind)) }, 'leaderboard command');
  return out;
}
