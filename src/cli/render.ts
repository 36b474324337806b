/**
 * Turns CoachReply data into terminal text. Colour through picocolors, which honours NO_COLOR,
 * FORCE_COLOR and non-TTY output. Every word comes from the reply's language: a Korean session
 * reads Korean from the banner to the summary.
 */
import pc from 'picocolors';
import { criterionView, scoreBar } from '../core/feedback-view';
import { difficultyText, fill, graderText, pointsText, withSharedLabels } from '../core/labels';
import type { CoachReply, FeedbackReply, StatsReply, SummaryReply } from '../core/replies';
import type { Language } from '../core/types';

type Colors = ReturnType<typeof pc.createColors>;

/** The terminal's own words, on top of the words every face shares (core/labels.ts). */
const L = withSharedLabels({
  en: {
    bannerOffline: 'Grader: offline rubric grader (no API key set): scores are approximate.',
    bannerLlm: 'Grader: model ({model})',
    inputPrompt: '> (end with "." on its own line)',
    gradingNow: 'Grading…',
    tryCategory: '{name} (--category {id})',
  },
  ko: {
    bannerOffline: '채점기: 오프라인 루브릭 채점기(API 키 없음). 점수는 근사치입니다.',
    bannerLlm: '채점기: 모델 ({model})',
    inputPrompt: '> ("." 한 글자만 있는 줄로 보냅니다)',
    gradingNow: '채점하고 있습니다…',
    tryCategory: '{name} (--category {id})',
  },
});

/** The session banner: which grader grades, in the session's language. */
export function bannerText(lang: Language, grader: { offline: boolean; model?: string }): string {
  return grader.offline ? L[lang].bannerOffline : fill(L[lang].bannerLlm, { model: grader.model ?? 'LLM' });
}

/** The line that invites an answer. */
export function promptText(lang: Language): string {
  return L[lang].inputPrompt;
}

/** Shown while an answer is being graded. */
export function gradingText(lang: Language): string {
  return L[lang].gradingNow;
}

/** The bar for an n/5 score (the same glyphs as Slack and Teams). */
export { scoreBar };

const scoreColor = (c: Colors, n: number) => (n >= 4 ? c.green : n >= 3 ? c.yellow : c.red);

/**
 * Per criterion: bar, score, name and one sentence why on one line; the key points as a
 * checklist; the best quote; one next step. No rubric descriptor and no counts of its own.
 */
function feedbackText(r: FeedbackReply, c: Colors): string {
  const lang = r.language;
  const l = L[lang];
  const res = r.result;
  const lines = [
    c.bold(r.scenario.title) + c.dim(`  [${difficultyText(lang, r.scenario.difficulty)}]`),
    `${l.overall}: ${scoreColor(c, res.overall)(c.bold(`${res.overall.toFixed(1)}/5 ${scoreBar(res.overall)}`))}  +${pointsText(lang, r.points)}   ${c.dim(`${l.grader}: ${graderText(lang, res.grader, res.usage?.model)}`)}`,
  ];
  if (res.summary.trim()) lines.push(c.dim(res.summary.trim()));
  lines.push('');
  for (const cr of res.criteria) {
    const v = criterionView(cr, r.criterionNames[cr.id] ?? cr.id);
    lines.push(`${scoreColor(c, v.score)(`${scoreBar(v.score)} ${v.score}/5`)}  ${c.bold(v.name)}: ${v.why}`);
    if (v.checklist.length)
      lines.push(`   ${v.checklist.map((p) => (p.made ? c.green(`✓ ${p.label}`) : c.red(`✗ ${p.label}`))).join('   ')}`);
    lines.push(v.quote ? `   ${c.cyan(`“${v.quote}”`)}` : `   ${c.dim(l.noEvidence)}`);
    if (v.adds) lines.push(`   ${c.cyan(l.strong)}: ${v.adds}`);
    lines.push(`   ${c.cyan(l.next)}: ${v.next}`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

function summaryText(r: SummaryReply, c: Colors): string {
  const l = L[r.language];
  const parts = [fill(l.earned, { points: r.points, total: r.totalPoints, answered: r.answered })];
  if (r.weakest) {
    const next =
      r.suggestedCategory && r.suggestedCategoryName
        ? ` — ${l.tryNext}: ${fill(l.tryCategory, { name: r.suggestedCategoryName, id: r.suggestedCategory })}`
        : '';
    parts.push(`${l.weakest}: ${r.weakest.name} ${r.weakest.average.toFixed(1)}/5${next}`);
  }
  return c.bold(parts.join('\n'));
}

function statsText(r: StatsReply, c: Colors): string {
  const lang = r.language;
  const l = L[lang];
  const lines = [
    c.bold(l.stats),
    `${l.answered}: ${r.answered}   ${l.total}: ${pointsText(lang, r.totalPoints)}   ${l.week}: ${pointsText(lang, r.weekPoints)}   ${l.streak}: ${r.streak.count} (${l.best} ${r.streak.best})`,
  ];
  for (const a of [...r.averages].sort((x, y) => y.average - x.average))
    lines.push(`  ${scoreBar(a.average)} ${a.average.toFixed(1)}/5  ${a.name} (${a.count})`);
  if (r.recent.length) {
    lines.push(c.bold(l.recent));
    for (const h of r.recent) lines.push(`  ${h.overall.toFixed(1)}/5  ${h.title}  +${pointsText(lang, h.points)}`);
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
        c.bold(c.magenta(s.title)) + c.dim(`  ${s.categoryName} · ${difficultyText(reply.language, s.difficulty)} · ${s.id}`),
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
      const who =
        reply.reason === 'too-short'
          ? l.askMore
          : reply.persona
            ? `${reply.persona.name} (${reply.persona.role})`
            : `${l.followUp} ${reply.index}/${reply.max}`;
      return `\n${c.bold(c.cyan(who))}: ${reply.text}`;
    }
    case 'feedback':
      return feedbackText(reply, c);
    case 'summary':
      return summaryText(reply, c);
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
