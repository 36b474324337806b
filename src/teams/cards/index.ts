/**
 * Walks the core's replies and says how each goes out on Teams: an Adaptive Card, or plain text
 * for one-line notices.
 */
import type { DailyReply } from '../../core/daily';
import type { ProgressReply } from '../../core/leaderboard';
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
import { dailyPromptCard, dailyRecapCard, dailyRetryCard, dailySettingsCard, progressCard } from './daily-cards';
import type { AdaptiveCard } from './types';

export * from './coach-cards';
export * from './daily-cards';
export * from './types';
export { COMMANDS, label, LABELS, type LabelKey } from './labels';

/** One outgoing Teams message. */
export type TeamsMessage = { kind: 'card'; card: AdaptiveCard } | { kind: 'text'; text: string };

/** Everything the Teams adapter renders: the coach's, the daily service's and the leaderboard's replies. */
export type TeamsReply = DailyReply | ProgressReply;

export function renderReply(reply: TeamsReply): TeamsMessage {
  switch (reply.kind) {
    case 'leaderboard':
      return { kind: 'card', card: leaderboardCard(reply) };
    case 'daily-notice':
      return reply.retryable
        ? { kind: 'card', card: dailyRetryCard(reply) }
        : { kind: 'text', text: reply.text };
    case 'daily-settings':
      return { kind: 'card', card: dailySettingsCard(reply) };
    case 'daily-prompt':
      return { kind: 'card', card: dailyPromptCard(reply) };
    case 'daily-recap':
      return { kind: 'card', card: dailyRecapCard(reply) };
    case 'progress':
      return { kind: 'card', card: progressCard(reply) };
    case 'scenario':
      return { kind: 'card', card: scenarioCard(reply.scenario, reply.language) };
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

export function renderReplies(replies: readonly TeamsReply[]): TeamsMessage[] {
  return replies.map(renderReply);
}
