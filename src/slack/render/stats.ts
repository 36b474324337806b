/** Progress (`/fde stats`) and the category list (`/fde categories`). */
import type { CategoriesReply, StatsReply } from '../../core/replies';
import { ACTION, startValue } from '../action-ids';
import { button, chunkMessage, context, header, sections, type Block, type SlackMessage } from './blocks';
import { fill, LABELS } from './labels';
import { escapeMrkdwn as esc, scoreBar } from './mrkdwn';

export function renderStats(r: StatsReply): SlackMessage[] {
  const l = LABELS[r.language];
  const blocks: Block[] = [
    header(l.stats),
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*${l.answered}*\n${r.answered}` },
        { type: 'mrkdwn', text: `*${l.total}*\n${r.totalPoints}` },
        { type: 'mrkdwn', text: `*${l.week}*\n${r.weekPoints}` },
        { type: 'mrkdwn', text: `*${l.streak}*\n${r.streak.count} (${fill(l.best, { best: r.streak.best })})` },
      ],
    },
  ];
  if (!r.averages.length) blocks.push(...sections([l.noGrades]));
  else
    blocks.push(
      ...sections([
        `*${l.byCompetency}*`,
        ...[...r.averages]
          .sort((a, b) => b.average - a.average)
          .map((a) => `\`${scoreBar(a.average)}\` ${a.average.toFixed(1)}/5  ${esc(a.name)} (${a.count})`),
      ]),
    );
  if (r.recent.length)
    blocks.push(
      ...sections([`*${l.recent}*`, ...r.recent.map((h) => `${h.overall.toFixed(1)}/5  ${esc(h.title)}  +${h.points}`)]),
    );
  return chunkMessage(`${l.stats}: ${r.answered} ${l.answered}, ${r.totalPoints}`, blocks);
}

export function renderCategories(r: CategoriesReply): SlackMessage[] {
  const l = LABELS[r.language];
  const blocks: Block[] = [header(l.categories)];
  for (const c of r.categories) {
    blocks.push(
      ...sections(
        [`*${esc(c.name)}*  \`${esc(c.id)}\` · ${fill(l.scenarios, { count: c.count })}`, esc(c.description)],
        button(l.practiseThis, `${ACTION.startPrefix}_cat_${c.id}`, startValue({ category: c.id })),
      ),
    );
  }
  blocks.push(context(esc('`/fde practice <category> [easy|medium|hard]`')));
  return chunkMessage(`${l.categories}: ${r.categories.map((c) => esc(c.id)).join(', ')}`, blocks);
}
