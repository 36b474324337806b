/** Slack-only messages: help (with the rules for points), the channel pointer, "grading...", errors and the welcome. */
import { pointsRules } from '../../core/daily-messages';
import type { Language } from '../../core/types';
import type { CommandProblem } from '../commands/parse';
import { ACTION, startValue } from '../action-ids';
import { actions, button, chunkMessage, context, header, LIMITS, sections, type Block, type SlackMessage } from './blocks';
import { fill, LABELS } from './labels';
import { escapeMrkdwn as esc } from './mrkdwn';

function problemText(lang: Language, p: CommandProblem): string {
  const l = LABELS[lang];
  const matches = p.code === 'ambiguous-category' ? p.matches.map((m) => `\`${m}\``).join(', ') : '';
  // The typed value is shown inside `code`; escaped so it can never become a mention or a link.
  return fill(l.problem[p.code], { value: esc(p.value.slice(0, 80)), matches });
}

export function renderHelp(lang: Language, problem?: CommandProblem): SlackMessage[] {
  const l = LABELS[lang];
  const blocks: Block[] = [];
  if (problem) blocks.push(...sections([`:warning: ${problemText(lang, problem)}`]));
  // Command syntax holds <placeholders>: escaped, or Slack reads `<time zone>` as a link and drops it.
  blocks.push(header(l.helpTitle), ...sections([l.helpIntro]), ...sections(l.helpCommands.map((c) => `• ${esc(c)}`)), context(l.helpDm));
  blocks.push(...sections([`:trophy: ${esc(pointsRules(lang))}`]));
  blocks.push(actions('help', button(l.homeStart, `${ACTION.startPrefix}_help`, startValue({}), 'primary')));
  return chunkMessage(problem ? problemText(lang, problem) : l.helpTitle, blocks);
}

/** An https link that opens the app's DM (works in the desktop app and the browser). */
export function dmLink(teamId: string | undefined, appId: string | undefined): string | undefined {
  if (!teamId || !appId || !/^[A-Z0-9]+$/.test(teamId) || !/^[A-Z0-9]+$/.test(appId)) return undefined;
  return `https://slack.com/app_redirect?app=${appId}&team=${teamId}`;
}

export function renderPointer(lang: Language, link: string | undefined): SlackMessage {
  const l = LABELS[lang];
  const target = link ? `<${link}|${l.pointerLink}>` : l.pointerLink;
  const text = `:point_right: ${fill(l.pointer, { link: target })}`;
  return { text, blocks: sections([text]) };
}

export function renderGrading(lang: Language, again = false): SlackMessage {
  const l = LABELS[lang];
  const text = `:hourglass_flowing_sand: ${again ? l.retrying : l.grading}`;
  return { text, blocks: [context(text)] };
}

export function renderFailure(lang: Language): SlackMessage {
  const text = `:x: ${LABELS[lang].failed}`;
  return { text, blocks: sections([text]) };
}

/** A click on an earlier message's button: another scenario is open, or (noSession) none is. */
export function renderStale(lang: Language, noSession = false): SlackMessage {
  const text = `:information_source: ${noSession ? LABELS[lang].staleNoSession : LABELS[lang].stale}`;
  return { text, blocks: sections([text]) };
}

export function renderWelcome(lang: Language): SlackMessage {
  const l = LABELS[lang];
  return {
    text: l.welcome,
    blocks: [...sections([l.welcome]), actions('welcome', button(l.homeStart, `${ACTION.startPrefix}_welcome`, startValue({}), 'primary'))],
  };
}

/** The clicked message without its buttons, plus a note of what was done (so it cannot be clicked twice). */
export function withoutButtons(blocks: Block[], note: string): Block[] {
  const kept = blocks.filter((b) => b.type !== 'actions');
  return [...kept, context(esc(note))].slice(-LIMITS.blocksPerMessage);
}
