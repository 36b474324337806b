/**
 * CoachReply -> Adaptive Card 1.5. The same content as the Slack and terminal renderers: the
 * scenario with what it is assessed on, follow-ups, and per criterion the score with a bar, one
 * sentence why, the key points as a checklist, the best quote and one next step. Every piece of
 * text from a person, a model or the content goes through text()/fact() (Markdown escaped).
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
import { criterionView, scoreBar } from '../../core/feedback-view';
import { difficultyText, graderText, pointsText } from '../../core/labels';
import { t } from '../../core/messages';
import { COMMANDS, label } from './labels';
import { escapeMarkdown as esc } from './markdown';
import { card, fact, rich, submit, text, type AdaptiveCard, type CardElement, type FactSet } from './types';

export { scoreBar };

/** `3/5` for whole scores, `3.4/5` for averages. */
export function formatScore(score: number): string {
  return `${Number.isInteger(score) ? score : score.toFixed(1)}/5`;
}

const scoreColor = (n: number): 'good' | 'warning' | 'attention' => (n >= 4 ? 'good' : n >= 3 ? 'warning' : 'attention');

/** The scenario itself: title, category and difficulty, situation, who and what it is assessed on. */
export function scenarioBody(s: ScenarioView, lang: Language): CardElement[] {
  const facts = [];
  if (s.persona) facts.push(fact(label(lang, 'customer'), `${s.persona.name}, ${s.persona.role} (${s.persona.company})`));
  facts.push(fact(label(lang, 'assessed'), s.criteria.map((c) => c.name).join(', ')));
  return [
    text(s.title, { size: 'large', weight: 'bolder', style: 'heading' }),
    text(`${s.categoryName} · ${difficultyText(lang, s.difficulty)} · ${s.id}`, { isSubtle: true, size: 'small', spacing: 'none' }),
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
  const who =
    r.reason === 'too-short'
      ? label(lang, 'askMore')
      : r.persona
        ? `${r.persona.name} (${r.persona.role})`
        : `${label(lang, 'followUp')} ${r.index}/${r.max}`;
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

/** One criterion: score and name, why, checklist, best quote, next step. */
function criterionItems(r: FeedbackReply, c: FeedbackReply['result']['criteria'][number]): CardElement[] {
  const lang = r.language;
  const v = criterionView(c, r.criterionNames[c.id] ?? c.id);
  const items: CardElement[] = [
    rich(`${scoreBar(v.score)}  **${formatScore(v.score)}**  ${esc(v.name)}`, { weight: 'bolder', color: scoreColor(v.score) }),
    text(v.why, { spacing: 'none' }),
  ];
  if (v.checklist.length)
    items.push(rich(v.checklist.map((p) => `${p.made ? '✓' : '✗'} ${esc(p.label)}`).join('    '), { size: 'small', spacing: 'small' }));
  items.push(
    v.quote
      ? text(`“${v.quote}”`, { size: 'small', isSubtle: true, spacing: 'small' })
      : text(label(lang, 'noEvidence'), { size: 'small', isSubtle: true, spacing: 'small' }),
  );
  if (v.adds) items.push(rich(`**${label(lang, 'strong')}:** ${esc(v.adds)}`, { size: 'small', spacing: 'small' }));
  items.push(rich(`**${label(lang, 'next')}:** ${esc(v.next)}`, { size: 'small', spacing: 'small' }));
  return items;
}

/** The graded answer: overall score, then each criterion. */
export function feedbackCard(r: FeedbackReply): AdaptiveCard {
  const lang = r.language;
  const res = r.result;
  const body: CardElement[] = [
    text(r.scenario.title, { size: 'medium', weight: 'bolder', style: 'heading' }),
    text(`${label(lang, 'overall')}: ${res.overall.toFixed(1)}/5  ${scoreBar(res.overall)}  +${pointsText(lang, r.points)}`, {
      weight: 'bolder',
      color: scoreColor(res.overall),
      spacing: 'small',
    }),
    text(`${label(lang, 'grader')}: ${graderText(lang, res.grader, res.usage?.model)} · ${difficultyText(lang, r.scenario.difficulty)}`, {
      isSubtle: true,
      size: 'small',
      spacing: 'none',
    }),
  ];
  if (res.summary.trim()) body.push(text(res.summary, { size: 'small', spacing: 'small' }));
  const fallback = res.fallbackReason ? t(lang, 'fallback-note', { reason: res.fallbackReason }) : undefined;
  if (fallback && !res.summary.includes(fallback)) body.push(text(fallback, { isSubtle: true, size: 'small', color: 'warning' }));
  for (const c of res.criteria) body.push({ type: 'Container', separator: true, spacing: 'medium', items: criterionItems(r, c) });
  return card(body, [], `${r.scenario.title}: ${res.overall.toFixed(1)}/5`);
}

/** Points earned, totals, and where to practise next (the category by its display name). */
export function summaryCard(r: SummaryReply): AdaptiveCard {
  const lang = r.language;
  const tryName = r.suggestedCategory ? (r.suggestedCategoryName ?? r.suggestedCategory) : undefined;
  const body: CardElement[] = [
    text(`${label(lang, 'overall')}: ${r.overall.toFixed(1)}/5  ${scoreBar(r.overall)} · +${pointsText(lang, r.points)}`, {
      size: 'medium',
      weight: 'bolder',
      color: scoreColor(r.overall),
    }),
    {
      type: 'FactSet',
      spacing: 'small',
      facts: [
        fact(label(lang, 'total'), pointsText(lang, r.totalPoints)),
        fact(label(lang, 'answered'), String(r.answered)),
        ...(r.weakest ? [fact(label(lang, 'weakest'), `${r.weakest.name} ${formatScore(Math.round(r.weakest.average * 10) / 10)}`)] : []),
        ...(r.weakest && tryName ? [fact(label(lang, 'tryNext'), tryName)] : []),
      ],
    },
  ];
  const actions =
    r.weakest && r.suggestedCategory && tryName
      ? [
          submit(`${label(lang, 'practice')}: ${tryName}`, { action: 'practice', category: r.suggestedCategory }, 'positive'),
          submit(label(lang, 'another'), { action: 'another' }),
        ]
      : [submit(label(lang, 'another'), { action: 'another' }, 'positive')];
  actions.push(submit(label(lang, 'stats'), { action: 'stats' }));
  return card(body, actions, `+${pointsText(lang, r.points)}`);
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
        fact(label(lang, 'answered'), String(r.answered)),
        fact(label(lang, 'total'), pointsText(lang, r.totalPoints)),
        fact(label(lang, 'week'), pointsText(lang, r.weekPoints)),
        fact(label(lang, 'streak'), streak),
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
          spacing: 'none',
          color: scoreColor(a.average),
        }),
      ),
    });
  if (r.recent.length)
    body.push(
      text(label(lang, 'recent'), { weight: 'bolder', separator: true }),
      ...r.recent.map((h) => text(`${h.overall.toFixed(1)}/5 · ${h.title} · +${pointsText(lang, h.points)}`, { size: 'small', spacing: 'none' })),
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
            rich(`**${esc(c.name)}** · ${esc(c.id)} · ${esc(label(lang, 'scenarioCount', { count: c.count }))}`),
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
      // One command per line at full width: a FactSet's narrow title column broke `optout|optin`
      // mid-word. Spaces around | let a long command wrap between alternatives, never inside one.
      ...COMMANDS.map(
        (c): CardElement => ({
          type: 'Container',
          spacing: 'small',
          items: [
            text(c.command.replace(/\s*\|\s*/g, ' | '), { weight: 'bolder', fontType: 'monospace', size: 'small' }),
            text(c[lang], { size: 'small', spacing: 'none', isSubtle: true }),
          ],
        }),
      ),
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
      facts: r.entries.map((e) =>
        fact(`${e.rank}. ${e.displayName ?? e.userId}`, `${pointsText(lang, e.points)}${e.streak ? ` · ${label(lang, 'streak')} ${e.streak}` : ''}`),
      ),
    });
  if (r.me && (!r.me.inTop || r.me.optedOut)) body.push(text(r.me.text, { isSubtle: true, separator: true }));
  return card(body, [], r.title);
}
