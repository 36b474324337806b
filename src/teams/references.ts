/**
 * Conversation references kept as plain ids in the Store's documents, so a durable store can
 * hold them and a scheduled job can post into a channel or a personal chat later. Teams needs
 * exactly these to continue a conversation: the service URL, the conversation id, the tenant and
 * the bot's own id.
 */
import type { Activity, ConversationReference } from '@microsoft/agents-activity';
import type { Store } from '../core/ports';

export type TeamsConversationType = 'personal' | 'channel' | 'groupChat';

/** A stored conversation reference: JSON-serialisable plain ids. */
export interface StoredReference {
  serviceUrl: string;
  conversationId: string;
  /** Entra tenant id (or "local" for the Emulator / Playground). */
  tenantId: string;
  /** Bot Framework channel id: "msteams", or "emulator" / "webchat" locally. */
  channelId: string;
  /** The bot's id in this conversation (Teams: "28:<app id>"). */
  botId: string;
  botName?: string;
  conversationType: TeamsConversationType;
  /** Team scope: the team's id and name (the id of its General channel). */
  teamId?: string;
  teamName?: string;
  /** Personal scope: who the chat is with. */
  userId?: string;
  userAadObjectId?: string;
  savedAt: number;
  /** Set when the bot was removed from the team or chat; the reference is kept for the record. */
  removedAt?: number;
}

export const REF_PREFIX = 'teams:ref:';
/** Installations in a team: one per team, pointing at the channel the app was added in. */
export const TEAM_REF_PREFIX = `${REF_PREFIX}team:`;
/** Other channels of a team, stored when an admin sets the daily prompt there (`daily set here`). */
export const CHANNEL_REF_PREFIX = `${REF_PREFIX}channel:`;

export function channelReferenceKey(conversationId: string): string {
  return `${CHANNEL_REF_PREFIX}${conversationId.split(';messageid=')[0]!}`;
}

/** Store key: one reference per team, group chat, or person. */
export function referenceKey(ref: Pick<StoredReference, 'conversationType' | 'teamId' | 'conversationId' | 'tenantId' | 'userId' | 'userAadObjectId'>): string {
  if (ref.conversationType === 'channel' && ref.teamId) return `${REF_PREFIX}team:${ref.teamId}`;
  if (ref.conversationType === 'personal') return `${REF_PREFIX}user:${personalKeyPart(ref.tenantId, ref.userAadObjectId ?? ref.userId ?? ref.conversationId)}`;
  return `${REF_PREFIX}conversation:${ref.conversationId}`;
}

/** Personal references are keyed like the core's person key: "teams:<tenant>:<user>". */
export function personalKeyPart(tenantId: string, userId: string): string {
  return `teams:${tenantId}:${userId}`;
}

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
}

/** The tenant an activity came from; "local" for the Emulator and Agents Playground. */
export function tenantOf(activity: Activity): string {
  const cd = (activity.channelData ?? {}) as TeamsChannelData;
  return activity.conversation?.tenantId ?? cd.tenant?.id ?? 'local';
}

export function conversationTypeOf(activity: Activity): TeamsConversationType {
  const t = activity.conversation?.conversationType;
  if (t === 'channel' || t === 'groupChat' || t === 'personal') return t;
  const cd = (activity.channelData ?? {}) as TeamsChannelData;
  if (cd.team?.id || cd.channel?.id) return 'channel';
  return activity.conversation?.isGroup ? 'groupChat' : 'personal';
}

/**
 * The reference to store for an activity's conversation. For a channel it points at the channel
 * itself (the thread suffix ";messageid=..." removed), so posts start new threads.
 */
export function referenceFromActivity(activity: Activity, savedAt: number): StoredReference {
  const cd = (activity.channelData ?? {}) as TeamsChannelData;
  const type = conversationTypeOf(activity);
  const ref: StoredReference = {
    serviceUrl: activity.serviceUrl ?? '',
    conversationId: (activity.conversation?.id ?? '').split(';messageid=')[0]!,
    tenantId: tenantOf(activity),
    channelId: activity.channelId ?? 'msteams',
    botId: activity.recipient?.id ?? '',
    conversationType: type,
    savedAt,
  };
  if (activity.recipient?.name) ref.botName = activity.recipient.name;
  if (type === 'channel') {
    const teamId = cd.team?.id ?? ref.conversationId;
    ref.teamId = teamId;
    if (cd.team?.name) ref.teamName = cd.team.name;
  }
  if (type === 'personal' && activity.from?.id) {
    ref.userId = activity.from.id;
    if (activity.from.aadObjectId) ref.userAadObjectId = activity.from.aadObjectId;
  }
  return ref;
}

