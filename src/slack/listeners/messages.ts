/**
 * Message events.
 * - In the DM (message.im): the person's answers, or a bare command word ("practice", "retry",
 *   "leaderboard", "daily retry").
 * - In channels (message.channels, message.groups): a reply in the thread of a posted daily
 *   prompt is an answer to it, graded privately (feedback in the DM, a reaction as receipt).
 *   Short asides that do not mention the app are conversation and left alone; so is everything
 *   outside a daily prompt's thread.
 * Bot messages, edits and other subtypes, and the bot's own messages are ignored. Retried
 * deliveries are dropped earlier, by event_id (see middleware.ts).
 */
import type { App } from '@slack/bolt';
import { teamKey } from '../../core/ports';
import type { SlackAdapter } from '../adapter';
import { parseDmCommand } from '../commands/parse';
import { isThreadAnswer } from '../../core/daily';
import { dailyAnswer, dailyCommandReplies, dailyRetry, isDailyRetry } from '../daily-flows';
import { slackRef } from '../daily-publisher';
import { infoReply, isDailyCommand, isSessionOp, sessionTurn } from '../flows';
import { renderFailure, renderReply } from '../render';

/** The fields of a message event this listener reads (Slack's documented message shapes). */
interface SlackMessageEvent {
  type: 'message';
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  /** On a thread reply: who wrote the thread's parent message. */
  parent_user_id?: string;
}

/** Slack escapes &, < and > in message text; the coach grades what the person typed. */
export function unescapeMessageText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A reply in a thread (not the thread's parent), typed by a person. */
function isThreadReply(e: SlackMessageEvent): e is SlackMessageEvent & { thread_ts: string; user: string; text: string } {
  // thread_broadcast: a reply also sent to the channel; still a reply in the thread.
  const subtypeOk = e.subtype === undefined || e.subtype === 'thread_broadcast';
  return subtypeOk && !e.bot_id && Boolean(e.user) && typeof e.text === 'string' && Boolean(e.thread_ts) && e.thread_ts !== e.ts;
}

export function registerMessages(app: App, a: SlackAdapter): void {
  app.event('message', async ({ event, body, context }) => {
    const e = event as unknown as SlackMessageEvent;
    if (e.channel_type === 'channel' || e.channel_type === 'group') {
      if (!isThreadReply(e) || e.user === context.botUserId) return;
      // Prompts are the app's own messages: a thread someone else started needs no lookup.
      if (e.parent_user_id && context.botUserId && e.parent_user_id !== context.botUserId) return;
      const mention = context.botUserId ? `<@${context.botUserId}>` : undefined;
      const mentioned = mention !== undefined && e.text.includes(mention);
      const text = unescapeMessageText(mention ? e.text.split(mention).join(' ') : e.text).trim();
      // Conversation in the thread ("nice one!") is not an answer; it would use up the person's one.
      if (!isThreadAnswer(text, mentioned)) return;
      const person = a.person((body as { team_id?: string }).team_id, e.user);
      const logs = a.requestLog(person, { kind: 'thread-reply', eventId: (body as { event_id?: string }).event_id, retryNum: context.retryNum });
      const threadTs = e.thread_ts;
      const work = async () => {
        const post = await a.core.daily.findPost(teamKey(person), { message: slackRef(e.channel, threadTs) });
        if (post?.status !== 'posted') return; // a thread that is not a daily prompt's
        logs.log.info({ chars: text.length, day: post.day }, 'daily thread answer received');
        await dailyAnswer(a, person, { kind: 'thread', channel: e.channel, ts: e.ts, threadTs, day: post.day }, text, logs);
      };
      await a.afterAck(() =>
        work().catch(async (err: unknown) => {
          // The core stored the answer before grading; the person hears about the failure privately.
          logs.log.error({ err }, 'handling a daily thread answer failed');
          const lang = await a.languageOf(person).catch(() => 'en' as const);
          const dm = await a.dmChannel(e.user).catch(() => undefined);
          if (dm) await a.post(dm, renderFailure(lang)).catch((e2: unknown) => logs.log.error({ err: e2 }, 'could not tell the person about the failure'));
        }),
      );
      return;
    }

    if (e.channel_type !== 'im' || e.subtype !== undefined || e.bot_id || !e.user || typeof e.text !== 'string') return;
    if (e.user === context.botUserId) return;
    const user = e.user;
    const person = a.person((body as { team_id?: string }).team_id, user);
    const logs = a.requestLog(person, { kind: 'message', eventId: (body as { event_id?: string }).event_id, retryNum: context.retryNum });
    a.rememberDm(user, e.channel);
    const text = unescapeMessageText(e.text);
    const work = async () => {
      const cmd = parseDmCommand(text, a.categoryIds);
      if (cmd && isDailyCommand(cmd)) {
        logs.log.info({ command: cmd.kind }, 'dm command');
        if (cmd.kind === 'daily' && isDailyRetry(cmd.args)) {
          await dailyRetry(a, person, e.channel, logs);
          return;
        }
        const messages =
          cmd.kind === 'daily'
            ? await dailyCommandReplies(a, person, cmd.args, e.channel, logs)
            : // In the DM the board names people without mentions, with the person's own line.
              (await a.core.leaderboard.command(await a.withName(person), cmd.args, await a.languageOf(person))).flatMap((r) => renderReply(r, a.render));
        for (const m of messages) await a.post(e.channel, m);
        return;
      }
      if (cmd && !isSessionOp(cmd)) {
        logs.log.info({ command: cmd.kind }, 'dm command');
        for (const m of await infoReply(a, person, cmd)) await a.post(e.channel, m);
        return;
      }
      if (cmd && isSessionOp(cmd)) logs.log.info({ command: cmd.kind }, 'dm command');
      else logs.log.info({ chars: text.length }, 'answer received');
      await sessionTurn(a, person, e.channel, cmd && isSessionOp(cmd) ? cmd : { kind: 'answer', text }, logs);
    };
    await a.afterAck(() =>
      work().catch(async (err: unknown) => {
        logs.log.error({ err }, 'handling a DM failed');
        const lang = await a.languageOf(person).catch(() => 'en' as const);
        await a.post(e.channel, renderFailure(lang)).catch((e2: unknown) => logs.log.error({ err: e2 }, 'could not tell the person about the failure'));
      }),
    );
  });
}
