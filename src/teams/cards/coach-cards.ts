/**
 * CoachReply -> Adaptive Card 1.5. The same content as the Slack and terminal renderers: the
 * scenario with what it is assessed on, follow-ups, per-criterion scores as `n/5` with a bar,
 * the answer's own sentences as evidence, what a strong answer adds and a next step.
 */
import type {
  CategoriesReply,
  FeedbackReply,
  NoticeReply,
  ProbeReply,
  ScenarioView,
  StatsReply,
  SummaryReply,
} from '../../core/replies';
import type { LeaderboardReply } from '../../core/leaderboard';
import type { Language } from '../../core/types';
import { t } from '../../core/messages';
import { COMMANDS, label } from './labels';
import { card, submit, text, type AdaptiveCard, type CardElement, type Container, type FactSet } from './types';

/** A 5-cell bar for an n/5 score (averages are rounded to the nearest cell). */
export function scoreBar(score: number): string {
  const full = Math.max(0, Math.min(5, Math.round(score)));
  return '█'.repeat(full) + '░'.repeat(5 - full);
}

/** `3/5` for whole scores, `3.4/5` for averages. */
export function formatScore(score: number): string {
  return `${Number.isInteger(score) ? score : score.toFixed(1)}/5`;
}

/** A quote longer than this is cut: it is an excerpt, the person has the whole answer. */
const QUOTE_MAX = 500;
const QUOTES_MAX = 4;

function excerpt(q: string): string {
  const flat = q.replace(/\s+/g, ' ').trim();
  return flat.length > QUOTE_MAX ? `${flat.slice(0, QUOTE_MAX - 1)}…` : flat;
}

const scoreColor = (n: number): 'good' | 'warning' | 'attention' => (n >= 4 ? 'good' : n >= 3 ? 'warning' : 'attention');

/** The scenario itself: title, category and difficulty, situation, who and what it is assessed on. */
export function scenarioBody(s: ScenarioView, lang: Language): CardElement[] {
  const facts = [];
  if (s.persona) facts.push({ title: label(lang, 'customer'), value: `${s.persona.name}, ${s.persona.role} (${s.persona.company})` });
  facts.push({ title: label(lang, 'assessed'), value: s.criteria.map((c) => c.name).join(', ') });
  return [
    text(s.title, { size: 'large', weight: 'bolder', style: 'heading' }),
    text(`${s.categoryName} · ${s.difficulty} · ${s.id}`, { isSubtle: true, size: 'small', spacing: 'none' }),
    text(s.situation, { spacing: 'medium' }),
    { type: 'FactSet', facts, spacing: 'medium' },
  ];
}

/** The scenario card of a personal practice session, with Skip and End. */
export function scenarioCard(s: ScenarioView, lang: Language): AdaptiveCard {
  return card(
    [...scenarioBody(s, lang), text(label(lang, 'answerHint'), { isSubtle: true, size: 'small', spacing: 'medium' })],
    [submit(label(lang, 'skip'), { action: 'skip' }), submit(label(lang, 'end'), { action: 'end' }, 'destructive')],
    s.title,
  );
}

/** A follow-up question, in the customer's voice when the scenario has a persona. */
export function probeCard(r: ProbeReply): AdaptiveCard {
  const lang = r.language;
  const who = r.persona ? `${r.persona.name} (${r.persona.role})` : `${label(lang, 'followUp')} ${r.index}/${r.max}`;
  return card(
    [
      text(who, { weight: 'bolder', color: 'accent' }),
      text(r.text, { spacing: 'small' }),
      text(label(lang, 'followUpHint'), { isSubtle: true, size: 'small', spacing: 'medium' }),
    ],
    [submit(label(lang, 'gradeNow'), { action: 'skip' }, 'positive'), submit(label(lang, 'end'), { action: 'end' }, 'destructive')],
    r.text,
  );
}

