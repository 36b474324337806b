/**
 * CoachReply -> Block Kit. Every reply becomes one or more messages (more only when Block Kit's
 * 50-block limit would be exceeded); all user and grader text is escaped.
 */
import type { CoachReply } from '../../core/replies';
import type { SlackMessage } from './blocks';
import type { RenderContext } from './context';
import { renderFeedback } from './feedback';
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

export function renderReply(reply: CoachReply, ctx: RenderContext): SlackMessage[] {
  switch (reply.kind) {
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
