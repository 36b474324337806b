/**
 * Outgoing Teams activities: a card or a line of text, sent as a reply in the current turn, as
 * an update of an earlier message (the "grading..." placeholder), or as a new post in a stored
 * conversation.
 */
import { Activity, type ConversationReference } from '@microsoft/agents-activity';
import { CardFactory, MessageFactory, type CloudAdapter, type ConnectorClient, type TurnContext } from '@microsoft/agents-hosting';
import type { AdaptiveCard } from './cards/types';
import type { TeamsMessage } from './cards';

export function toActivity(msg: TeamsMessage | AdaptiveCard): Activity {
  const m: TeamsMessage = 'kind' in msg ? msg : { kind: 'card', card: msg };
  if (m.kind === 'text') return MessageFactory.text(m.text);
  const a = MessageFactory.attachment(CardFactory.adaptiveCard(m.card));
  // Shown in notifications and the chat list, where a card has no text of its own.
  if (m.card.fallbackText) a.summary = m.card.fallbackText.slice(0, 200);
  return a;
}

/** Sends messages in order as replies in the current turn; returns the sent ids. */
export async function reply(ctx: TurnContext, messages: TeamsMessage[]): Promise<string[]> {
  const ids: string[] = [];
  for (const m of messages) {
    const r = await ctx.sendActivity(toActivity(m));
    ids.push(r?.id ?? '');
  }
  return ids;
}

/**
 * Replaces the message `placeholderId` with the first message and sends the rest. If the
 * update fails (the placeholder was deleted, or the channel cannot update), sends it anew.
 */
export async function replaceThenReply(ctx: TurnContext, placeholderId: string | undefined, messages: TeamsMessage[], onUpdateError?: (err: unknown) => void): Promise<void> {
  let rest = messages;
  if (placeholderId && messages.length) {
    const updated = toActivity(messages[0]!);
    updated.id = placeholderId;
    try {
      await ctx.updateActivity(updated);
      rest = messages.slice(1);
    } catch (err) {
      onUpdateError?.(err);
    }
  }
  await reply(ctx, rest);
}

/**
 * Posts activities as new messages in the context's conversation (a new thread in a channel),
 * not as replies to the continuation activity that a proactive turn carries.
 */
export async function postNew(adapter: CloudAdapter, ctx: TurnContext, messages: (TeamsMessage | AdaptiveCard)[]): Promise<string[]> {
  const client = ctx.turnState.get<ConnectorClient>(adapter.ConnectorClientKey);
  const ref: ConversationReference = ctx.activity.getConversationReference();
  const ids: string[] = [];
  for (const m of messages) {
    const a = toActivity(m).applyConversationReference(ref);
    delete a.replyToId;
    const r = await client.sendToConversation(ref.conversation.id, Activity.fromObject(a));
    ids.push(r?.id ?? '');
  }
  return ids;
}
