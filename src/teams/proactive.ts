/**
 * Messages the bot sends outside a request: a post into a team channel (the daily prompt), a
 * reply in a channel thread (the recap), a message to a person's personal chat (feedback on a channel answer, idle-out grading), opening
 * that personal chat first when none is stored. All go through the adapter's
 * continueConversation / createConversationAsync with the plain ids kept in the Store.
 */
import type { ConversationParameters } from '@microsoft/agents-activity';
import type { CloudAdapter, TurnContext } from '@microsoft/agents-hosting';
import type { Logger, Store } from '../core/ports';
import type { AdaptiveCard } from './cards/types';
import type { TeamsMessage } from './cards';
import { postNew } from './messages';
import { REF_PREFIX, saveReference, toConversationReference, type StoredReference } from './references';

/** Bot Framework's token audience for the Teams connector. */
const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';

/** A bot app id, or the claims of an identity (the SDK's JwtPayload). */
type BotIdentity = Parameters<CloudAdapter['continueConversation']>[0];

export interface ProactiveDeps {
  adapter: CloudAdapter;
  store: Store;
  log: Logger;
  /** The bot's client (app) id when authentication is configured. */
  clientId?: string;
  now?: () => number;
}

export type Proactive = ReturnType<typeof createProactive>;

export function createProactive(deps: ProactiveDeps) {
  const { adapter, store, log } = deps;
  const now = deps.now ?? Date.now;
  // With a client id the connector token is issued for it; without one (Emulator, Playground)
  // an identity with no audience makes the SDK call the local connector anonymously.
  const identity: BotIdentity = deps.clientId ?? {};

  /**
   * Runs `fn` in a turn continued from the stored reference. The adapter reports errors thrown
   * inside a turn to onTurnError and swallows them; here they reach the caller.
   */
  async function continueIn<T>(ref: StoredReference, fn: (ctx: TurnContext) => Promise<T>): Promise<T> {
    let result: T | undefined;
    let failure: unknown;
    await adapter.continueConversation(identity, toConversationReference(ref), async (ctx) => {
      try {
        result = await fn(ctx);
      } catch (err) {
        failure = err;
      }
    });
    if (failure) throw failure;
    return result as T;
  }

  /** Posts a card as a new message (a new thread) in a stored channel or chat; returns its id. */
  async function postToChannel(ref: StoredReference, card: AdaptiveCard): Promise<string> {
    const [id] = await continueIn(ref, (ctx) => postNew(adapter, ctx, [card]));
    log.info({ conversation: ref.conversationId, team: ref.teamId, activityId: id }, 'posted to channel');
    return id ?? '';
  }

  /**
   * Posts a card as a reply in the thread of message `rootId` of a stored channel: Teams names a
   * thread by the conversation id "<channel>;messageid=<root id>".
   */
  async function postInThread(ref: StoredReference, rootId: string, card: AdaptiveCard): Promise<string> {
    const thread: StoredReference = { ...ref, conversationId: `${ref.conversationId.split(';messageid=')[0]!};messageid=${rootId}` };
    const [id] = await continueIn(thread, (ctx) => postNew(adapter, ctx, [card]));
    log.info({ conversation: ref.conversationId, team: ref.teamId, thread: rootId, activityId: id }, 'posted in a channel thread');
    return id ?? '';
  }

  async function personalReference(personKey: string): Promise<StoredReference | undefined> {
    const ref = await store.getDoc<StoredReference & { removedAt?: number }>(`${REF_PREFIX}user:${personKey}`);
    return ref && !ref.removedAt ? ref : undefined;
  }

  /** Opens a personal chat with a user seen in a channel, stores its reference, and posts. */
  async function openPersonalChat(
    via: StoredReference,
    user: { id: string; aadObjectId?: string; name?: string },
    messages: TeamsMessage[],
  ): Promise<StoredReference> {
    const params = {
      isGroup: false,
      agent: { id: via.botId, name: via.botName },
      members: [{ id: user.id, name: user.name }],
      tenantId: via.tenantId === 'local' ? undefined : via.tenantId,
      channelData: via.tenantId === 'local' ? undefined : { tenant: { id: via.tenantId } },
    } as unknown as ConversationParameters;
    let created: StoredReference | undefined;
    let failure: unknown;
    await adapter.createConversationAsync(deps.clientId ?? '', via.channelId, via.serviceUrl, BOT_FRAMEWORK_AUDIENCE, params, async (ctx) => {
      try {
        created = {
          serviceUrl: via.serviceUrl,
          conversationId: ctx.activity.conversation!.id,
          tenantId: via.tenantId,
          channelId: via.channelId,
          botId: via.botId,
          ...(via.botName ? { botName: via.botName } : {}),
          conversationType: 'personal',
          userId: user.id,
          ...(user.aadObjectId ? { userAadObjectId: user.aadObjectId } : {}),
          savedAt: now(),
        };
        await postNew(adapter, ctx, messages);
      } catch (err) {
        failure = err;
      }
    });
    if (failure) throw failure;
    if (!created) throw new Error('the connector did not create a conversation');
    await saveReference(store, created);
    return created;
  }

  return {
    continueIn,
    postToChannel,
    postInThread,
    personalReference,
    openPersonalChat,

    /**
     * Sends messages to a person's personal chat: the stored one, or (given a reference to a
     * conversation the person is in, and their account) a newly opened one.
     */
    async sendToPerson(
      personKey: string,
      messages: TeamsMessage[],
      open?: { via: StoredReference; user: { id: string; aadObjectId?: string; name?: string } },
    ): Promise<void> {
      if (!messages.length) return;
      const ref = await personalReference(personKey);
      if (ref) {
        await continueIn(ref, (ctx) => postNew(adapter, ctx, messages));
        return;
      }
      if (!open) throw new Error(`no personal chat is stored for ${personKey}`);
      await openPersonalChat(open.via, open.user, messages);
    },
  };
}