/** The graded answer: overall score, then each criterion with its evidence and next step. */
export function feedbackCard(r: FeedbackReply): AdaptiveCard {
  const lang = r.language;
  const res = r.result;
  const body: CardElement[] = [
    text(r.scenario.title, { size: 'medium', weight: 'bolder', style: 'heading' }),
    text(`${r.scenario.difficulty} · ${r.scenario.id}`, { isSubtle: true, size: 'small', spacing: 'none' }),
    {
      type: 'ColumnSet',
      spacing: 'medium',
      columns: [
        {
          type: 'Column',
          width: 'auto',
          items: [text(`${label(lang, 'overall')}: ${res.overall.toFixed(1)}/5`, { size: 'large', weight: 'bolder', color: scoreColor(res.overall) })],
        },
        {
          type: 'Column',
          width: 'auto',
          verticalContentAlignment: 'center',
          items: [text(scoreBar(res.overall), { fontType: 'monospace', color: scoreColor(res.overall) })],
        },
        {
          type: 'Column',
          width: 'stretch',
          verticalContentAlignment: 'center',
          items: [text(`+${r.points} ${label(lang, 'points')}`, { weight: 'bolder', color: 'good' })],
        },
      ],
    },
    text(`${label(lang, 'grader')}: ${res.grader}${res.usage?.model ? ` (${res.usage.model})` : ''}`, { isSubtle: true, size: 'small', spacing: 'none' }),
  ];
  if (res.summary.trim()) body.push(text(res.summary, { spacing: 'small' }));
  const fallback = res.fallbackReason ? t(lang, 'fallback-note', { reason: res.fallbackReason }) : undefined;
  if (fallback && !res.summary.includes(fallback)) body.push(text(fallback, { isSubtle: true, size: 'small', color: 'warning' }));
  for (const c of res.criteria) {
    const items: CardElement[] = [
      text(`${scoreBar(c.score)}  **${formatScore(c.score)}**  ${r.criterionNames[c.id] ?? c.id}`, {
        fontType: 'monospace',
        weight: 'bolder',
        color: scoreColor(c.score),
      }),
      text(c.feedback, { spacing: 'small' }),
      text(label(lang, 'evidence'), { weight: 'bolder', size: 'small', spacing: 'small' }),
    ];
    if (c.evidence.length) {
      const quotes: Container = {
        type: 'Container',
        style: 'emphasis',
        spacing: 'none',
        items: c.evidence.slice(0, QUOTES_MAX).map((q) => text(`“${excerpt(q)}”`, { size: 'small', spacing: 'none' })),
      };
      items.push(quotes);
    } else items.push(text(label(lang, 'noEvidence'), { isSubtle: true, size: 'small', spacing: 'none' }));
    items.push(
      text(`**${label(lang, 'strong')}:** ${c.strongAnswerAdds}`, { size: 'small', spacing: 'small' }),
      text(`**${label(lang, 'next')}:** ${c.nextStep}`, { size: 'small', spacing: 'small' }),
    );
    body.push({ type: 'Container', separator: true, spacing: 'medium', items });
  }
  return card(body, [], `${r.scenario.title}: ${res.overall.toFixed(1)}/5`);
}

/** Points earned, totals, and where to practise next. */
export function summaryCard(r: SummaryReply): AdaptiveCard {
  const lang = r.language;
  const body: CardElement[] = [
    text(`${label(lang, 'overall')}: ${r.overall.toFixed(1)}/5  ${scoreBar(r.overall)} · +${r.points} ${label(lang, 'points')}`, {
      size: 'medium',
      weight: 'bolder',
      color: scoreColor(r.overall),
    }),
    {
      type: 'FactSet',
      spacing: 'small',
      facts: [
        { title: label(lang, 'total'), value: `${r.totalPoints} ${label(lang, 'points')}` },
        { title: label(lang, 'answered'), value: String(r.answered) },
        ...(r.weakest
          ? [{ title: label(lang, 'weakest'), value: `${r.weakest.name} ${formatScore(Math.round(r.weakest.average * 10) / 10)}` }]
          : []),
        ...(r.suggestedCategory ? [{ title: label(lang, 'tryNext'), value: `practice ${r.suggestedCategory}` }] : []),
      ],
    },
  ];
  const actions = r.suggestedCategory
    ? [
        submit(`${label(lang, 'practice')}: ${r.suggestedCategory}`, { action: 'practice', category: r.suggestedCategory }, 'positive'),
        submit(label(lang, 'another'), { action: 'another' }),
      ]
    : [submit(label(lang, 'another'), { action: 'another' }, 'positive')];
  actions.push(submit(label(lang, 'stats'), { action: 'stats' }));
  return card(body, actions, `+${r.points} ${label(lang, 'points')}`);
}

/** A notice that offers Retry (the answer is kept) and Discard. Other notices go as plain text. */
export function retryCard(r: NoticeReply): AdaptiveCard {
  return card(
    [text(r.text, { color: 'warning' })],
    [submit(label(r.language, 'retry'), { action: 'retry' }, 'positive'), submit(label(r.language, 'discard'), { action: 'end' }, 'destructive')],
    r.text,
  );
}

/** The figures a person's progress has in common, in `stats` and in the progress card. */
type ProgressFigures = Pick<StatsReply, 'language' | 'answered' | 'totalPoints' | 'weekPoints'>;

