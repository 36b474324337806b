/**
 * The App Home tab from the core's ProgressReply: the person's figures, per-competency averages
 * as bars (n/5), recent sessions, streak and rank, the team's top ten, and buttons to practise by
 * category. A view holds at most 100 blocks; this one stays far below, and is cut there anyway.
 */
import type { ProgressReply } from '../../core/leaderboard';
import { ACTION, startValue } from '../action-ids';
import { actions, button, context, divider, header, LIMITS, sections, type Block, type ButtonElement } from './blocks';
import { boardLines } from './leaderboard';
import { fill, LABELS } from './labels';
import { clip, escapeMrkdwn as esc, scoreBar } from './mrkdwn';
import { progressTop } from './stats';

export interface HomeView {
  type: 'home';
  blocks: Block[];
}

/** A date Slack shows in the reader's own time zone, with a UTC fallback. */
function slackDate(at: number): string {
  const secs = Math.floor(at / 1000);
  return `<!date^${secs}^{date_short}|${new Date(at).toISOString().slice(0, 10)}>`;
}

function rankText(r: ProgressReply): string {
  const l = LABELS[r.language];
  if (r.rank.optedOut) return l.homeRankHidden;
  const parts: string[] = [];
  if (r.rank.week) parts.push(fill(l.rankWeek, { rank: r.rank.week }));
  if (r.rank.all) parts.push(fill(l.rankAll, { rank: r.rank.all }));
  return parts.length ? parts.join(' · ') : l.rankNone;
}

export function renderProgressHome(r: ProgressReply): HomeView {
  const l = LABELS[r.language];
  const blocks: Block[] = [
    header(l.homeTitle),
    ...sections([l.homeIntro]),
    actions('home-start', button(l.homeStart, `${ACTION.startPrefix}_home`, startValue({}), 'primary')),
    divider(),
    ...progressTop(r, fill(l.homeStreakValue, { current: r.streak.current, best: r.streak.best }), [[l.rank, rankText(r)]]),
  ];

  // Per competency: a bar and n/5, or "not assessed yet"; every competency is listed.
  blocks.push(
    ...sections([
      `*${l.competencies}*`,
      ...r.averages.map((a) =>
        a.average === null
          ? `${scoreBar(0)}  –/5  ${esc(a.name)}  _${l.notAssessed}_`
          : `${scoreBar(a.average)}  *${a.average.toFixed(1)}/5*  ${esc(a.name)} (${a.count})`,
      ),
    ]),
  );

  blocks.push(
    ...sections(
      r.recent.length
        ? [
            `*${l.recent}*`,
            ...r.recent.map(
              (h) =>
                `${h.overall.toFixed(1)}/5  ${clip(h.title, 120)}  ·  ${h.source === 'daily' ? l.sourceDaily : l.sourcePractice}  ·  +${h.points}  ·  ${slackDate(h.at)}`,
            ),
          ]
        : [`*${l.recent}*`, l.homeNoRecent],
    ),
  );

  blocks.push(divider(), header(l.homeTop));
  // Names, not mentions: a view never notifies, and the top ten should read as names.
  blocks.push(...sections(r.top.length ? boardLines(r.top, r.language, 'name') : [l.homeTopEmpty]));

  blocks.push(divider(), ...sections([`*${l.homePractise}*`]));
  const categoryButtons: ButtonElement[] = r.categories
    .filter((c) => c.count > 0)
    .map((c) => button(`${c.name} (${c.count})`, `${ACTION.startPrefix}_home_${c.id}`, startValue({ category: c.id })));
  const anyButton = button(l.homeAny, `${ACTION.startPrefix}_home_any`, startValue({}));
  // At most 25 elements per actions block.
  const perBlock = LIMITS.actionsElements;
  const all = [...categoryButtons, anyButton];
  for (let i = 0; i < all.length; i += perBlock) blocks.push(actions(`home-categories-${i / perBlock}`, ...all.slice(i, i + perBlock)));

  blocks.push(divider(), ...sections([esc(r.pointsRules)]), context(l.helpDm));
  return { type: 'home', blocks: capBlocks(blocks) };
}

/** Keeps a view within Slack's 100 blocks. */
export function capBlocks(blocks: Block[], max: number = LIMITS.blocksPerView): Block[] {
  return blocks.length <= max ? blocks : blocks.slice(0, max);
}
