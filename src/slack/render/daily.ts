/**
 * The daily prompt in Block Kit: the prompt posted in the channel (with "Answer privately"), the
 * recap in the previous prompt's thread (counts and key points, never anyone's score), the
 * setting an admin sees, the daily notices (a kept answer gets Retry), and the answer modal.
 */
import type { DailyNoticeReply } from '../../core/daily-messages';
import { difficultyText } from '../../core/labels';
import type { DailyPromptReply, DailyRecapReply, DailySettingsReply } from '../../core/daily';
import { MAX_ANSWER_CHARS } from '../../core/text';
import type { Language } from '../../core/types';
import { ACTION, DAILY_MODAL } from '../action-ids';
import { actions, button, chunkMessage, context, header, LIMITS, sections, textSections, type Block, type SlackMessage } from './blocks';
import { fill, LABELS } from './labels';
import { clip, clipPlain, escapeMrkdwn as esc, splitEscaped } from './mrkdwn';

/** Slack's plain_text_input holds at most 3000 characters (below the core's MAX_ANSWER_CHARS). */
export const MODAL_INPUT_MAX = Math.min(3000, MAX_ANSWER_CHARS);
/** Modal titles and button labels: 24 characters. */
const MODAL_TEXT_MAX = 24;

/** A Slack channel id, safe to put inside <#...>. */
function isChannelId(id: string): boolean {
  return /^[CG][A-Z0-9]{2,}$/.test(id);
}

/** `<#C123>` (Slack shows the channel's name) for a channel id, else the escaped text. */
export function channelLink(id: string): string {
  return isChannelId(id) ? `<#${id}>` : esc(id);
}

/** The prompt posted in the daily channel. The button's value is the prompt's day. */
export function renderDailyPrompt(r: DailyPromptReply): SlackMessage {
  const l = LABELS[r.language];
  const s = r.scenario;
  const blocks: Block[] = [
    header(r.heading),
    ...sections([`*${esc(s.title)}*`]),
    context(`${esc(s.categoryName)} · ${esc(difficultyText(r.language, s.difficulty))} · \`${esc(s.id)}\``),
    ...textSections(s.situation, `*${l.situation}*`),
  ];
  if (s.persona) blocks.push(context(`${l.customer}: *${esc(s.persona.name)}*, ${esc(s.persona.role)} (${esc(s.persona.company)})`));
  blocks.push(...sections([`*${l.assessed}:* ${s.criteria.map((c) => esc(c.name)).join(' · ')}`]));
  blocks.push(context(`:speech_balloon: ${esc(r.instructions)}`));
  blocks.push(actions(`daily-${r.day}`, button(r.answerLabel, ACTION.dailyAnswer, r.day, 'primary')));
  // A prompt is one message: the thread under it is where answers go.
  const [first] = chunkMessage(`${esc(r.heading)}: ${esc(s.title)}`, blocks);
  return first!;
}

/** The recap under the previous prompt: how many answered and what strong answers covered. */
export function renderDailyRecap(r: DailyRecapReply): SlackMessage {
  const blocks: Block[] = [...sections([`:bar_chart: *${esc(r.heading)}*`])];
  if (r.keyPoints.length) blocks.push(...sections([`*${esc(r.keyPointsLabel)}*`, ...r.keyPoints.map((k) => `• ${clip(k, 500)}`)]));
  const [first] = chunkMessage(esc(r.heading), blocks);
  return first!;
}

/** The setting, as the core words it, with the reminder that the app must be in the channel. */
export function renderDailySettings(r: DailySettingsReply): SlackMessage[] {
  const l = LABELS[r.language];
  const lines = splitEscaped(r.text, 2900);
  const blocks: Block[] = [header(l.dailyTitle), ...sections(lines)];
  if (r.settings.enabled) blocks.push(context(`:information_source: ${fill(l.dailyInviteHint, { channel: channelLink(r.settings.channelId) })}`));
  return chunkMessage(esc(r.text), blocks);
}

/**
 * A daily notice (settings errors, refusals, "already answered", the streak, the points rules).
 * A retryable one (the answer is kept, its grading failed) carries Retry.
 */
