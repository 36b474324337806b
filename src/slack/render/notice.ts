/** Notices from the core (core/messages.ts wording); a retryable one carries Retry and Discard. */
import type { NoticeReply } from '../../core/replies';
import { ACTION } from '../action-ids';
import { actions, button, chunkMessage, sections, type Block, type SlackMessage } from './blocks';
import { LABELS } from './labels';
import { escapeMrkdwn as esc, splitEscaped } from './mrkdwn';

export function renderNotice(r: NoticeReply): SlackMessage[] {
  const l = LABELS[r.language];
  const icon = r.retryable || r.notGraded ? ':warning: ' : '';
  const pieces = splitEscaped(r.text, 2900);
  const blocks: Block[] = sections(pieces.map((p, i) => (i === 0 ? icon + p : p)));
  if (r.retryable)
    blocks.push(
      actions(`notice-${r.code}`, button(l.retry, ACTION.retry, r.code, 'primary'), button(l.discard, ACTION.end, '', 'danger')),
    );
  return chunkMessage(esc(r.text), blocks);
}
