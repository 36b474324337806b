/**
 * The Teams agent: routes activities to the core and renders its replies as Adaptive Cards.
 *
 * - Installation (conversationUpdate adding the bot, or installationUpdate): store the
 *   conversation reference as plain ids and greet once.
 * - Personal chat: commands, card buttons (message activities with `value`), and answers.
 * - Channels: commands when the bot is mentioned (`daily ...` for admins among them); a reply in
 *   the thread of a posted daily prompt, or the prompt card's "Answer privately", is an answer,
 *   graded once by the core's daily service with feedback sent privately; other chatter is ignored.
 *
 * Messages are acknowledged at once and handled in a continued turn (see tasks.ts), because
 * grading can take longer than Teams waits for an HTTP answer.
 */
import { Activity, ActivityTypes } from '@microsoft/agents-activity';
import { AgentApplication, TurnState, type CloudAdapter, type TurnContext } from '@microsoft/agents-hosting';
import type { Core } from '../app';
import type { AnswerOptions } from '../core/coach';
import { isThreadAnswer, parseDailyCommand, type DailyPublisher, type MessageRef } from '../core/daily';
import { personKey, teamKey, type Logger, type Person } from '../core/ports';
import type { Language } from '../core/types';
import { helpCard, label, renderReplies, type TeamsMessage, type TeamsReply } from './cards';
import { isCategory, parseCommand, parseSubmit, type Command } from './commands';
import { baseConversationId, isTeamsDailyAdmin, postRef, unreachableChannelHint, withTeamsHints } from './daily';
import { replaceThenReply, reply } from './messages';
import type { Proactive } from './proactive';
import {
  channelReferenceKey,
  conversationTypeOf,
  referenceFromActivity,
  referenceKey,
  saveChannelReference,
  saveReference,
  tenantOf,
  withStoredServiceUrl,
  type StoredReference,
} from './references';
import type { BackgroundTasks } from './tasks';

/** Thrown after telling the person in the thread that their personal chat could not be reached. */
class PrivateDeliveryFailed extends Error {}

/** Commands answered where they were typed, in personal chat and in channels alike. */
const IN_PLACE = ['help', 'categories', 'leaderboard', 'lang'] as const;
type InPlaceCommand = Extract<Command, { kind: (typeof IN_PLACE)[number] }>;
const isInPlace = (cmd: Command): cmd is InPlaceCommand => (IN_PLACE as readonly string[]).includes(cmd.kind);
/** Commands that act on the person's practice session or kept answers, and may grade. */
type GradingCommand = Extract<Command, { kind: 'skip' | 'stop' | 'retry' | 'daily-retry' }>;

export interface TeamsAgentDeps {
  core: Core;
  adapter: CloudAdapter;
  proactive: Proactive;
  tasks: BackgroundTasks;
  /** Posts the daily prompt into team channels (for `daily now`); the same one main.ts schedules. */
  publisher: DailyPublisher;
  /** The process logger (not scoped to the platform: the coach adds platform and user itself). */
  log: Logger;
  now?: () => number;
  /**
   * True when every activity carries a verified token (a client id is configured). Otherwise an
   * activity's serviceUrl is not trusted to move a stored conversation (references.ts).
   */
  authenticated?: boolean;
}

/** Who sent the activity, as the core knows people. */
export function personOf(a: Activity): Person {
  return {
    platform: 'teams',
    teamId: tenantOf(a),
    userId: a.from?.aadObjectId ?? a.from?.id ?? 'unknown',
    ...(a.from?.name ? { displayName: a.from.name } : {}),
  };
}

/** The root message id of the channel thread an activity belongs to. */
export function threadRoot(a: Activity): string | undefined {
  const m = /;messageid=(\d+|[^;]+)$/.exec(a.conversation?.id ?? '');
  return m?.[1] ?? a.replyToId ?? undefined;
}

