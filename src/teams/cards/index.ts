/**
 * Walks the core's replies and says how each goes out on Teams: an Adaptive Card, or plain text
 * for one-line notices.
 */
import type { DailyNoticeReply } from '../../core/daily-messages';
import type { LeaderboardReply } from '../../core/leaderboard';
import type { CoachReply } from '../../core/replies';
import {
  categoriesCard,
  feedbackCard,
  leaderboardCard,
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

/** Everything the Teams adapter renders: the coach's replies and the leaderboard's. */
export type TeamsReply = CoachReply | LeaderboardReply | DailyNoticeReply;

export function renderReply(reply: TeamsReply): TeamsMessage {
  switch (reply.kind) {
    case 'leaderboard':
      return { kind: 'card', card: leaderboardCard(reply) };
    case 'daily-notice':
      return { kind: 'text', text: reply.text };
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

export function renderReplies(replies: TeamsReply[]): TeamsMessage[] {
  return replies.map(renderReply);
}
