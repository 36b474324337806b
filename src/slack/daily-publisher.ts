/**
 * The daily prompt's DailyPublisher for Slack: what the scheduler (main.ts) and `/fde daily now`
 * post through. The prompt goes to the configured channel with chat.postMessage and is named by
 * its MessageRef { channel, ts } (the ts is also the thread's id, so thread replies find it);
 * the recap goes in the previous prompt's thread; the weekly board goes to the daily channel.
 *
 * A failed Web API call throws an Error whose code is Slack's error (not_in_channel...), so the
 * daily service records a reason an admin can act on, and the scheduler tries again.
 */
import type { DailyPublisher, MessageRef } from '../core/daily';
import type { Logger } from '../core/ports';
import type { SlackAdapter } from './adapter';
import { renderDailyPrompt, renderDailyRecap, renderLeaderboard, type SlackMessage } from './render';

/** The core's name for a Slack post. */
export function slackRef(channel: string, ts: string): MessageRef {
  return { channel, ts };
}

/** An Error carrying Slack's error code (e.g. not_in_channel) as `code`. */
export class SlackPostError extends Error {
  constructor(
    readonly code: string,
    method: string,
  ) {
    super(`${method} failed: ${code}`);
    this.name = 'SlackPostError';
  }
}

function slackCode(err: unknown): string {
  const e = err as { data?: { error?: string }; code?: string; message?: string };
  return e.data?.error ?? e.code ?? e.message ?? 'post failed';
}

export function createSlackDailyPublisher(a: SlackAdapter, log: Logger = a.log): DailyPublisher {
  const post = async (channel: string, msg: SlackMessage, threadTs?: string) => {
    try {
      return await a.client.chat.postMessage({
        channel,
        text: msg.text,
        blocks: msg.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
    } catch (err) {
      throw new SlackPostError(slackCode(err), 'chat.postMessage');
    }
  };

  return {
    async post(settings, prompt, day) {
      const res = await post(settings.channelId, renderDailyPrompt(prompt));
      // Slack always returns ts with ok: true. Without one, thread answers cannot be matched to the
      // post, but throwing would make the scheduler post the prompt a second time.
      if (!res.ts) log.error({ team: settings.teamKey, day }, 'chat.postMessage returned no ts for the daily prompt; thread answers cannot be matched');
      return slackRef(res.channel ?? settings.channelId, res.ts ?? '');
    },

    async recap(settings, previous, recap) {
      const ts = previous.message?.ts;
      if (!ts) {
        log.warn({ team: settings.teamKey, day: previous.day }, 'no ts for the previous prompt; recap skipped');
        return;
      }
      await post(previous.message?.channel ?? previous.channelId, renderDailyRecap(recap), ts);
    },

    async leaderboard(settings, board) {
      await post(settings.channelId, renderLeaderboard(board, 'name'));
    },
  };
}
