/**
 * Buttons: Skip / End on a scenario, "Grade what I said" on a follow-up, Retry / Discard on a
 * failed grading, and the "another scenario" buttons. Ack first; then the clicked message loses
 * its buttons (no double clicks), and the turn runs in the DM. A Skip or End from an earlier
 * scenario does nothing but say so (which scenario is open, if any), and that message loses its
 * buttons too. Buttons that stop meaning anything are removed after each turn (live-buttons.ts).
 */
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import { personKey } from '../../core/ports';
import { DIFFICULTIES, type CategoryId, type Difficulty } from '../../core/types';
import { ACTION, START_ACTION, parseStartValue } from '../action-ids';
import type { SlackAdapter } from '../adapter';
import { sessionTurn, type SessionOp } from '../flows';
import { forgetButtons, retireButtons } from '../live-buttons';
import { dmLink, renderFailure, renderPointer, renderStale, withoutButtons, type Block, type SlackMessage } from '../render';

type ButtonKind = 'skip' | 'stop' | 'retry' | 'start';

function opFor(a: SlackAdapter, kind: ButtonKind, value: string | undefined): SessionOp {
  if (kind !== 'start') return { kind };
  const v = parseStartValue(value);
  const category = a.categoryIds.find((c) => c === v.category) as CategoryId | undefined;
  const difficulty = DIFFICULTIES.find((d) => d === v.difficulty) as Difficulty | undefined;
  return { kind: 'practice', category, difficulty };
}

export function registerActions(app: App, a: SlackAdapter): void {
  const on = (actionId: string | RegExp, kind: ButtonKind) =>
    app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: actionId }, async ({ ack, body, action, respond }) => {
      await ack();
      const person = a.person(body.team?.id ?? body.user.team_id, body.user.id);
      const logs = a.requestLog(person, { kind: 'action', action: action.action_id });
      // Buttons on the Home tab come without a response_url, so there is nothing to respond to.
      const reply: RespondFn | undefined = body.response_url ? respond : undefined;
      const tell = async (msg: SlackMessage, dm: string) => {
        if (reply) await reply({ response_type: 'ephemeral', replace_original: false, text: msg.text, blocks: msg.blocks });
        else await a.post(dm, msg);
      };
      const work = async () => {
        logs.log.info({ value: kind === 'start' ? action.value : undefined }, 'button');
        const dm = await a.dmChannel(body.user.id);
        const lang = await a.languageOf(person);
        const where = (body.container?.channel_id as string | undefined) ?? body.channel?.id;
        const message = body.message;
        const inDm = where === dm && !body.container?.is_ephemeral && message !== undefined;

        // Skip and End name their session; from an earlier scenario they do nothing but say so.
        // (Checked here to leave that old message alone, and again in the person's queue, where a
        // double click is caught.)
        const expectSessionId = (kind === 'skip' || kind === 'stop') && action.value ? action.value : undefined;
        const current = expectSessionId ? await a.core.store.getSession(personKey(person)) : undefined;
        if (expectSessionId && current?.id !== expectSessionId) {
          logs.log.info({ clicked: expectSessionId, current: current?.id }, 'stale button');
          // A message whose buttons outlived their session (posted before this fix, or its update
          // failed): it loses them now, and the person hears what is going on.
          if (inDm) {
            await retireButtons(a, person, dm, message.ts, { text: message.text ?? '', blocks: (message.blocks ?? []) as Block[] });
            await a.serial(person, () => forgetButtons(a, person, message.ts));
          }
          await tell(renderStale(lang, !current), dm);
          return;
        }
        // Buttons tied to a moment (a scenario, a follow-up, a summary, a failed grading) go once
        // used; lists that offer a start (categories, help, welcome) keep theirs.
        const consumes = kind === 'skip' || kind === 'stop' || /^fde_start_(same|any|weak)$/.test(action.action_id);
        if (inDm && consumes) {
          const note = `:white_check_mark: ${action.text.text}`;
          await a.update(dm, message.ts, { text: message.text ?? note, blocks: withoutButtons((message.blocks ?? []) as Block[], note) });
        }
        if (where && where !== dm && reply) await tell(renderPointer(lang, dmLink(body.team?.id, body.api_app_id)), dm);
        const replies = await sessionTurn(a, person, dm, opFor(a, kind, action.value), logs, {
          replaceTs: kind === 'retry' && inDm ? message.ts : undefined,
          expectSessionId,
          clickedTs: inDm && consumes ? message.ts : undefined,
        });
        if (!replies) await tell(renderStale(lang, !(await a.core.store.getSession(personKey(person)))), dm);
      };
      await a.afterAck(() =>
        work().catch(async (err: unknown) => {
          logs.log.error({ err }, 'button failed');
          const lang = await a.languageOf(person).catch(() => 'en' as const);
          const dm = await a.dmChannel(body.user.id).catch(() => undefined);
          if (dm) await a.post(dm, renderFailure(lang)).catch((e: unknown) => logs.log.error({ err: e }, 'could not tell the person about the failure'));
        }),
      );
    });
  on(ACTION.skip, 'skip');
  on(ACTION.end, 'stop');
  on(ACTION.retry, 'retry');
  on(START_ACTION, 'start');
}
