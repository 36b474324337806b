/**
 * What every Slack listener shares: who the person is, their DM, their language, ordered
 * per-person work, and sending rendered replies (post, or update the "grading..." message in
 * place). Listeners stay thin: ack, parse, call the core, hand the replies here.
 */
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import type { webApi } from '@slack/bolt';
import type { Core } from '../app';
import type { AnyDelivery } from '../core/coach';
import { isDailyAdmin, type DailyPublisher, type DailyReply } from '../core/daily';
import { KeyedMutex } from '../core/mutex';
import { personKey, systemClock, type Clock, type Logger, type Person } from '../core/ports';
import type { CategoryId, Language } from '../core/types';
import { AckFirstGate } from './ack-first';
import { createSlackDailyPublisher } from './daily-publisher';
import { SharedClaims } from './dedupe';
import { chunkMessage, LIMITS, type Block } from './render/blocks';
import { settleButtons } from './live-buttons';
import { renderReply, type RenderContext, type SlackMessage } from './render';

type WebClient = webApi.WebClient;

/** A Map that forgets its oldest entries beyond a size. */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: K, value: V): this {
    if (this.has(key)) this.delete(key);
    super.set(key, value);
    while (this.size > this.max) this.delete(this.keys().next().value as K);
    return this;
  }
}

const NAME_TTL_MS = 6 * 60 * 60_000;

/** A message sent by send(): its ts, what it says, and whether it replaced one in place. */
export interface SentMessage {
  ts: string;
  message: SlackMessage;
  inPlace: boolean;
}

export interface RequestLogs {
  /** For the adapter's own lines: platform, team, user and the request's ids. */
  log: Logger;
  /** Passed to the coach, which adds platform and user itself. */
  coachLog: Logger;
}

export class SlackAdapter {
  readonly render: RenderContext;
  readonly dedupe: SharedClaims;
  readonly categoryIds: CategoryId[];
  /** Work behind acks waits here while other requests still wait for their ack. */
  readonly gate = new AckFirstGate();
  /** Posts the daily prompt, recap and weekly board (for the scheduler and `/fde daily now`). */
  readonly dailyPublisher: DailyPublisher;
  private readonly dms = new BoundedMap<string, string>(50_000);
  private readonly names = new BoundedMap<string, { name?: string; at: number }>(50_000);
  private readonly queue = new KeyedMutex();
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(
    readonly core: Core,
    readonly client: WebClient,
    readonly log: Logger,
    private readonly clock: Clock = systemClock,
  ) {
    const { library } = core;
    this.render = {
      categoryName: (id, lang) => library.categories.find((c) => c.id === id)?.name[lang] ?? id,
      scenarioCategory: (scenarioId) => library.scenario(scenarioId)?.category,
    };
    this.categoryIds = library.categories.map((c) => c.id);
    this.dedupe = new SharedClaims(core.store);
    this.dailyPublisher = createSlackDailyPublisher(this);
  }

  person(teamId: string | undefined, userId: string): Person {
    return { platform: 'slack', teamId: teamId ?? 'unknown', userId };
  }

  /** One child logger per request (DESIGN.md principle 5). */
  requestLog(person: Person, bindings: Record<string, unknown>): RequestLogs {
    const coachLog = this.log.child({ team: person.teamId, ...bindings });
    return { coachLog, log: coachLog.child({ platform: 'slack', user: person.userId }) };
  }

  /** The person with their Slack display name (users.info, cached; best effort). */
  async withName(person: Person): Promise<Person> {
    const key = personKey(person);
    const now = this.clock.now();
    let entry = this.names.get(key);
    if (!entry || now - entry.at > NAME_TTL_MS) {
      let name: string | undefined;
      try {
        const res = await this.client.users.info({ user: person.userId });
        const u = res.user;
        name = u?.profile?.display_name || u?.profile?.real_name || u?.real_name || u?.name || undefined;
      } catch (err) {
        this.log.debug({ err, user: person.userId }, 'users.info failed; continuing without a display name');
      }
      entry = { name, at: now };
      this.names.set(key, entry);
    }
    return entry.name ? { ...person, displayName: entry.name } : person;
  }

  /**
   * Whether Slack says the person is a workspace admin or owner (users.info: is_admin, is_owner,
   * is_primary_owner). Asked afresh each time, since it authorises a change; when Slack cannot be
   * asked, the answer is no (the person is told they are not an admin, and nothing changes).
   */
  /** An admin of this app: listed in FDE_ADMINS (no Web API call), or a workspace admin or owner. */
  async isAdmin(userId: string): Promise<boolean> {
    const admins = this.core.config.admins;
    return isDailyAdmin(userId, !admins.includes(userId) && (await this.isWorkspaceAdmin(userId)), admins);
  }

  async isWorkspaceAdmin(userId: string): Promise<boolean> {
    try {
      const res = await this.client.users.info({ user: userId });
      const u = res.user;
      return Boolean(u?.is_admin || u?.is_owner || u?.is_primary_owner);
    } catch (err) {
      this.log.warn({ err, user: userId }, 'users.info failed; treating the person as not a workspace admin');
      return false;
    }
  }

  /** Adds a reaction (receipt of a thread answer); best effort, and "already reacted" is fine. */
  async react(channel: string, ts: string, name: string): Promise<void> {
    try {
      await this.client.reactions.add({ channel, timestamp: ts, name });
    } catch (err) {
      if ((err as { data?: { error?: string } }).data?.error === 'already_reacted') return;
      this.log.warn({ err, channel }, 'reactions.add failed');
    }
  }

  rememberDm(userId: string, channel: string): void {
    if (channel.startsWith('D')) this.dms.set(userId, channel);
  }

