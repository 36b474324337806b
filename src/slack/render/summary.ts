/** The end-of-session summary, with buttons for another scenario. */
import { pointsText } from '../../core/labels';
import type { SummaryReply } from '../../core/replies';
import { ACTION, startValue } from '../action-ids';
import { actions, button, chunkMessage, sections, type ButtonElement, type SlackMessage } from './blocks';
import type { RenderContext } from './context';
import { fill, LABELS } from './labels';
import { escapeMrkdwn as esc, scoreBar } from './mrkdwn';

export function renderSummary(r: SummaryReply, ctx: RenderContext): SlackMessage[] {
  const l = LABELS[r.language];
  const lines = [
    `:checkered_flag: *${l.summaryTitle}*  ${r.overall.toFixed(1)}/5  ${scoreBar(r.overall)}`,
    fill(l.earned, { points: r.points, total: r.totalPoints, answered: r.answered }),
  ];
  const tryName = r.suggestedCategory ? (r.suggestedCategoryName ?? ctx.categoryName(r.suggestedCategory, r.language)) : undefined;
  if (r.weakest)
    lines.push(
      `${l.weakest}: *${esc(r.weakest.name)}* ${r.weakest.average.toFixed(1)}/5${tryName ? ` — ${l.tryNext}: *${esc(tryName)}*` : ''}`,
    );
  const same = ctx.scenarioCategory(r.scenarioId);
  const buttons: ButtonElement[] = [];
  if (same)
    buttons.push(
      button(fill(l.sameCategory, { name: ctx.categoryName(same, r.language) }), `${ACTION.startPrefix}_same`, startValue({ category: same }), 'primary'),
    );
  if (r.suggestedCategory && tryName && r.suggestedCategory !== same && r.weakest)
    buttons.push(
      button(fill(l.practiseWeakest, { name: tryName }), `${ACTION.startPrefix}_weak`, startValue({ category: r.suggestedCategory })),
    );
  buttons.push(button(l.anyCategory, `${ACTION.startPrefix}_any`, startValue({}), same ? undefined : 'primary'));
  const blocks = [...sections(lines), actions(`summary-${r.sessionId ?? r.scenarioId}`, ...buttons)];
  return chunkMessage(`${l.summaryTitle}: ${r.overall.toFixed(1)}/5, +${pointsText(r.language, r.points)}`, blocks);
}
