/**
 * The daily prompt on Teams, over the core's daily service (core.daily): the DailyPublisher that
 * the scheduler and `daily now` post through, the MessageRef that names a posted prompt (plain
 * ids: the channel's conversation id and the post's activity id, which is also the id of its
 * thread), who counts as an admin, and the Teams-specific hints around the core's messages.
 */
import type { Activity } from '@microsoft/agents-activity';
import { isDailyAdmin, type DailyPublisher, type DailyReply, type MessageRef } from '../core/daily';
import type { Logger, Store } from '../core/ports';
import { dailyPromptCard, dailyRecapCard, label, leaderboardCard } from './cards';
import type { Language } from '../core/types';
import type { Proactive } from './proactive';
import { findChannelReference } from './references';

/** The core's name for a Teams post: which channel, which message (= which thread). */
export function postRef(conversationId: string, activityId: string): MessageRef {
  return { conversationId: baseConversationId(conversationId), activityId };
}

/** A channel's conversation id without the thread suffix ";messageid=...". */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

/**
 * Admins in Teams are the people listed in FDE_ADMINS (config.admins), by Entra object id or by
 * Teams user id ("29:..."). Teams sends no workspace-admin flag with a message, and asking Graph
 * for directory roles would need an extra permission for every command.
 */
export function isTeamsDailyAdmin(activity: Activity, admins: readonly string[]): boolean {
  const ids = [activity.from?.aadObjectId, activity.from?.id].filter((x): x is string => Boolean(x));
  return ids.some((id) => isDailyAdmin(id, false, admins));
}

/** Notices whose advice is written for Slack's `#channel` picker get the Teams way added. */
const CHANNEL_HINT_CODES = new Set(['daily-usage', 'daily-unknown', 'daily-missing-channel', 'daily-bad-channel', 'daily-show-none']);

/** The core's replies to `daily ...`, with a Teams line added where the core's advice differs. */
export function withTeamsHints<T extends DailyReply>(replies: readonly T[]): T[] {
  return replies.map((r) => {
    if (r.kind !== 'daily-notice') return r;
    const hint = CHANNEL_HINT_CODES.has(r.code)
      ? label(r.language, 'dailyChannelHint')
      : r.code === 'daily-not-admin'
        ? label(r.language, 'dailyAdminsTeams')
        : undefined;
    return hint ? { ...r, text: `${r.text}\n\n${hint}` } : r;
  });
}

/** The hint shown when a daily setting names a channel the bot cannot post to yet. */
export async function unreachableChannelHint(store: Store, channelId: string, lang: Language): Promise<string | undefined> {
  try {
    await findChannelReference(store, channelId);
    return undefined;
  } catch {
    return label(lang, 'dailyNoReference', { channel: channelId });
  }
}

export interface TeamsDailyPublisherDeps {
  store: Store;
  proactive: Pick<Proactive, 'postToChannel' | 'postInThread'>;
  log: Logger;
}

/**
 * Posts into the channel named by settings.channelId, through the conversation reference stored
 * on install (or by `daily set here`). A missing reference throws, so the daily service records
 * the post as failed with the reason and the scheduler tries again.
 */
export function createTeamsDailyPublisher(deps: TeamsDailyPublisherDeps): DailyPublisher {
  const { store, proactive, log } = deps;
  return {
    async post(settings, prompt, day) {
      const ref = await findChannelReference(store, settings.channelId);
      const id = await proactive.postToChannel(ref, dailyPromptCard(prompt));
      // The connector always returns an id; without one, thread answers cannot be matched to the
      // post, but throwing would make the scheduler post the prompt a second time.
      if (!id) log.error({ team: settings.teamKey, day }, 'the connector returned no id for the daily prompt; thread answers cannot be matched');
      return postRef(ref.conversationId, id);
    },

    async recap(settings, previous, recap) {
      const message = previous.message;
      if (!message?.activityId) {
        log.warn({ team: settings.teamKey, day: previous.day }, 'no message id for the previous prompt; recap skipped');
        return;
      }
      const ref = await findChannelReference(store, message.conversationId ?? previous.channelId);
      await proactive.postInThread(ref, message.activityId, dailyRecapCard(recap));
    },

    async leaderboard(settings, board) {
      const ref = await findChannelReference(store, settings.channelId);
      await proactive.postToChannel(ref, leaderboardCard(board));
    },
  };
}