export function renderDailyNotice(r: DailyNoticeReply): SlackMessage[] {
  const l = LABELS[r.language];
  const icon = r.retryable || r.notGraded ? ':warning: ' : r.code === 'daily-streak' ? ':fire: ' : r.code === 'points-rules' ? ':trophy: ' : '';
  const pieces = splitEscaped(r.text, 2900);
  const blocks: Block[] = sections(pieces.map((p, i) => (i === 0 ? icon + p : p)));
  if (r.retryable) blocks.push(actions(`daily-notice-${r.code}`, button(l.dailyRetry, ACTION.dailyRetry, '', 'primary')));
  return chunkMessage(esc(r.text), blocks);
}

/** "Got your answer... grading" in the DM; the feedback replaces it in place. */
export function renderDailyGrading(lang: Language, day: string, again = false): SlackMessage {
  const l = LABELS[lang];
  const text = `:hourglass_flowing_sand: ${again ? l.dailyRetrying : fill(l.dailyGrading, { day: esc(day) })}`;
  return { text, blocks: [context(text)] };
}

/** Why a post could not go out, in words an admin can act on (Slack's error codes). */
export function postFailureHint(lang: Language, reason: string, channelId: string): string | undefined {
  if (/not_in_channel|channel_not_found|is_archived|restricted_action/.test(reason))
    return fill(LABELS[lang].dailyNotInChannel, { channel: channelLink(channelId) });
  return undefined;
}

export interface ModalView {
  type: 'modal';
  callback_id: string;
  private_metadata: string;
  title: { type: 'plain_text'; text: string };
  submit?: { type: 'plain_text'; text: string };
  close: { type: 'plain_text'; text: string };
  blocks: Block[];
}

/** What the modal remembers between opening and submission. */
export interface ModalMetadata {
  day: string;
  /** The modal's language, for the error shown in it before any I/O. */
  lang: Language;
}

export function modalMetadata(m: ModalMetadata): string {
  return JSON.stringify(m);
}

export function parseModalMetadata(raw: string | undefined): ModalMetadata | undefined {
  try {
    const v = JSON.parse(raw ?? '') as unknown;
    if (!v || typeof v !== 'object') return undefined;
    const { day, lang } = v as Record<string, unknown>;
    if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
    return { day, lang: lang === 'ko' ? 'ko' : 'en' };
  } catch {
    return undefined;
  }
}

/** The "Answer privately" modal: the scenario to read, and one multi-line input. */
export function renderAnswerModal(
  lang: Language,
  day: string,
  scenario: { title: string; situation: string },
): ModalView {
  const l = LABELS[lang];
  const situation = textSections(scenario.situation, `*${esc(scenario.title)}*`);
  const blocks: Block[] = [
    ...situation,
    context(`:lock: ${l.modalHint}`),
    {
      type: 'input',
      block_id: DAILY_MODAL.blockId,
      label: { type: 'plain_text', text: l.modalLabel },
      element: {
        type: 'plain_text_input',
        action_id: DAILY_MODAL.actionId,
        multiline: true,
        max_length: MODAL_INPUT_MAX,
        placeholder: { type: 'plain_text', text: clipPlain(l.modalPlaceholder, 150) },
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: DAILY_MODAL.callbackId,
    private_metadata: modalMetadata({ day, lang }),
    title: { type: 'plain_text', text: clipPlain(l.modalTitle, MODAL_TEXT_MAX) },
    submit: { type: 'plain_text', text: clipPlain(l.modalSubmit, MODAL_TEXT_MAX) },
    close: { type: 'plain_text', text: clipPlain(l.modalCancel, MODAL_TEXT_MAX) },
    blocks: blocks.slice(0, LIMITS.blocksPerView),
  };
}

/** A modal that only says something (already answered, no such prompt): no input, no submit. */
export function renderInfoModal(lang: Language, text: string): ModalView {
  const l = LABELS[lang];
  return {
    type: 'modal',
    callback_id: `${DAILY_MODAL.callbackId}_info`,
    private_metadata: '',
    title: { type: 'plain_text', text: clipPlain(l.modalTitle, MODAL_TEXT_MAX) },
    close: { type: 'plain_text', text: clipPlain(l.modalClose, MODAL_TEXT_MAX) },
    blocks: sections(splitEscaped(text, 2900)),
  };
}
