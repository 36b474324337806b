/**
 * Rubric feedback: per criterion the score with a bar, one sentence why, the key points as a
 * checklist, the best quote and one next step (core/feedback-view.ts decides what is shown).
 */
import { criterionView } from '../../core/feedback-view';
import { difficultyText, graderText, pointsText } from '../../core/labels';
import { t } from '../../core/messages';
import type { FeedbackReply } from '../../core/replies';
import type { CriterionGrade } from '../../core/types';
import { chunkMessage, context, divider, header, sections, textSections, type Block, type SlackMessage } from './blocks';
import { LABELS } from './labels';
import { escapeMrkdwn as esc, scoreBar, splitEscaped } from './mrkdwn';

function criterionBlocks(r: FeedbackReply, c: CriterionGrade): Block[] {
  const l = LABELS[r.language];
  const v = criterionView(c, r.criterionNames[c.id] ?? c.id);
  // Label and text share a line; a long text continues in further lines of the same section chunking.
  const labelled = (label: string, text: string): string[] => {
    const pieces = splitEscaped(text, 2500);
    return pieces.length ? [`*${label}:* ${pieces[0]}`, ...pieces.slice(1)] : [];
  };
  const lines = [`*${esc(v.name)}*  ${scoreBar(v.score)}  *${v.score}/5*`, esc(v.why)];
  if (v.checklist.length) lines.push(v.checklist.map((p) => `${p.made ? '✓' : '✗'} ${esc(p.label)}`).join('    '));
  lines.push(v.quote ? `> “${esc(v.quote)}”` : `_${l.noEvidence}_`);
  if (v.adds) lines.push(...labelled(l.strong, v.adds));
  lines.push(...labelled(l.next, v.next));
  return [divider(), ...sections(lines.filter((x) => x.trim()))];
}

export function renderFeedback(r: FeedbackReply): SlackMessage[] {
  const lang = r.language;
  const l = LABELS[lang];
  const res = r.result;
  const blocks: Block[] = [
    header(`${l.feedback}: ${r.scenario.title}`),
    ...sections([`*${l.overall}: ${res.overall.toFixed(1)}/5*  ${scoreBar(res.overall)}   +${pointsText(lang, r.points)}`]),
    context(`${l.grader}: ${esc(graderText(lang, res.grader, res.usage?.model))} · ${esc(difficultyText(lang, r.scenario.difficulty))}`),
  ];
  if (res.summary.trim()) blocks.push(...textSections(res.summary));
  const fallback = res.fallbackReason ? t(lang, 'fallback-note', { reason: res.fallbackReason }) : undefined;
  if (fallback && !res.summary.includes(fallback)) blocks.push(context(esc(fallback)));
  for (const c of res.criteria) blocks.push(...criterionBlocks(r, c));
  return chunkMessage(`${l.feedback}: ${esc(r.scenario.title)} ${res.overall.toFixed(1)}/5`, blocks);
}