function mentionsBot(a: Activity): boolean {
  const bot = a.recipient?.id;
  return (a.entities ?? []).some(
    (e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === bot,
  ) || /<at[^>]*>/i.test(a.text ?? '');
}

const localeLanguage = (a: Activity): Language => (a.locale?.toLowerCase().startsWith('ko') ? 'ko' : 'en');

const isNothingToRetry = (replies: TeamsReply[]) =>
  replies.length === 1 &&
  ((replies[0]!.kind === 'notice' && replies[0]!.code === 'nothing-to-retry') ||
    (replies[0]!.kind === 'daily-notice' && replies[0]!.code === 'daily-nothing-to-retry'));

export function createTeamsAgent(deps: TeamsAgentDeps): AgentApplication<TurnState> {
  const { core, adapter, proactive, tasks, publisher } = deps;
  const { coach, store, daily, leaderboard } = core;
  const now = deps.now ?? Date.now;

  /**
   * The reference to store (or to open a chat through) for an activity: as it came when it is
   * authenticated, else with the serviceUrl its conversation was stored with.
   */
  async function trustedReference(a: Activity, keys?: string[]): Promise<StoredReference> {
    const ref = referenceFromActivity(a, now());
    if (deps.authenticated) return ref;
    const kept = await withStoredServiceUrl(store, ref, keys);
    if (kept.serviceUrl !== ref.serviceUrl)
      deps.log.warn(
        { platform: 'teams', conversation: ref.conversationId, stored: kept.serviceUrl, sent: ref.serviceUrl },
        'unauthenticated activity with another serviceUrl; keeping the stored one',
      );
    return kept;
  }

  const app = new AgentApplication<TurnState>({
    adapter,
    // Teams puts "<at>FDE Coach</at>" in channel messages; the SDK strips the bot's mention.
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });

  /** The person's chosen language, their session's, or their Teams locale's. */
  function languageFor(person: Person, a: Activity): Promise<Language> {
    return coach.languageOf(person, { fallback: localeLanguage(a) });
  }

  const send = (ctx: TurnContext, replies: TeamsReply[]) => reply(ctx, renderReplies(replies));

  /**
   * Runs a call that may grade: posts "Grading..." just before grading starts (once, even when
   * several kept answers are graded), then replaces it with the first reply, as the Slack
   * adapter does with chat.update.
   */
  async function withGrading(
    ctx: TurnContext,
    person: Person,
    log: Logger,
    run: (opts: AnswerOptions) => Promise<TeamsReply[]>,
  ): Promise<void> {
    const lang = await languageFor(person, ctx.activity);
    let placeholder: Promise<string | undefined> | undefined;
    const replies = await run({
      log,
      onGrading: async () => {
        placeholder ??= ctx
          .sendActivity(Activity.fromObject({ type: ActivityTypes.Message, text: label(lang, 'grading') }))
          .then((r) => r?.id);
        await placeholder;
      },
    });
    await replaceThenReply(ctx, await placeholder?.catch(() => undefined), renderReplies(replies), (err) =>
      log.warn({ err, platform: 'teams', user: person.userId }, 'could not update the grading placeholder; sending anew'),
    );
  }

  /** Grades again a failed answer: the practice session's, else the person's kept daily answers. */
  async function retry(person: Person, opts: AnswerOptions): Promise<TeamsReply[]> {
    const replies = await coach.retry(person, opts);
    if (!isNothingToRetry(replies)) return replies;
    const fromDaily = await daily.retryDaily(person, undefined, opts);
    return isNothingToRetry(fromDaily) ? replies : fromDaily;
  }

  /**
   * `daily ...`, through the core. Admins are FDE_ADMINS only (see daily.ts). In a channel the
   * command names that channel with `here`, and an admin's command stores the channel's
   * reference so the prompt can be posted there even when it is not the one the app was added in.
   */
  async function dailyCommand(ctx: TurnContext, person: Person, args: string, log: Logger): Promise<TeamsMessage[]> {
    const a = ctx.activity;
    const isAdmin = isTeamsDailyAdmin(a, core.config.admins);
    const inChannel = conversationTypeOf(a) !== 'personal';
    const channelId = inChannel ? baseConversationId(a.conversation?.id ?? '') : undefined;
    if (channelId && isAdmin) {
      const own = referenceFromActivity(a, now());
      await saveChannelReference(store, await trustedReference(a, [channelReferenceKey(own.conversationId), referenceKey(own)]));
    }
    const lang = await languageFor(person, a);
    const replies = withTeamsHints(await daily.command(person, args, { isAdmin, language: lang, channelId, publisher, log }));
    const messages = renderReplies(replies);
    for (const r of replies) {
      if (r.kind !== 'daily-settings') continue;
      const hint = await unreachableChannelHint(store, r.settings.channelId, lang);
      if (hint) messages.push({ kind: 'text', text: hint });
    }
    return messages;
  }

  /**
   * The commands answered where they were typed, the same way in personal chat and in a channel:
   * nothing in their reply is private.
   */
  async function inPlaceCommand(ctx: TurnContext, person: Person, cmd: InPlaceCommand): Promise<void> {
    const lang = () => languageFor(person, ctx.activity);
    switch (cmd.kind) {
      case 'help':
        await reply(ctx, [{ kind: 'card', card: helpCard(await lang()) }]);
        return;
      case 'categories':
        await send(ctx, coach.categories(await lang()));
        return;
      case 'leaderboard':
        await send(ctx, await leaderboard.command(person, cmd.args, await lang()));
        return;
      case 'lang':
        if (cmd.language) await send(ctx, await coach.setLanguage(person, cmd.language));
        else await reply(ctx, [{ kind: 'text', text: '`lang en` · `lang ko`' }]);
        return;
    }
  }

  /** The core call behind a command that may grade the person's kept answer (skip and stop grade what was said). */
  function gradingCommand(person: Person, cmd: GradingCommand, opts: AnswerOptions): Promise<TeamsReply[]> {
    switch (cmd.kind) {
      case 'skip':
        return coach.skip(person, opts);
      case 'stop':
        return coach.stop(person, opts);
      case 'retry':
        return retry(person, opts);
      case 'daily-retry':
        return daily.retryDaily(person, undefined, opts);
    }
  }

  /** A command or card button in personal chat. */
  async function personalCommand(ctx: TurnContext, person: Person, cmd: Command, log: Logger): Promise<void> {
    if (isInPlace(cmd)) return inPlaceCommand(ctx, person, cmd);
    const lang = () => languageFor(person, ctx.activity);
    switch (cmd.kind) {
      case 'answer':
        return withGrading(ctx, person, log, (opts) => coach.answer(person, cmd.text, opts));
      case 'practice':
        await send(ctx, await coach.start(person, { category: cmd.category, difficulty: cmd.difficulty }, log));
        return;
      case 'skip':
      case 'stop':
      case 'retry':
      case 'daily-retry':
        return withGrading(ctx, person, log, (opts) => gradingCommand(person, cmd, opts));
      case 'daily-answer':
        return withGrading(ctx, person, log, (opts) => daily.answerDaily(person, { day: cmd.day }, cmd.text, opts));
      case 'daily':
        await reply(ctx, await dailyCommand(ctx, person, cmd.args, log));
        return;
      case 'stats': {
        const language = await lang();
        const replies: TeamsReply[] = [await leaderboard.progress(person, language)];
        if (isTeamsDailyAdmin(ctx.activity, core.config.admins)) replies.push(await coach.usageReport(language));
        await send(ctx, replies);
        return;
      }
    }
  }

  function commandFromSubmit(value: unknown): Command | undefined {
    const s = parseSubmit(value);
    if (!s) return undefined;
    switch (s.action) {
      // A button named after its command.
      case 'skip':
      case 'retry':
      case 'daily-retry':
      case 'stats':
      case 'categories':
      case 'help':
        return { kind: s.action };
      case 'end':
        return { kind: 'stop' };
      case 'daily-answer':
        return { kind: 'daily-answer', day: s.day ?? '', text: s.answer ?? '' };
      case 'another':
        return { kind: 'practice' };
      case 'practice':
        return {
          kind: 'practice',
          category: isCategory(s.category) ? s.category : undefined,
          difficulty: s.difficulty === 'easy' || s.difficulty === 'medium' || s.difficulty === 'hard' ? s.difficulty : undefined,
        };
    }
  }

  /**
   * An answer in the thread of a daily post, graded once per person by core.daily. Receipt is a
   * short reply in the thread, sent only when the answer is taken for grading (it names the
   * person, never a score); the feedback, or the notice that a second answer is not graded, goes
   * to the person's personal chat.
   */
  async function threadAnswer(
    ctx: TurnContext,
    person: Person,
    ref: MessageRef,
    text: string,
    log: Logger,
    privately: (m: TeamsMessage[]) => Promise<void>,
  ): Promise<void> {
    const lang = await languageFor(person, ctx.activity);
    const name = ctx.activity.from?.name;
    const replies = await daily.answerDaily(person, { message: ref }, text, {
      log,
      onGrading: async () => {
        await reply(ctx, [{ kind: 'text', text: name ? label(lang, 'dailyReceived', { name }) : label(lang, 'dailyReceivedAnon') }]);
      },
    });
    await privately(renderReplies(replies));
  }

  /** The daily prompt card's "Answer privately": nothing of it appears in the channel. */
  async function privateDailyAnswer(
    ctx: TurnContext,
    person: Person,
    cmd: Extract<Command, { kind: 'daily-answer' }>,
    log: Logger,
    privately: (m: TeamsMessage[]) => Promise<void>,
  ): Promise<void> {
    const lang = await languageFor(person, ctx.activity);
    const replies = await daily.answerDaily(person, { day: cmd.day }, cmd.text, {
      log,
      onGrading: () => privately([{ kind: 'text', text: label(lang, 'dailyReceivedPrivately') }]),
    });
    await privately(renderReplies(replies));
  }

  /** Channel and group chat: commands when mentioned, answers in prompt threads, else quiet. */
  async function channelMessage(ctx: TurnContext, person: Person, log: Logger): Promise<void> {
    try {
      await channelMessageInner(ctx, person, log);
    } catch (err) {
      if (!(err instanceof PrivateDeliveryFailed)) throw err; // already told the person
    }
  }

  async function channelMessageInner(ctx: TurnContext, person: Person, log: Logger): Promise<void> {
    const a = ctx.activity;
    const lang = () => languageFor(person, a);
    const via = await trustedReference(a);
    // Scores and sessions are private: they go to the person's personal chat. If that fails
    // (the person blocked the bot, the connector refused), say so in the thread, once.
    let toldUnreachable = false;
    const privately = async (messages: TeamsMessage[]) => {
      try {
        await proactive.sendToPerson(personKey(person), messages, {
          via,
          user: { id: a.from!.id!, aadObjectId: a.from?.aadObjectId, name: a.from?.name },
        });
      } catch (err) {
        log.error({ err, platform: 'teams', user: person.userId }, 'could not message the person privately');
        if (!toldUnreachable) await reply(ctx, [{ kind: 'text', text: label(await lang(), 'proactiveFailed') }]);
        toldUnreachable = true;
        throw new PrivateDeliveryFailed();
      }
    };
    const fromButton = commandFromSubmit(a.value);
    const cmd = fromButton ?? parseCommand(a.text ?? '');
    const mentioned = mentionsBot(a);
    // In a daily prompt's thread an answer counts; a short aside ("nice one!") not addressed to
    // the bot does not. The post is looked up only for messages that could be answers.
    const root = threadRoot(a);
    if (root && cmd.kind === 'answer' && isThreadAnswer(cmd.text, mentioned)) {
      const ref = postRef(a.conversation?.id ?? '', root);
      const post = await daily.findPost(teamKey(person), { message: ref });
      if (post?.status === 'posted') return threadAnswer(ctx, person, ref, cmd.text, log, privately);
    }
    if (!fromButton && !mentioned) return; // channel chatter not addressed to the bot
    if (isInPlace(cmd)) return inPlaceCommand(ctx, person, cmd);
    const ackPrivate = async () => reply(ctx, [{ kind: 'text', text: label(await lang(), 'channelPrivate') }]);
    switch (cmd.kind) {
      case 'answer':
        await reply(ctx, [{ kind: 'text', text: label(await lang(), 'channelHint') }]);
        return;
      case 'daily-answer':
        return privateDailyAnswer(ctx, person, cmd, log, privately);
      case 'daily': {
        // `daily retry` grades: its feedback is private. Everything else answers where it was typed.
        const messages = await dailyCommand(ctx, person, cmd.args, log);
        if (parseDailyCommand(cmd.args).kind !== 'retry') {
          await reply(ctx, messages);
          return;
        }
        await privately(messages);
        await ackPrivate();
        return;
      }
      case 'practice':
        await privately(renderReplies(await coach.start(person, { category: cmd.category, difficulty: cmd.difficulty }, log)));
        await ackPrivate();
        return;
      case 'stats':
        await privately(renderReplies([await leaderboard.progress(person, await lang())]));
        await ackPrivate();
        return;
      case 'skip':
      case 'stop':
      case 'retry':
      case 'daily-retry':
        await privately(renderReplies(await gradingCommand(person, cmd, { log })));
        await ackPrivate();
        return;
    }
  }

  async function handleMessage(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const person = personOf(a);
    // One logger per request; the coach adds platform and user to its own lines.
    const log = deps.log.child({ conversation: a.conversation?.id, activity: a.id });
    if (conversationTypeOf(a) !== 'personal') return channelMessage(ctx, person, log);
    // Kept current so idle-out grading and channel feedback can reach this chat later.
    await saveReference(store, await trustedReference(a));
    const button = commandFromSubmit(a.value);
    if (a.value !== undefined && !button && !a.text?.trim()) {
      // A press on a card from an older version, or a value that is not ours.
      await reply(ctx, [{ kind: 'text', text: label(await languageFor(person, a), 'unknownAction') }]);
      return;
    }
    const cmd = button ?? parseCommand(a.text ?? '');
    log.debug({ platform: 'teams', user: person.userId, command: cmd.kind, button: a.value !== undefined }, 'message');
    await personalCommand(ctx, person, cmd, log);
  }

  /** Stores the conversation reference and greets, once per installation. */
  async function install(ctx: TurnContext): Promise<void> {
    const a = ctx.activity;
    const ref = await trustedReference(a);
    const key = referenceKey(ref);
    const old = await store.getDoc<StoredReference & { removedAt?: number }>(key);
    await store.putDoc(key, ref);
    deps.log.info({ platform: 'teams', key, type: ref.conversationType, team: ref.teamId }, 'installed; conversation reference stored');
    if (old && !old.removedAt) return; // Teams sends both installationUpdate and conversationUpdate: greet once
    const lang = localeLanguage(a);
    if (ref.conversationType === 'personal') await reply(ctx, [{ kind: 'card', card: helpCard(lang) }]);
    else await reply(ctx, [{ kind: 'text', text: label(lang, 'welcomeTeam') }]);
  }

  async function uninstall(ctx: TurnContext): Promise<void> {
    const ref = referenceFromActivity(ctx.activity, now());
    const key = referenceKey(ref);
    const old = await store.getDoc<StoredReference>(key);
    if (old) await store.putDoc(key, { ...old, removedAt: now() });
    deps.log.info({ platform: 'teams', key }, 'uninstalled; conversation reference marked removed');
  }

  app.onConversationUpdate('membersAdded', async (ctx) => {
    const bot = ctx.activity.recipient?.id;
    if (ctx.activity.membersAdded?.some((m) => m.id === bot)) await install(ctx);
  });

  app.onConversationUpdate('membersRemoved', async (ctx) => {
    const bot = ctx.activity.recipient?.id;
    if (ctx.activity.membersRemoved?.some((m) => m.id === bot)) await uninstall(ctx);
  });

  app.onActivity(ActivityTypes.InstallationUpdate, async (ctx) => {
    const action = ctx.activity.action ?? '';
    if (action.startsWith('add')) await install(ctx);
    else if (action.startsWith('remove')) await uninstall(ctx);
  });

  app.onActivity(ActivityTypes.Message, async (ctx) => {
    // Acknowledge now; handle in a continued turn with the same activity and caller identity.
    const activity = Activity.fromObject(ctx.activity);
    const identity = ctx.identity ?? {};
    const reference = activity.getConversationReference();
    tasks.run(
      () =>
        adapter.continueConversation(identity, reference, async (turn) => {
          Object.assign(turn.activity, activity);
          await handleMessage(turn);
        }),
      (err) => deps.log.error({ err, platform: 'teams', activity: activity.id }, 'message handling failed outside a turn'),
    );
  });

  return app;
}
