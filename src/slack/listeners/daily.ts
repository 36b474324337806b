/**
 * The daily prompt's interactive parts: "Answer privately" on a prompt opens a modal (views.open
 * with the trigger_id, so it runs as soon as the click is acknowledged); submitting the modal is
 * acknowledged at once (an empty answer is refused in the modal itself) and the answer is graded
 * privately, feedback in the DM; Retry on a kept daily answer grades it again.
 */
import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import { td } from '../../core/daily-messages';
import { teamKey, personKey, type Person } from '../../core/ports';
import { detectLanguage, normalizeAnswer } from '../../core/text';
import type { Language } from '../../core/types';
import { ACTION, DAILY_MODAL } from '../action-ids';
import type { SlackAdapter } from '../adapter';
import { dailyAnswer, dailyRetry } from '../daily-flows';
import { parseModalMetadata, renderAnswerModal, renderFailure, renderInfoModal, withoutButtons, type Block, type ModalView } from '../render';
import { LABELS } from '../render/labels';

/** The language for the modal: the person's own setting, else the language of the team's posts. */
async function modalLanguage(a: SlackAdapter, person: Person): Promise<Language> {
  const [user, settings] = await Promise.all([a.core.store.getUser(personKey(person)), a.core.daily.getSettings(teamKey(person))]);
  return user?.language ?? settings?.language ?? 'en';
}

/** The modal for the prompt of `day`: the answer form, or a note when there is nothing to answer. */
async function modalFor(a: SlackAdapter, person: Person, day: string): Promise<ModalView> {
  const lang = await modalLanguage(a, person);
  const post = await a.core.daily.findPost(teamKey(person), { day });
  const scenario = post?.status === 'posted' ? a.core.library.scenario(post.scenarioId) : undefined;
  if (!scenario) return renderInfoModal(lang, td(lang, 'daily-no-post'));
  const record = await a.core.daily.answerRecord(person, day);
  if (record && record.status !== 'released') {
    const code = record.status === 'graded' ? 'daily-already-answered' : record.status === 'grading' ? 'daily-in-progress' : 'daily-pending';
    return renderInfoModal(lang, td(lang, code));
  }
  return renderAnswerModal(lang, day, { title: scenario.title[lang], situation: scenario.situation[lang] });
}

export function registerDaily(app: App, a: SlackAdapter): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION.dailyAnswer }, async ({ ack, body, action, client }) => {
    await ack();
    const person = a.person(body.team?.id ?? body.user.team_id, body.user.id);
    const logs = a.requestLog(person, { kind: 'action', action: action.action_id });
    const work = async () => {
      const view = await modalFor(a, person, action.value ?? '');
      // The trigger_id is good for 3 seconds after the click: nothing slow comes before this.
      await client.views.open({ trigger_id: body.trigger_id, view });
      logs.log.info({ day: action.value, form: view.submit !== undefined }, 'daily answer modal opened');
    };
    await a.afterAck(() => work().catch((err: unknown) => logs.log.error({ err }, 'opening the daily answer modal failed')));
  });

  app.view<ViewSubmitAction>(DAILY_MODAL.callbackId, async ({ ack, body, view }) => {
    const person = a.person(body.team?.id ?? body.user.team_id, body.user.id);
    const meta = parseModalMetadata(view.private_metadata);
    const raw = view.state.values[DAILY_MODAL.blockId]?.[DAILY_MODAL.actionId]?.value ?? '';
    const text = normalizeAnswer(raw);
    // Checked before the ack, with no I/O: an empty answer is shown as an error in the modal.
    if (!text || !meta) {
      const lang = meta?.lang ?? detectLanguage(raw) ?? 'en';
      await ack({ response_action: 'errors', errors: { [DAILY_MODAL.blockId]: meta ? LABELS[lang].modalEmpty : LABELS[lang].failed } });
      return;
    }
    await ack();
    const logs = a.requestLog(person, { kind: 'view_submission', viewId: view.id, day: meta.day });
    logs.log.info({ chars: text.length, day: meta.day }, 'daily modal answer received');
    await a.afterAck(() =>
      dailyAnswer(a, person, { kind: 'modal', day: meta.day }, text, logs).catch(async (err: unknown) => {
        logs.log.error({ err }, 'handling a daily modal answer failed');
        const dm = await a.dmChannel(person.userId).catch(() => undefined);
        if (dm) await a.post(dm, renderFailure(meta.lang)).catch((e: unknown) => logs.log.error({ err: e }, 'could not tell the person about the failure'));
      }),
    );
  });

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION.dailyRetry }, async ({ ack, body, action }) => {
    await ack();
    const person = a.person(body.team?.id ?? body.user.team_id, body.user.id);
    const logs = a.requestLog(person, { kind: 'action', action: action.action_id });
    const work = async () => {
      const dm = await a.dmChannel(body.user.id);
      const message = body.message;
      const inDm = ((body.container?.channel_id as string | undefined) ?? body.channel?.id) === dm && message !== undefined;
      const replaced = await dailyRetry(a, person, dm, logs, inDm ? message.ts : undefined);
      // Nothing was graded in place (already graded, or nothing kept): the old button goes anyway.
      if (inDm && !replaced) {
        const note = `:white_check_mark: ${action.text.text}`;
        await a.update(dm, message.ts, { text: message.text ?? note, blocks: withoutButtons((message.blocks ?? []) as Block[], note) });
      }
    };
    await a.afterAck(() =>
      work().catch(async (err: unknown) => {
        logs.log.error({ err }, 'daily retry failed');
        const lang = await a.languageOf(person).catch(() => 'en' as const);
        const dm = await a.dmChannel(body.user.id).catch(() => undefined);
        if (dm) await a.post(dm, renderFailure(lang)).catch((e: unknown) => logs.log.error({ err: e }, 'could not tell the person about the failure'));
      }),
    );
  });
}
