/**
 * Buttons on a DM message act on the person's session: Skip (or "Grade what I said" during a
 * follow-up), End, and Retry / Discard on a failed grading. Only the newest such message keeps
 * them. The one before loses them (chat.update, with a note) once a newer one arrives or its
 * session is over (graded, skipped, ended, replaced, timed out), so nobody clicks a button that
 * can only answer "that was an earlier scenario". Which message is live is kept in the store, so
 * a restart or another instance still finds it.
 */
import { personKey, type Person } from '../core/ports';
import { ACTION } from './action-ids';
import type { SentMessage, SlackAdapter } from './adapter';
import { withoutButtons, type Block, type SlackMessage } from './render';
import { LABELS } from './render/labels';

const SESSION_ACTIONS: ReadonlySet<string> = new Set([ACTION.skip, ACTION.end, ACTION.retry]);

function hasSessionButtons(blocks: readonly Block[]): boolean {
  return blocks.some(
    (b) => b.type === 'actions' && b.elements.some((e) => 'action_id' in e && typeof e.action_id === 'string' && SESSION_ACTIONS.has(e.action_id)),
  );
}

/** The message whose buttons are live, as stored (one per person). */
interface LiveButtons {
  channel: string;
  ts: string;
  /** The session open when the buttons were posted. */
  sessionId?: string;
  message: SlackMessage;
}

const liveKey = (person: Person) => `slack:live-buttons:${personKey(person)}`;

/** Removes a message's buttons, with a note that its step is over. Best effort. */
export async function retireButtons(a: SlackAdapter, person: Person, channel: string, ts: string, message: SlackMessage): Promise<void> {
  const note = LABELS[await a.languageOf(person)].buttonsRetired;
  try {
    await a.client.chat.update({ channel, ts, text: message.text, blocks: withoutButtons(message.blocks, note) });
  } catch (err) {
    // Deleted, or too old to edit: a late click on it still gets a clear answer (actions.ts).
    a.log.warn({ err, channel }, 'could not remove the buttons of an old message');
  }
}

/**
 * After a turn (inside the person's queue): records the newest message with session buttons
 * among `sent`, and retires the previously live one when it is superseded or its session is
 * over. `handledTs` is a message the turn already dealt with (the clicked one). Never fails the
 * turn: problems are logged.
 */
export async function settleButtons(a: SlackAdapter, person: Person, channel: string, sent: readonly SentMessage[], handledTs?: string): Promise<void> {
  try {
    const key = liveKey(person);
    const newest = [...sent].reverse().find((m) => hasSessionButtons(m.message.blocks));
    const [old, current] = await Promise.all([a.core.store.getDoc<LiveButtons | null>(key), a.core.store.getSession(personKey(person))]);
    // A message rewritten in place this turn (a retried grading) or already handled is not stale.
    const oldTouched = old ? old.ts === handledTs || sent.some((m) => m.ts === old.ts) : false;
    let keep: LiveButtons | null = old ?? null;
    if (old && !oldTouched && old.ts !== newest?.ts && (newest || current?.id !== old.sessionId)) {
      await retireButtons(a, person, old.channel, old.ts, old.message);
      keep = null;
    } else if (old && oldTouched && old.ts !== newest?.ts) keep = null;
    if (newest) keep = { channel, ts: newest.ts, sessionId: current?.id, message: newest.message };
    if (newest || keep?.ts !== old?.ts) await a.core.store.putDoc<LiveButtons | null>(key, keep);
  } catch (err) {
    a.log.warn({ err, user: person.userId }, 'could not retire old buttons');
  }
}

/** Forgets the live message when it is `ts` (it was just dealt with). */
export async function forgetButtons(a: SlackAdapter, person: Person, ts: string): Promise<void> {
  const key = liveKey(person);
  const old = await a.core.store.getDoc<LiveButtons | null>(key);
  if (old?.ts === ts) await a.core.store.putDoc<LiveButtons | null>(key, null);
}
