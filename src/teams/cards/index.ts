/**
 * Walks the core's replies and says how each goes out on Teams: an Adaptive Card, or plain text
 * for one-line notices.
 */
import type { CoachReply } from '../../core/replies';
import {
  categoriesCard,
  feedbackCard,
  probeCard,
  retryCard,
  scenarioCard,
  statsCard,
  summaryCard,
} from './coach-cards';
import type { AdaptiveCard } from './types';

export * from './coach-cards';
export * from './types';
export { COMMANDS, label, LABELS, type LabelKey } from './labels';

/** One outgoing Teams message. */
export type TeamsMessage = { kind: 'card'; card: AdaptiveCard } | { kind: 'text'; text: string };

export function renderReply(reply: CoachReply): TeamsMessage {
  switch (reply.kind) {
    case 'scenario':
      return { kind: 'card', card: scenarioCard(reply.scenario, reply.language, 'session') };
    case 'probe':
      return { kind: 'card', card: probeCard(reply) };
    case 'feedback':
      return { kind: 'card', card: feedbackCard(reply) };
    case 'summary':
      return { kind: 'card', card: summaryCard(reply) };
    case 'notice':
      return reply.retryable ? { kind: 'card', card: retryCard(reply) } : { kind: 'text', text: reply.text };
    case 'stats':
      return { kind: 'card', card: statsCard(reply) };
    case 'categories':
      return { kind: 'card', card: categoriesCard(reply) };
  }
}

export function renderReplies(replies: CoachReply[]): TeamsMessage[] {
  return replies.map(renderReply);
}
