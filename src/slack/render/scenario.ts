/** The scenario card and the follow-up probe. */
import { difficultyText } from '../../core/labels';
import type { ProbeReply, ScenarioReply } from '../../core/replies';
import { ACTION } from '../action-ids';
import { actions, button, chunkMessage, context, header, sections, textSections, type Block, type SlackMessage } from './blocks';
import { LABELS } from './labels';
import { clip, escapeMrkdwn as esc } from './mrkdwn';

export function renderScenario(r: ScenarioReply): SlackMessage[] {
  const l = LABELS[r.language];
  const s = r.scenario;
  const blocks: Block[] = [
    header(s.title),
    context(`${esc(s.categoryName)} · ${esc(difficultyText(r.language, s.difficulty))} · \`${esc(s.id)}\``),
    ...textSections(s.situation, `*${l.situation}*`),
  ];
  if (s.persona) blocks.push(context(`${l.customer}: *${esc(s.persona.name)}*, ${esc(s.persona.role)} (${esc(s.persona.company)})`));
  blocks.push(...sections([`*${l.assessed}:* ${s.criteria.map((c) => esc(c.name)).join(' · ')}`]));
  blocks.push(context(`:speech_balloon: ${l.replyHint}`));
  blocks.push(
    actions(
      `scenario-${r.sessionId}`,
      button(l.skip, ACTION.skip, r.sessionId),
      button(l.end, ACTION.end, r.sessionId, 'danger'),
    ),
  );
  return chunkMessage(`${esc(s.title)}: ${clip(s.situation, 200)}`, blocks);
}

export function renderProbe(r: ProbeReply): SlackMessage[] {
  const l = LABELS[r.language];
  const heading = r.reason === 'too-short' ? l.askMore : `${l.followUp} ${r.index}/${r.max}`;
  const who = r.persona ? `*${esc(r.persona.name)}* (${esc(r.persona.role)})` : `*${heading}*`;
  const blocks: Block[] = [
    ...textSections(r.text, who),
    context(`:speech_balloon: ${l.followUpHint}`),
    actions(
      `probe-${r.sessionId}-${r.index}`,
      button(l.gradeNow, ACTION.skip, r.sessionId, 'primary'),
      button(l.end, ACTION.end, r.sessionId, 'danger'),
    ),
  ];
  const name = r.persona ? r.persona.name : heading;
  return chunkMessage(`${esc(name)}: ${clip(r.text, 300)}`, blocks);
}
