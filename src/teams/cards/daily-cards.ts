/**
 * The daily prompt's replies and the progress view as Adaptive Cards 1.5: the prompt posted in a
 * channel, the recap under the previous prompt (counts and key points, never scores), the
 * setting an admin changed, a daily notice that offers Retry, and a person's progress.
 */
import type { DailyNoticeReply } from '../../core/daily-messages';
import type { DailyPromptReply, DailyRecapReply, DailySettingsReply } from '../../core/daily';
import type { ProgressReply } from '../../core/leaderboard';
import { pointsText } from '../../core/labels';
import { MAX_ANSWER_CHARS } from '../../core/text';
import { formatScore, progressTop, scenarioBody, scoreBar } from './coach-cards';
import { label } from './labels';
import { DAILY_ANSWER_INPUT, card, fact, submit, text, type AdaptiveCard, type CardElement } from './types';

/**
 * The daily prompt for a team channel. People answer in its thread; the card's input is the
 * "Answer privately" path: what is typed there reaches only the bot (Teams has no modal for an
 * Action.Submit, and an input in the card needs none).
 */
export function dailyPromptCard(r: DailyPromptReply): AdaptiveCard {
  const lang = r.language;
  return card(
    [
      text(r.heading, { size: 'small', weight: 'bolder', color: 'accent' }),
      ...scenarioBody(r.scenario, lang),
      text(r.instructions, { isSubtle: true, size: 'small', spacing: 'medium' }),
      {
        type: 'Input.Text',
        id: DAILY_ANSWER_INPUT,
        label: label(lang, 'dailyAnswerLabel'),
        placeholder: label(lang, 'dailyAnswerPlaceholder'),
        isMultiline: true,
        maxLength: MAX_ANSWER_CHARS,
        isRequired: true,
        errorMessage: label(lang, 'dailyAnswerRequired'),
        spacing: 'medium',
      },
    ],
    [submit(r.answerLabel, { action: 'daily-answer', day: r.day }, 'positive')],
    `${r.heading}: ${r.scenario.title}`,
  );
}

/** Posted in the previous prompt's thread: how many answered and what strong answers covered. */
export function dailyRecapCard(r: DailyRecapReply): AdaptiveCard {
  const body: CardElement[] = [text(r.heading, { weight: 'bolder' })];
  if (r.keyPoints.length)
    body.push(
      text(r.keyPointsLabel, { size: 'small', weight: 'bolder', spacing: 'medium' }),
      ...r.keyPoints.map((k) => text(`• ${k}`, { size: 'small', spacing: 'none' })),
    );
  return card(body, [], r.heading);
}

/** The daily setting, as the core words it (channel, time, zone, days, language, next post). */
export function dailySettingsCard(r: DailySettingsReply): AdaptiveCard {
  return card(
    [
      text(label(r.language, 'dailySettingsTitle'), { size: 'medium', weight: 'bolder', style: 'heading' }),
      text(r.text, { spacing: 'small' }),
    ],
    [],
    r.text,
  );
}

/** A daily answer that is kept but not graded: Retry grades it (core.daily.retryDaily). */
export function dailyRetryCard(r: DailyNoticeReply): AdaptiveCard {
  return card([text(r.text, { color: 'warning' })], [submit(label(r.language, 'retry'), { action: 'daily-retry' }, 'positive')], r.text);
}

function rankText(r: ProgressReply): string {
  const lang = r.language;
  if (r.rank.optedOut) return label(lang, 'rankHidden');
  const parts: string[] = [];
  if (r.rank.week) parts.push(label(lang, 'rankWeek', { rank: r.rank.week }));
  if (r.rank.all) parts.push(label(lang, 'rankAll', { rank: r.rank.all }));
  return parts.length ? parts.join(' · ') : label(lang, 'rankNone');
}

/**
 * A person's progress (`stats`): totals, current streak, rank, every competency's average as a
 * bar (`n/5`), and the recent answers. Teams has no Home tab; this card is its counterpart.
 */
export function progressCard(r: ProgressReply): AdaptiveCard {
  const lang = r.language;
  const streak = `${r.streak.current} ${label(lang, 'current')} (${label(lang, 'best')} ${r.streak.best})`;
  const body = progressTop(r, streak, [fact(label(lang, 'rank'), rankText(r))]);
  if (r.averages.length) {
    const lines = [...r.averages].sort((a, b) => (b.average ?? -1) - (a.average ?? -1));
    body.push(
      text(label(lang, 'competencies'), { weight: 'bolder', separator: true }),
      ...lines.map((a) =>
        a.average === null
          ? text(`${scoreBar(0)}  –  ${a.name} · ${label(lang, 'notAssessed')}`, { spacing: 'none', isSubtle: true })
          : text(`${scoreBar(a.average)}  ${formatScore(Math.round(a.average * 10) / 10)}  ${a.name} (${a.count})`, { spacing: 'none' }),
      ),
    );
  }
  if (r.recent.length)
    body.push(
      text(label(lang, 'recent'), { weight: 'bolder', separator: true }),
      ...r.recent.map((h) =>
        text(
          `${h.overall.toFixed(1)}/5 · ${h.title} · ${label(lang, h.source === 'daily' ? 'sourceDaily' : 'sourcePractice')} · +${pointsText(lang, h.points)}`,
          { size: 'small', spacing: 'none' },
        ),
      ),
    );
  return card(
    body,
    [submit(label(lang, 'practice'), { action: 'another' }, 'positive'), submit(label(lang, 'categories'), { action: 'categories' })],
    label(lang, 'stats'),
  );
}
