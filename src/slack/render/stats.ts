/** Progress (`/fde stats`) and the category list (`/fde categories`). */
import type { CategoriesReply, StatsReply } from '../../core/replies';
import { pointsText } from '../../core/labels';
import { ACTION, startValue } from '../action-ids';
import { button, chunkMessage, context, header, sections, type Block, type SlackMessage } from './blocks';
import { fill, LABELS } from './labels';
import { escapeMrkdwn as esc, scoreBar } from './mrkdwn';

/** The figures a person's progress has in common, in `/fde stats` and in the Home tab. */
type ProgressFigures = Pick<StatsReply, 'language' | 'answered' | 'totalPoints' | 'weekPoints'>;

/**
 * The top of a progress view: the heading and the figures (answered, total points, this week,
 * the streak as the caller words it, then any further label/value pairs).
 */
export function progressTop(r: ProgressFigures, streak: string, more: [label: string, value: string][] = []): Block[] {
  const l = LABELS[r.language];
  const figures: [string, string | number][] = [
    [l.answered, r.answered],
    [l.totalPoints, r.totalPoints],
    [l.week, r.weekPoints],
    [l.streak, streak],
    ...more,
  ];
  return [header(l.stats), { type: 'section', fields: figures.map(([name, value]) => ({ type: 'mrkdwn', text: `*${name}*\n${value}` })) }];
}

export function renderStats(r: StatsReply): SlackMessage[] {
  const l = LABELS[r.language];
  const blocks: Block[] = progressTop(r, `${r.streak.count} (${l.best} ${r.streak.best})`);
  if (!r.averages.length) blocks.push(...sections([l.noGrades]));
  else
    blocks.push(
      ...sections([
        `*${l.competencies}*`,
        ...[...r.averages]
          .sort((a, b) => b.average - a.average)
          .map((a) => `${scoreBar(a.average)}  ${a.average.toFixed(1)}/5  ${esc(a.name)} (${a.count})`),
      ]),
    );
  if (r.recent.length)
    blocks.push(
      ...sections([`*${l.recent}*`, ...r.recent.map((h) => `${h.overall.toFixed(1)}/5  ${esc(h.title)}  +${pointsText(r.language, h.points)}`)]),
    );
  return chunkMessage(`${l.stats}: ${r.answered} ${l.answered}, ${r.totalPoints}`, blocks);
}

export function renderCategories(r: CategoriesReply): SlackMessage[] {
  const l = LABELS[r.language];
  const blocks: Block[] = [header(l.categories)];
  for (const c of r.categories) {
    blocks.push(
      ...sections(
        [`*${esc(c.name)}*  \`${esc(c.id)}\` · ${fill(l.scenarioCount, { count: c.count })}`, esc(c.description)],
        button(l.practiseThis, `${ACTION.startPrefix}_cat_${c.id}`, startValue({ category: c.id })),
      ),
    );
  }
  blocks.push(context(esc('`/fde practice <category> [easy|medium|hard]`')));
  return chunkMessage(`${l.categories}: ${r.categories.map((c) => esc(c.id)).join(', ')}`, blocks);
}
