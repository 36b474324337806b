/**
 * Turns CoachReply data into terminal text. Colour through picocolors, which honours NO_COLOR,
 * FORCE_COLOR and non-TTY output.
 */
import pc from 'picocolors';
import type { CoachReply, FeedbackReply, StatsReply } from '../core/replies';
import { fill, SHARED_LABELS } from '../core/labels';

type Colors = ReturnType<typeof pc.createColors>;

/** The words every face shares (core/labels.ts); the terminal adds none of its own. */
const L = SHARED_LABELS;

/** A 5-cell bar for an n/5 score. */
export function scoreBar(score: number): string {
  const full = Math.max(0, Math.min(5, Math.round(score)));
  return '█'.repeat(full) + '░'.repeat(5 - full);
}

function feedbackText(r: FeedbackReply, c: Colors): string {
  const l = L[r.language];
  const res = r.result;
  const scoreColor = (n: number) => (n >= 4 ? c.green : n >= 3 ? c.yellow : c.red);
  const lines = [
    c.bold(`${r.scenario.title}`) + c.dim(`  [${r.scenario.difficulty}]`),
    `${l.overall}: ${scoreColor(res.overall)(c.bold(`${res.overall.toFixed(1)}/5`))}   ${c.dim(`${l.grader}: ${res.grader}${res.usage?.model ? ` (${res.usage.model})` : ''}`)}`,
    c.dim(res.summary),
    '',
  ];
  for (const cr of res.criteria) {
    lines.push(`${scoreColor(cr.score)(scoreBar(cr.score))} ${c.bold(`${cr.score}/5`)}  ${c.bold(r.criterionNames[cr.id] ?? cr.id)}`);
    lines.push(`   ${cr.feedback}`);
    if (cr.evidence.length) {
      lines.push(`   ${c.cyan(l.evidence)}:`);
      for (const q of cr.evidence) lines.push(`     “${q}”`);
    } else lines.push(`   ${c.dim(l.noEvidence)}`);
    lines.push(`   ${c.cyan(l.strong)}: ${cr.strongAnswerAdds}`);
    lines.push(`   ${c.cyan(l.next)}: ${cr.nextStep}`);
    lines.push('');
  }
  return lines.join('\n');
}

function statsText(r: StatsReply, c: Colors): string {
  const l = L[r.language];
  const lines = [
    c.bold(l.stats),
    `${l.answered}: ${r.answered}   ${l.total}: ${r.totalPoints} ${l.points}   ${l.week}: ${r.weekPoints} ${l.points}   ${l.streak}: ${r.streak.count} (${l.best} ${r.streak.best})`,
  ];
  for (const a of [...r.averages].sort((x, y) => y.average - x.average))
    lines.push(`  ${scoreBar(a.average)} ${a.average.toFixed(1)}/5  ${a.name} (${a.count})`);
  if (r.recent.length) {
    lines.push(c.bold(l.recent));
    for (const h of r.recent) lines.push(`  ${h.overall.toFixed(1)}/5  ${h.title}  +${h.points}`);
  }
  return lines.join('\n');
}

/** Renders one reply as terminal text. */
export function renderText(reply: CoachReply, colors: Colors = pc): string {
  const c = colors;
  switch (reply.kind) {
    case 'scenario': {
      const s = reply.scenario;
      const l = L[reply.language];
      const lines = [
        '',
        c.bold(c.magenta(s.title)) + c.dim(`  ${s.categoryName} · ${s.difficulty} · ${s.id}`),
        '',
        s.situation,
        '',
      ];
      if (s.persona) lines.push(c.dim(`${l.customer}: ${s.persona.name}, ${s.persona.role} (${s.persona.company})`));
      lines.push(c.dim(`${l.assessed}: ${s.criteria.map((x) => x.name).join(', ')}`));
      return lines.join('\n');
    }
    case 'probe': {
      const l = L[reply.language];
      const who = reply.persona ? `${reply.persona.name} (${reply.persona.role})` : `${l.followUp} ${reply.index}/${reply.max}`;
      return `\n${c.bold(c.cyan(who))}: ${reply.text}`;
    }
    case 'feedback':
      return feedbackText(reply, c);
    case 'summary': {
      const l = L[reply.language];
      const parts = [fill(l.earned, { points: reply.points, total: reply.totalPoints, answered: reply.answered })];
      if (reply.weakest)
        parts.push(
          `${l.weakest}: ${reply.weakest.name} ${reply.weakest.average.toFixed(1)}/5${reply.suggestedCategory ? ` — ${l.tryNext}: --category ${reply.suggestedCategory}` : ''}`,
        );
      return c.bold(parts.join('\n'));
    }
    case 'notice':
      return (reply.retryable || reply.notGraded ? c.yellow : c.dim)(reply.text);
    case 'stats':
      return statsText(reply, c);
    case 'categories': {
      const l = L[reply.language];
      return [c.bold(l.categories), ...reply.categories.map((x) => `  ${c.bold(x.id.padEnd(24))} ${x.name} (${fill(l.scenarioCount, { count: x.count })})\n  ${' '.repeat(24)} ${c.dim(x.description)}`)].join('\n');
    }
  }
}
