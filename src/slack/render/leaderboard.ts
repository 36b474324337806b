/**
 * The team leaderboard in Block Kit. `/fde leaderboard` names people with `<@id>` mentions (the
 * one place the app mentions anyone, as asked); the weekly post in the daily channel and the Home
 * tab use display names, so a weekly board does not ping ten people.
 */
import type { LeaderboardEntry, LeaderboardReply } from '../../core/leaderboard';
import type { Language } from '../../core/types';
import { chunkMessage, context, header, sections, type Block, type SlackMessage } from './blocks';
import { fill, LABELS } from './labels';
import { clip, escapeMrkdwn as esc } from './mrkdwn';

const MEDALS = [':first_place_medal:', ':second_place_medal:', ':third_place_medal:'];

/** A Slack user id, safe to put inside <@...>. */
function isUserId(id: string): boolean {
  return /^[UW][A-Z0-9]{2,}$/.test(id);
}

export type NameStyle = 'mention' | 'name';

/** How a person is named on a board: a mention, or their escaped display name. */
export function personLabel(e: Pick<LeaderboardEntry, 'userId' | 'displayName'>, style: NameStyle): string {
  if (style === 'mention' && isUserId(e.userId)) return `<@${e.userId}>`;
  if (e.displayName?.trim()) return `*${clip(e.displayName.trim(), 80)}*`;
  return `\`${esc(e.userId)}\``;
}

/** One line per entry: medal or rank, who, points, streak. */
export function boardLines(entries: readonly LeaderboardEntry[], lang: Language, style: NameStyle): string[] {
  const l = LABELS[lang];
  return entries.map((e) => {
    const place = MEDALS[e.rank - 1] ?? `*${e.rank}.*`;
    const streak = e.streak > 0 ? `  ·  :fire: ${fill(l.lbStreak, { streak: e.streak })}` : '';
    // The whole "33점" in bold: Slack ends bold only before a space or punctuation, so "*33*점"
    // would show its asterisks in Korean.
    return `${place}  ${personLabel(e, style)}  —  *${fill(l.lbPoints, { points: e.points })}*${streak}`;
  });
}

/**
 * The board. `me` is left out: in a channel it would show the asker's rank to everyone as "You";
 * the listener sends it to the asker alone.
 */
export function renderLeaderboard(r: LeaderboardReply, style: NameStyle): SlackMessage {
  const l = LABELS[r.language];
  const blocks: Block[] = [header(r.title)];
  if (!r.entries.length) blocks.push(...sections([esc(r.emptyText ?? '')].filter(Boolean)));
  else blocks.push(...sections(boardLines(r.entries, r.language, style)));
  blocks.push(context(fill(l.lbRanked, { count: r.totalRanked }), l.lbFooter));
  const who = (e: LeaderboardEntry) => (style === 'mention' && isUserId(e.userId) ? `<@${e.userId}>` : esc(e.displayName ?? e.userId));
  const fallback = r.entries.length
    ? `${esc(r.title)}: ${r.entries
        .slice(0, 3)
        .map((e) => `${e.rank}. ${who(e)} ${e.points}`)
        .join(', ')}`
    : `${esc(r.title)}: ${esc(r.emptyText ?? '')}`;
  const [first] = chunkMessage(fallback, blocks);
  return first!;
}

/** The asker's own line ("You: #4 with 35 points"), sent to them alone. */
export function renderLeaderboardMe(r: LeaderboardReply): SlackMessage | undefined {
  if (!r.me) return undefined;
  const text = `:bust_in_silhouette: ${esc(r.me.text)}`;
  return { text, blocks: [context(text)] };
}