/** Turns stored plain ids back into the SDK's ConversationReference. */
export function toConversationReference(ref: StoredReference): ConversationReference {
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    conversation: {
      id: ref.conversationId,
      tenantId: ref.tenantId === 'local' ? undefined : ref.tenantId,
      conversationType: ref.conversationType,
      isGroup: ref.conversationType !== 'personal',
    },
    agent: { id: ref.botId, name: ref.botName },
    ...(ref.userId ? { user: { id: ref.userId, aadObjectId: ref.userAadObjectId } } : {}),
  } as ConversationReference;
}

/**
 * The reference with the serviceUrl already stored for its conversation. Without authentication
 * anyone who reaches the endpoint can put any serviceUrl on an activity, and everything sent later
 * from the stored reference (idle-out feedback, private feedback, daily posts) would go to that
 * host. So an unauthenticated activity never moves a stored conversation: the serviceUrl it was
 * first stored (installed) with is kept until it is removed. With a client id the SDK checks the
 * activity's serviceUrl against its token's claim, and the caller passes the reference unchanged.
 * `keys` are where the conversation's reference may be stored, in order.
 */
export async function withStoredServiceUrl(store: Store, ref: StoredReference, keys: string[] = [referenceKey(ref)]): Promise<StoredReference> {
  for (const key of keys) {
    const old = await store.getDoc<StoredReference>(key);
    if (!old || old.removedAt || !old.serviceUrl) continue;
    return old.serviceUrl === ref.serviceUrl ? ref : { ...ref, serviceUrl: old.serviceUrl };
  }
  return ref;
}

/** Saves a reference; returns its key. Skips the write when nothing but the timestamp changed. */
export async function saveReference(store: Store, ref: StoredReference): Promise<string> {
  const key = referenceKey(ref);
  const old = await store.getDoc<StoredReference>(key);
  if (old && JSON.stringify({ ...old, savedAt: 0 }) === JSON.stringify({ ...ref, savedAt: 0 })) return key;
  await store.putDoc(key, ref);
  return key;
}

/** Saves a channel's own reference (see CHANNEL_REF_PREFIX); skips the write when unchanged. */
export async function saveChannelReference(store: Store, ref: StoredReference): Promise<string> {
  const key = channelReferenceKey(ref.conversationId);
  const old = await store.getDoc<StoredReference>(key);
  if (old && JSON.stringify({ ...old, savedAt: 0 }) === JSON.stringify({ ...ref, savedAt: 0 })) return key;
  await store.putDoc(key, ref);
  return key;
}

export async function listReferences(store: Store, type?: TeamsConversationType): Promise<{ key: string; value: StoredReference }[]> {
  const all = await store.listDocs<StoredReference>(REF_PREFIX);
  return type ? all.filter((d) => d.value.conversationType === type) : all;
}

/** Why a channel cannot be posted to. */
export class NoChannelReference extends Error {
  // No `code`: the daily service reports a post failure by code, else by this message, which
  // tells the admin what to do.
  override readonly name = 'NoChannelReference';
}

/**
 * The reference to post into a channel (a team channel's conversation id, "19:...@thread..."):
 * the one stored for that channel by `daily set here`, else the team installation made in it.
 * Throws NoChannelReference when neither is stored, or when the bot was removed from the team.
 */
export async function findChannelReference(store: Store, channelId: string): Promise<StoredReference> {
  const id = channelId.split(';messageid=')[0]!;
  const own = await store.getDoc<StoredReference>(channelReferenceKey(id));
  const installs = (await store.listDocs<StoredReference>(TEAM_REF_PREFIX)).map((d) => d.value);
  const install = own?.teamId ? installs.find((r) => r.teamId === own.teamId) : installs.find((r) => r.conversationId === id);
  if (install?.removedAt || own?.removedAt) throw new NoChannelReference(`FDE Coach was removed from the team of channel ${id}`);
  const ref = own ?? install;
  if (!ref) throw new NoChannelReference(`FDE Coach has no stored conversation for channel ${id}: add the app to its team`);
  return ref;
}
