/**
 * The Teams agent: routes activities to the core and renders its replies as Adaptive Cards.
 *
 * - Installation (conversationUpdate adding the bot, or installationUpdate): store the
 *   conversation reference as plain ids and greet once.
 * - Personal chat: commands, card buttons (message activities with `value`), and answers.
 * - Channels: commands when the bot is mentioned; a reply in the thread of a posted daily prompt
 *   is an answer, graded with feedback sent privately; other channel chatter is ignored.
 *
 * Messages are acknowledged at once and handled in a continued turn (see tasks.ts), because
 * grading can take longer than Teams waits for an HTTP answer.
 */
import { Activity, ActivityTypes } from '@microsoft/agents-activity';
import { AgentApplication, TurnState, type CloudAdapter, type TurnContext } from '@microsoft/agents-hosting';
import type { Core } from '../app';
import type { AnswerOptions } from '../core/coach';
import { createLeaderboard, type Leaderboard } from '../core/leaderboard';
import { t } from '../core/messages';
import { personKey, type Logger, type Person } from '../core/ports';
import type { CoachReply } from '../core/replies';
import type { Language } from '../core/types';
import { helpCard, label, renderReplies, type TeamsMessage } from './cards';
import { isCategory, parseCommand, parseSubmit, type Command } from './commands';
import { replaceThenReply, reply } from './messages';
import type { Proactive } from './proactive';
import {
  conversationTypeOf,
  referenceFromActivity,
  referenceKey,
  saveReference,
  tenantOf,
  type StoredReference,
} from './references';
import type { BackgroundTasks } from './tasks';

/** A scenario posted into a channel; replies in its thread are answers to it. */
export interface PostedPrompt {
  scenarioId: string;
  conversationId: string;
  language: Language;
  postedAt: number;
}

export const POST_PREFIX = 'teams:post:';
const PENDING_DAILY_PREFIX = 'teams:pending-daily:';
const ANSWERED_PREFIX = 'teams:post-answer:';
/** Thread replies shorter than this, without a mention, are conversation, not answers. */
const MIN_THREAD_ANSWER_WORDS = 8;

/** Thrown after telling the person in the thread that their personal chat could not be reached. */
class PrivateDeliveryFailed extends Error {}

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

interface PendingDaily {
  scenarioId: string;
  answer: string;
  at: number;
  done?: boolean;
}