  /** The bot's DM with the person (conversations.open, cached). */
  async dmChannel(userId: string): Promise<string> {
    const cached = this.dms.get(userId);
    if (cached) return cached;
    const res = await this.client.conversations.open({ users: userId });
    const id = res.channel?.id;
    if (!id) throw new Error('conversations.open returned no channel id');
    this.dms.set(userId, id);
    return id;
  }

  /**
   * The language to speak before the core answers (help, "grading..."): the session's, else the
   * person's setting, else the script of what they just typed, else English.
   */
  async languageOf(person: Person, typed?: string): Promise<Language> {
    return this.core.coach.languageOf(person, { typed });
  }

  /** Runs a person's turns one after the other, so their replies arrive in order. */
  serial<T>(person: Person, work: () => Promise<T>): Promise<T> {
    return this.queue.run(personKey(person), work);
  }

  /**
   * Runs the work behind an ack once the requests that arrived with it have been acknowledged
   * (next turn of the event loop, then the ack-first gate), and keeps track of it so stop() can
   * let it finish.
   */
  afterAck<T>(work: () => Promise<T>): Promise<T> {
    return this.track(
      setImmediatePromise()
        .then(() => this.gate.wait())
        .then(work),
    );
  }

  /** Keeps track of work that runs after the ack, so stop() can let it finish. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    work.then(
      () => this.inflight.delete(work),
      () => this.inflight.delete(work),
    );
    return work;
  }

  /** Waits for tracked work to finish, at most timeoutMs. */
  async drain(timeoutMs: number): Promise<void> {
    this.gate.release();
    if (!this.inflight.size) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.inflight]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  async post(channel: string, msg: SlackMessage): Promise<string | undefined> {
    const res = await this.client.chat.postMessage({
      channel,
      text: msg.text,
      blocks: msg.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    return res.ts;
  }

  /** Updates a message in place; false when Slack refused (deleted, too old...), so the caller can post instead. */
  async update(channel: string, ts: string, msg: SlackMessage): Promise<boolean> {
    try {
      await this.client.chat.update({ channel, ts, text: msg.text, blocks: msg.blocks });
      return true;
    } catch (err) {
      this.log.warn({ err, channel }, 'chat.update failed; posting instead');
      return false;
    }
  }

  async postEphemeral(channel: string, user: string, msg: SlackMessage): Promise<void> {
    await this.client.chat.postEphemeral({ channel, user, text: msg.text, blocks: msg.blocks });
  }

  /**
   * Sends the core's replies to a DM in order. A plain notice (no buttons) travels in the same
   * message as the reply after it, and a plain daily notice at the end (the streak) in the one
   * before it, so a turn posts fewer messages (Slack allows about one message per second per
   * channel). With a "grading..." placeholder, the feedback (or the grading-failed notice)
   * replaces it in place; everything else is posted as new messages.
   */
  async send(channel: string, replies: readonly DailyReply[], placeholderTs?: string): Promise<SentMessage[]> {
    const sent: SentMessage[] = [];
    const post = async (m: SlackMessage) => {
      const ts = await this.post(channel, m);
      if (ts) sent.push({ ts, message: m, inPlace: false });
    };
    const units: { reply: DailyReply; messages: SlackMessage[] }[] = [];
    let carried: Block[] = [];
    const plainNotice = (r: DailyReply) => (r.kind === 'notice' || r.kind === 'daily-notice') && !r.retryable;
    replies.forEach((reply, i) => {
      const messages = renderReply(reply, this.render);
      if (plainNotice(reply) && i < replies.length - 1) {
        carried.push(...messages.flatMap((m) => m.blocks));
        return;
      }
      const before = units[units.length - 1]?.messages.at(-1);
      const blocks = messages.flatMap((m) => m.blocks);
      if (reply.kind === 'daily-notice' && plainNotice(reply) && !carried.length && before && before.blocks.length + blocks.length <= LIMITS.blocksPerMessage) {
        before.blocks = [...before.blocks, ...blocks];
        return;
      }
      const merged = carried.length && messages[0] ? chunkMessage(messages[0].text, [...carried, ...blocks]) : messages;
      carried = [];
      units.push({ reply, messages: merged });
    });
    const outcome = units.findIndex(
      (u) => u.reply.kind === 'feedback' || ((u.reply.kind === 'notice' || u.reply.kind === 'daily-notice') && u.reply.retryable),
    );
    const inPlace = placeholderTs ? Math.max(outcome, 0) : -1;
    const replaced = units[inPlace];
    if (placeholderTs) {
      const [first, ...more] = replaced?.messages ?? [];
      if (first) {
        if (await this.update(channel, placeholderTs, first)) sent.push({ ts: placeholderTs, message: first, inPlace: true });
        else await post(first);
      } else {
        await this.client.chat.delete({ channel, ts: placeholderTs }).catch((err: unknown) => {
          this.log.warn({ err }, 'could not remove the grading placeholder');
        });
      }
      for (const m of more) await post(m);
    }
    for (const [i, u] of units.entries()) if (i !== inPlace) for (const m of u.messages) await post(m);
    return sent;
  }

  /** Replies that arise outside a request (idle-out grading), for RunningChannel.deliver. */
  async deliver(delivery: AnyDelivery): Promise<void> {
    const [platform, teamId, ...rest] = delivery.personKey.split(':');
    if (platform !== 'slack' || !teamId || !rest.length) throw new Error(`not a Slack person key: ${delivery.personKey}`);
    const person = this.person(teamId, rest.join(':'));
    await this.serial(person, async () => {
      const dm = await this.dmChannel(person.userId);
      await settleButtons(this, person, dm, await this.send(dm, delivery.replies));
    });
  }
}
