/**
 * Messages in the DM (message.im): the person's answers, or a bare command word ("practice",
 * "retry"). Bot messages, edits and other subtypes, and the bot's own messages are ignored.
 * Retried deliveries are dropped earlier, by event_id (see middleware.ts).
 */
import type { App } from '@slack/bolt';
import type { SlackAdapter } from '../adapter';
import { parseDmCommand } from '../commands/parse';
import { infoReply, isSessionOp, sessionTurn } from '../flows';
import { renderFailure } from '../render';

/** The fields of a message event this listener reads (Slack's documented message.im shape). */
interface ImMessage {
  type: 'message';
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
}

/** Slack escapes &, < and > in message text; the coach grades what the person typed. */
export function unescapeMessageText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function registerMessages(app: App, a: SlackAdapter): void {
  app.event('message', async ({ event, body, context }) => {
    const e = event as unknown as ImMessage;
    if (e.channel_type !== 'im' || e.subtype !== undefined || e.bot_id || !e.user || typeof e.text !== 'string') return;
    if (e.user === context.botUserId) return;
    const person = a.person((body as { team_id?: string }).team_id, e.user);
    const logs = a.requestLog(person, { kind: 'message', eventId: (body as { event_id?: string }).event_id, retryNum: context.retryNum });
    a.rememberDm(e.user, e.channel);
    const text = unescapeMessageText(e.text);
    const work = async () => {
      const cmd = parseDmCommand(text, a.categoryIds);
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
