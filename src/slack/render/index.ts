/**
 * CoachReply and the daily feature's replies -> Block Kit. Every reply becomes one or more
 * messages (more only when Block Kit's 50-block limit would be exceeded); all user and grader
 * text is escaped.
 */
import type { DailyReply } from '../../core/daily';
import type { SlackMessage } from './blocks';
import type { RenderContext } from './context';
import { renderDailyNotice, renderDailyPrompt, renderDailyRecap, renderDailySettings } from './daily';
import { renderFeedback } from './feedback';
import { renderLeaderboard, renderLeaderboardMe } from './leaderboard';
import { renderNotice } from './notice';
import { renderProbe, renderScenario } from './scenario';
import { renderCategories, renderStats } from './stats';
import { renderSummary } from './summary';

export type { Block, SlackMessage } from './blocks';
export { LIMITS } from './blocks';
export type { RenderContext } from './context';
export { plainContext } from './context';
export { escapeMrkdwn } from './mrkdwn';
export * from './misc';
export * from './daily';
export { boardLines, personLabel, renderLeaderboard, renderLeaderboardMe, type NameStyle } from './leaderboard';
export { capBlocks, renderProgressHome, type HomeView } from './home';

/**
 * Renders one reply for a person (a DM, an ephemeral answer). A leaderboard rendered here names
 * people without mentions and includes the person's own line; `/fde leaderboard` in a channel
 * uses renderLeaderboard with mentions instead.
 */
export function renderReply(reply: DailyReply, ctx: RenderContext): SlackMessage[] {
  switch (reply.kind) {
    case 'daily-notice':
      return renderDailyNotice(reply);
    case 'daily-settings':
      return renderDailySettings(reply);
    case 'daily-prompt':
      return [renderDailyPrompt(reply)];
    case 'daily-recap':
      return [renderDailyRecap(reply)];
    case 'leaderboard': {
      const me = renderLeaderboardMe(reply);
      return [renderLeaderboard(reply, 'name'), ...(me ? [me] : [])];
    }
    case 'scenario':
      return renderScenario(reply);
    case 'probe':
      return renderProbe(reply);
    case 'feedback':
      return renderFeedback(reply);
    case 'summary':
      return renderSummary(reply, ctx);
    case 'notice':
      return renderNotice(reply);
    case 'stats':
      return renderStats(reply);
    case 'categories':
      return renderCategories(reply);
  }
}
