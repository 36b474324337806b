/**
 * Small Block Kit builders that enforce Slack's limits at the point of construction, so no
 * renderer can produce a block Slack would reject (invalid_blocks).
 */
import type { types } from '@slack/bolt';
import { clipPlain, packLines, splitEscaped } from './mrkdwn';

export type Block = types.KnownBlock;
export type ButtonElement = types.Button;

/** Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks), see DESIGN.md. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  actionsElements: 25,
  contextElements: 10,
  contextText: 3000,
  /** Top-level message text (notification fallback); Slack truncates far above this, we stay short. */
  fallbackText: 3000,
} as const;

/** A message ready for chat.postMessage / chat.update / respond. */
export interface SlackMessage {
  /** Fallback for notifications and screen readers; already escaped. */
  text: string;
  blocks: Block[];
}

export function header(text: string): Block {
  return { type: 'header', text: { type: 'plain_text', text: clipPlain(text, LIMITS.headerText), emoji: true } };
}

/**
 * One section per chunk of escaped mrkdwn lines; lines are packed up to the section limit.
 * verbatim: true stops Slack from auto-linking names or parsing mentions in the text.
 */
export function sections(lines: string[], accessory?: ButtonElement): Block[] {
  const chunks = packLines(lines.filter((l) => l !== undefined), LIMITS.sectionText);
  return chunks.map((text, i) => ({
    type: 'section',
    text: { type: 'mrkdwn', text, verbatim: true },
    ...(accessory && i === 0 ? { accessory } : {}),
  }));
}

/** Sections holding raw text, split (never cut) at paragraph, sentence or word boundaries. */
export function textSections(raw: string, prefix?: string): Block[] {
  const room = LIMITS.sectionText - (prefix ? prefix.length + 1 : 0);
  const pieces = splitEscaped(raw, room);
  if (prefix && pieces.length) pieces[0] = `${prefix}\n${pieces[0]}`;
  return pieces.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }));
}

/** A context block of escaped mrkdwn pieces. */
export function context(...texts: string[]): Block {
  const elements = texts
    .filter(Boolean)
    .slice(0, LIMITS.contextElements)
    .map((t) => ({ type: 'mrkdwn' as const, text: packLines([t], LIMITS.contextText)[0] ?? ' ', verbatim: true }));
  return { type: 'context', elements };
}

export function divider(): Block {
  return { type: 'divider' };
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): ButtonElement {
  return {
    type: 'button',
    text: { type: 'plain_text', text: clipPlain(text, LIMITS.buttonText), emoji: true },
    action_id: actionId.slice(0, LIMITS.actionId),
    value: value.slice(0, LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

export function actions(blockId: string, ...elements: ButtonElement[]): Block {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, LIMITS.actionsElements) };
}

/**
 * Splits blocks into messages of at most `max` blocks, preferring to cut at a divider in the
 * second half of a chunk so a criterion's blocks stay together; each keeps the fallback text.
 */
export function chunkMessage(text: string, blocks: Block[], max: number = LIMITS.blocksPerMessage): SlackMessage[] {
  const fallback = packLines([text], LIMITS.fallbackText)[0] ?? ' ';
  if (blocks.length <= max) return [{ text: fallback, blocks }];
  const out: SlackMessage[] = [];
  let rest = blocks;
  while (rest.length > max) {
    let cut = max;
    for (let i = max; i > max / 2; i--) {
      if (rest[i]?.type === 'divider') {
        cut = i;
        break;
      }
    }
    out.push({ text: fallback, blocks: rest.slice(0, cut) });
    rest = rest.slice(cut);
    while (rest[0]?.type === 'divider') rest = rest.slice(1);
  }
  if (rest.length) out.push({ text: fallback, blocks: rest });
  return out;
}