/**
 * The top of a progress card: the heading and the figures (answered, points, this week, the
 * streak as the caller words it, then any further facts), and a hint when nothing is graded yet.
 */
export function progressTop(r: ProgressFigures, streak: string, more: FactSet['facts'] = []): CardElement[] {
  const lang = r.language;
  const body: CardElement[] = [
    text(label(lang, 'stats'), { size: 'medium', weight: 'bolder', style: 'heading' }),
    {
      type: 'FactSet',
      facts: [
        { title: label(lang, 'answered'), value: String(r.answered) },
        { title: label(lang, 'total'), value: `${r.totalPoints} ${label(lang, 'points')}` },
        { title: label(lang, 'week'), value: `${r.weekPoints} ${label(lang, 'points')}` },
        { title: label(lang, 'streak'), value: streak },
        ...more,
      ],
    },
  ];
  if (!r.answered) body.push(text(label(lang, 'noHistory'), { isSubtle: true }));
  return body;
}

export function statsCard(r: StatsReply): AdaptiveCard {
  const lang = r.language;
  const body = progressTop(r, `${r.streak.count} (${label(lang, 'best')} ${r.streak.best})`);
  const avgs = [...r.averages].sort((a, b) => b.average - a.average);
  if (avgs.length)
    body.push({
      type: 'Container',
      separator: true,
      items: avgs.map((a) =>
        text(`${scoreBar(a.average)}  ${formatScore(Math.round(a.average * 10) / 10)}  ${a.name} (${a.count})`, {
          fontType: 'monospace',
          spacing: 'none',
          color: scoreColor(a.average),
        }),
      ),
    });
  if (r.recent.length)
    body.push(
      text(label(lang, 'recent'), { weight: 'bolder', separator: true }),
      ...r.recent.map((h) => text(`${h.overall.toFixed(1)}/5 · ${h.title} · +${h.points}`, { size: 'small', spacing: 'none' })),
    );
  return card(body, [submit(label(lang, 'practice'), { action: 'another' }, 'positive')], label(lang, 'stats'));
}

export function categoriesCard(r: CategoriesReply): AdaptiveCard {
  const lang = r.language;
  const body: CardElement[] = [text(label(lang, 'categories'), { size: 'medium', weight: 'bolder', style: 'heading' })];
  for (const c of r.categories) {
    body.push({
      type: 'ColumnSet',
      separator: true,
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            text(`**${c.name}** · \`${c.id}\` · ${label(lang, 'scenarioCount', { count: c.count })}`),
            text(c.description, { isSubtle: true, size: 'small', spacing: 'none' }),
          ],
        },
        {
          type: 'Column',
          width: 'auto',
          verticalContentAlignment: 'center',
          items: [{ type: 'ActionSet', actions: [submit(label(lang, 'practice'), { action: 'practice', category: c.id })] }],
        },
      ],
    });
  }
  return card(body, [], label(lang, 'categories'));
}

export function helpCard(lang: Language): AdaptiveCard {
  return card(
    [
      text(label(lang, 'helpTitle'), { size: 'large', weight: 'bolder', style: 'heading' }),
      text(label(lang, 'helpIntro')),
      text(label(lang, 'helpCommands'), { weight: 'bolder', spacing: 'medium' }),
      { type: 'FactSet', facts: COMMANDS.map((c) => ({ title: c.command, value: c[lang] })) },
    ],
    [
      submit(label(lang, 'practice'), { action: 'another' }, 'positive'),
      submit(label(lang, 'categories'), { action: 'categories' }),
      submit(label(lang, 'stats'), { action: 'stats' }),
    ],
    label(lang, 'helpIntro'),
  );
}

/** The team's board: rank, name, points and streak; the asking person's own line below. */
export function leaderboardCard(r: LeaderboardReply): AdaptiveCard {
  const lang = r.language;
  const body: CardElement[] = [text(r.title, { size: 'medium', weight: 'bolder', style: 'heading' })];
  if (r.emptyText) body.push(text(r.emptyText, { isSubtle: true }));
  if (r.entries.length)
    body.push({
      type: 'FactSet',
      facts: r.entries.map((e) => ({
        title: `${e.rank}. ${e.displayName ?? e.userId}`,
        value: `${e.points} ${label(lang, 'points')}${e.streak ? ` · ${label(lang, 'streak')} ${e.streak}` : ''}`,
      })),
    });
  if (r.me && (!r.me.inTop || r.me.optedOut)) body.push(text(r.me.text, { isSubtle: true, separator: true }));
  return card(body, [], r.title);
}