export interface TeamsAgentDeps {
  core: Core;
  adapter: CloudAdapter;
  proactive: Proactive;
  tasks: BackgroundTasks;
  /** The process logger (not scoped to the platform: the coach adds platform and user itself). */
  log: Logger;
  /** The core's leaderboard; built from the core when not given. */
  leaderboard?: Leaderboard;
  now?: () => number;
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

export function createTeamsAgent(deps: TeamsAgentDeps): AgentApplication<TurnState> {
  const { core, adapter, proactive, tasks } = deps;
  const { coach, store } = core;
  const now = deps.now ?? Date.now;
  const board = deps.leaderboard ?? createLeaderboard({ store, library: core.library, coach });

  const app = new AgentApplication<TurnState>({
    adapter,
    // Teams puts "<at>FDE Coach</at>" in channel messages; the SDK strips the bot's mention.
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });

  /** The person's chosen language, their session's, or their Teams locale's. */
  async function languageFor(person: Person, a: Activity): Promise<Language> {
    const key = personKey(person);
    const user = await store.getUser(key);
    if (user?.language) return user.language;
    return (await store.getSession(key))?.language ?? localeLanguage(a);
  }

  const send = (ctx: TurnContext, replies: CoachReply[]) => reply(ctx, renderReplies(replies));

  /**
   * Runs a coach call that may grade: posts "Grading..." just before grading starts, then
   * replaces it with the first reply, as the Slack adapter does with chat.update.
   */
  async function withGrading(
    ctx: TurnContext,
    person: Person,
    log: Logger,
    run: (opts: AnswerOptions) => Promise<CoachReply[]>,
  ): Promise<void> {
    const lang = await languageFor(person, ctx.activity);
    let placeholder: string | undefined;
    const replies = await run({
      log,
      onGrading: async () => {
        const r = await ctx.sendActivity(Activity.fromObject({ type: ActivityTypes.Message, text: label(lang, 'grading') }));
        placeholder = r?.id;
      },
    });
    await replaceThenReply(ctx, placeholder, renderReplies(replies), (err) =>
      log.warn({ err, platform: 'teams', user: person.userId }, 'could not update the grading placeholder; sending anew'),
    );
  }

  /** One board per team (the tenant), from the core. */
  async function leaderboard(person: Person, args: string, lang: Language): Promise<TeamsMessage[]> {
    return renderReplies(await board.command(person, args, lang));
  }

  /** Grades again a failed answer: a practice session's, else a daily answer kept here. */
  async function retry(person: Person, log: Logger, opts: AnswerOptions): Promise<CoachReply[]> {
    const replies = await coach.retry(person, opts);
    const nothing = replies.length === 1 && replies[0]!.kind === 'notice' && replies[0]!.code === 'nothing-to-retry';
    const key = PENDING_DAILY_PREFIX + personKey(person);
    const pending = nothing ? await store.getDoc<PendingDaily>(key) : undefined;
    if (!pending || pending.done) return replies;
    await opts.onGrading?.();
    try {
      const graded = await coach.gradeOnce(person, pending.scenarioId, pending.answer, { source: 'daily', log });
      await store.putDoc<PendingDaily>(key, { ...pending, done: true });
      return graded;
    } catch (err) {
      log.error({ err, platform: 'teams', user: person.userId }, 'grading a kept channel answer failed again; still kept');
      return [failedNotice(replies[0]!.language, err)];
    }
  }

  /** The core's "grading failed, answer kept" notice, with Retry. */
  function failedNotice(lang: Language, err: unknown): CoachReply {
    const reason = (err as { code?: string }).code ?? 'grader error';
    return { kind: 'notice', language: lang, code: 'grading-failed', text: t(lang, 'grading-failed', { reason }), retryable: true };
  }

  /** A command or card button in personal chat. */
  async function personalCommand(ctx: TurnContext, person: Person, cmd: Command, log: Logger): Promise<void> {
    const lang = () => languageFor(person, ctx.activity);
    switch (cmd.kind) {
      case 'answer':
        return withGrading(ctx, person, log, (opts) => coach.answer(person, cmd.text, opts));
      case 'practice':
        await send(ctx, await coach.start(person, { category: cmd.category, difficulty: cmd.difficulty }, log));
        return;
      case 'skip':
        return withGrading(ctx, person, log, (opts) => coach.skip(person, opts));
      case 'stop':
        return withGrading(ctx, person, log, (opts) => coach.stop(person, opts));
      case 'retry':
        return withGrading(ctx, person, log, (opts) => retry(person, log, opts));
      case 'categories':
        await send(ctx, coach.categories(await lang()));
        return;
      case 'stats':
        await send(ctx, await coach.stats(person));
        return;
      case 'leaderboard':
        await reply(ctx, await leaderboard(person, cmd.args, await lang()));
        return;
      case 'lang':
        if (cmd.language) await send(ctx, await coach.setLanguage(person, cmd.language));
        else await reply(ctx, [{ kind: 'text', text: '`lang en` · `lang ko`' }]);
        return;
      case 'help':
        await reply(ctx, [{ kind: 'card', card: helpCard(await lang()) }]);
        return;
    }
  }

  function commandFromSubmit(value: unknown): Command | undefined {
    const s = parseSubmit(value);
    if (!s) return undefined;
    switch (s.action) {
      case 'skip':
        return { kind: 'skip' };
      case 'end':
        return { kind: 'stop' };
      case 'retry':
        return { kind: 'retry' };
      case 'another':
        return { kind: 'practice' };
      case 'practice':
        return {
          kind: 'practice',
          category: isCategory(s.category) ? s.category : undefined,
          difficulty: s.difficulty === 'easy' || s.difficulty === 'medium' || s.difficulty === 'hard' ? s.difficulty : undefined,
        };
      case 'stats':
        return { kind: 'stats' };
      case 'categories':
        return { kind: 'categories' };
      case 'help':
        return { kind: 'help' };
    }
  }

  /** An answer in the thread of a posted prompt: graded once per person, feedback sent privately. */
  async function channelAnswer(
    ctx: TurnContext,
    person: Person,
    postId: string,
    post: PostedPrompt,
    text: string,
    log: Logger,
    privately: (m: TeamsMessage[]) => Promise<void>,
  ) {
    const lang = await languageFor(person, ctx.activity);
    const answeredKey = `${ANSWERED_PREFIX}${postId}:${personKey(person)}`;
    if (await store.getDoc(answeredKey)) {
      await reply(ctx, [{ kind: 'text', text: label(lang, 'alreadyAnswered') }]);
      return;
    }
    await store.putDoc(answeredKey, { at: now() });
    await reply(ctx, [{ kind: 'text', text: label(lang, 'dailyReceived') }]);
    let replies: CoachReply[];
    try {
      replies = await coach.gradeOnce(person, post.scenarioId, text, { source: 'daily', log });
    } catch (err) {
      // The answer is kept so `retry` can grade it later: a received answer is never lost.
      log.error({ err, platform: 'teams', user: person.userId, scenarioId: post.scenarioId }, 'grading a channel answer failed; kept for retry');
      await store.putDoc<PendingDaily>(PENDING_DAILY_PREFIX + personKey(person), { scenarioId: post.scenarioId, answer: text, at: now() });
      replies = [failedNotice(lang, err)];
    }
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
    const via = referenceFromActivity(a, now());
    // Scores and sessions are private: they go to the person's personal chat. If that fails
    // (the person blocked the bot, the connector refused), say so in the thread.
    const privately = async (messages: TeamsMessage[]) => {
      try {
        await proactive.sendToPerson(personKey(person), messages, {
          via,
          user: { id: a.from!.id!, aadObjectId: a.from?.aadObjectId, name: a.from?.name },
        });
      } catch (err) {
        log.error({ err, platform: 'teams', user: person.userId }, 'could not message the person privately');
        await reply(ctx, [{ kind: 'text', text: label(await lang(), 'proactiveFailed') }]);
        throw new PrivateDeliveryFailed();
      }
    };
    const fromButton = commandFromSubmit(a.value);
    const cmd = fromButton ?? parseCommand(a.text ?? '');
    const root = threadRoot(a);
    const post = root ? await store.getDoc<PostedPrompt>(POST_PREFIX + root) : undefined;
    const mentioned = mentionsBot(a);
    // In a prompt's thread an answer counts; a short aside ("nice one!") not addressed to the bot does not.
    if (post && cmd.kind === 'answer' && (mentioned || wordCount(cmd.text) >= MIN_THREAD_ANSWER_WORDS))
      return channelAnswer(ctx, person, root!, post, cmd.text, log, privately);
    if (!fromButton && !mentioned) return; // channel chatter not addressed to the bot
    const ackPrivate = async () => reply(ctx, [{ kind: 'text', text: label(await lang(), 'channelPrivate') }]);
    switch (cmd.kind) {
      case 'answer':
        await reply(ctx, [{ kind: 'text', text: label(await lang(), 'channelHint') }]);
        return;
      case 'help':
        await reply(ctx, [{ kind: 'card', card: helpCard(await lang()) }]);
        return;
      case 'categories':
        await send(ctx, coach.categories(await lang()));
        return;
      case 'leaderboard':
        await reply(ctx, await leaderboard(person, cmd.args, await lang()));
        return;
      case 'lang':
        if (cmd.language) await send(ctx, await coach.setLanguage(person, cmd.language));
        else await reply(ctx, [{ kind: 'text', text: '`lang en` · `lang ko`' }]);
        return;
      case 'practice':
        await privately(renderReplies(await coach.start(person, { category: cmd.category, difficulty: cmd.difficulty }, log)));
        await ackPrivate();
        return;
      case 'stats':
        await privately(renderReplies(await coach.stats(person)));
        await ackPrivate();
        return;
      case 'skip':
        await privately(renderReplies(await coach.skip(person, { log })));
        await ackPrivate();
        return;
      case 'stop':
        await privately(renderReplies(await coach.stop(person, { log })));
        await ackPrivate();
        return;
      case 'retry':
        await privately(renderReplies(await retry(person, log, { log })));
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
    await saveReference(store, referenceFromActivity(a, now()));
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
    const ref = referenceFromActivity(a, now());
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
