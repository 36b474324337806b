/** Rubric feedback: per criterion an n/5 score with a bar, the quoted words, what a strong answer adds, a next step. */
import { t } from '../../core/messages';
import type { FeedbackReply } from '../../core/replies';
import type { CriterionGrade } from '../../core/types';
import { chunkMessage, context, divider, header, sections, textSections, type Block, type SlackMessage } from './blocks';
import { LABELS } from './labels';
import { clip, escapeMrkdwn as esc, scoreBar, splitEscaped } from './mrkdwn';

/** A quote longer than this is cut: it is an excerpt, the person has the whole answer. */
const QUOTE_MAX = 500;
const QUOTES_MAX = 4;

function criterionBlocks(r: FeedbackReply, c: CriterionGrade): Block[] {
  const l = LABELS[r.language];
  const name = esc(r.criterionNames[c.id] ?? c.id);
  const blocks: Block[] = [divider(), ...textSections(c.feedback, `*${name}*  \`${scoreBar(c.score)}\`  *${c.score}/5*`)];
  const quotes = c.evidence.slice(0, QUOTES_MAX).map((q) => `> “${clip(q.replace(/\s+/g, ' ').trim(), QUOTE_MAX)}”`);
  blocks.push(...sections(quotes.length ? [`*${l.evidence}*`, ...quotes] : [`*${l.evidence}:* _${l.noEvidence}_`]));
  // Label and text share a line; a long text continues in further lines of the same section chunking.
  const labelled = (label: string, text: string): string[] => {
    const pieces = splitEscaped(text, 2500);
    return pieces.length ? [`*${label}:* ${pieces[0]}`, ...pieces.slice(1)] : [];
  };
  blocks.push(...sections([...labelled(l.strong, c.strongAnswerAdds), ...labelled(l.next, c.nextStep)]));
  return blocks;
}

export function renderFeedback(r: FeedbackReply): SlackMessage[] {
  const l = LABELS[r.language];
  const res = r.result;
  const model = res.usage?.model ? ` (${esc(res.usage.model)})` : '';
  const blocks: Block[] = [
    header(`${l.feedback}: ${r.scenario.title}`),
    ...sections([`*${l.overall}: ${res.overall.toFixed(1)}/5*  \`${scoreBar(res.overall)}\`   +${r.points} ${l.points}`]),
    context(`${l.grader}: ${esc(res.grader)}${model} · ${esc(r.scenario.difficulty)} · \`${esc(r.scenario.id)}\``),
  ];
  if (res.summary.trim()) blocks.push(...textSections(res.summary));
  if (res.fallbackReason && !res.summary.includes(t(r.language, 'fallback-note', { reason: res.fallbackReason })))
    blocks.push(context(esc(t(r.language, 'fallback-note', { reason: res.fallbackReason }))));
  for (const c of res.criteria) blocks.push(...criterionBlocks(r, c));
  return chunkMessage(`${l.feedback}: ${esc(r.scenario.title)} ${res.overall.toFixed(1)}/5`, blocks);
}
