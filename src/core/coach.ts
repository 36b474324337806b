/**
 * The coach: start / answer / skip / stop / retry, returning CoachReply data. Platform-neutral:
 * Slack, Teams and the terminal all call these same functions.
 */
import { randomUUID } from 'node:crypto';
import type { DailyNoticeReply } from './daily-messages';
import { t, type MessageCode } from './messages';
import {
  newUser,
  pointsFor,
  pointsSince,
  recordGrade,
  averages,
  weakestCompetency,
  weekStart,
} from './points';
import {
  StoreUnavailableError,
  personKey,
  silentLogger,
  systemClock,
  teamKey,
  type Clock,
  type Grader,
  type GradingJob,
  type Logger,
  type Person,
  type SessionState,
  type Store,
  type UsageTotals,
  type UserRecord,
} from './ports';
import type { CoachReply, FeedbackReply, NoticeReply, ProbeReply, SummaryReply } from './replies';
import type { ScenarioIndex } from './scenarios';
import { isShortAnswer } from './short-answer';
import { MAX_ANSWER_CHARS, detectLanguage, prepareAnswer } from './text';
import { categoryFor, weakestSoFar } from './try-next';
import type { CategoryId, CriterionId, Difficulty, GradeRequest, GradeResult, Language, ProbeResult, Scenario } from './types';

export interface CoachDeps {
  library: ScenarioIndex;
  grader: Grader;
  store: Store;
  clock?: Clock;
  log?: Logger;
  /** A session with no activity for this long is closed (default 60 minutes). */
  idleMs?: number;
  /** Upper bound on one grading call, whatever the grader does (default 120 s). */
  gradeTimeoutMs?: number;
  random?: () => number;
  newId?: () => string;
  /** This process's name on grading jobs it owns (default: a random id). */
  instanceId?: string;
  /**
   * A grading job is leased to the process grading it for this long, renewed while it grades;
   * after a crash another process (or the next start) takes it over once the lease runs out.
   */
  jobLeaseMs?: number;
}

export interface StartOptions {
  category?: CategoryId;
  difficulty?: Difficulty;
  language?: Language;
  scenarioId?: string;
}

export interface AnswerOptions {
  /** Called once, just before grading starts (not for follow-up probes): adapters show "grading...". */
  onGrading?: () => Promise<void> | void;
  log?: Logger;
}

/** A reply that has to be delivered outside a request (idle-out sweep). */
export interface Delivery<R = CoachReply> {
  personKey: string;
  replies: R[];
}

/** Any delivery a channel may be asked for: coach replies, and daily notices for a resumed daily answer. */
export type AnyDelivery = Delivery<CoachReply | DailyNoticeReply>;

export type { UsageTotals } from './ports';

/** What one grading adds to the usage totals. */
function usageOf(result: GradeResult): UsageTotals {
  return {
    gradings: 1,
    llmGradings: result.grader === 'llm' ? 1 : 0,
    fallbacks: result.fallbackReason ? 1 : 0,
    promptTokens: result.usage?.promptTokens ?? 0,
    completionTokens: result.usage?.completionTokens ?? 0,
    latencyMs: result.usage?.latencyMs ?? 0,
  };
}

/** The job id of a practice answer: one per session, so a resumed job replaces, never duplicates. */
export const practiceJobId = (sessionId: string) => `practice:${sessionId}`;

/** What a practice grading job carries: the session as it was when its answer was complete. */
export interface PracticeJobPayload {
  session: SessionState;
}

export class GradingTimeoutError extends Error {
  readonly code = 'GRADING_TIMEOUT';
  constructor(ms: number) {
    super(`grading took longer than ${ms} ms`);
  }
}

export type Coach = ReturnType<typeof createCoach>;

/** The person behind a person key ("platform:team:user"). */
export function personOf(key: string): Person {
  const [platform, teamId, ...rest] = key.split(':');
  return { platform: platform as Person['platform'], teamId: teamId!, userId: rest.join(':') };
}

export function createCoach(deps: CoachDeps) {
  const { library, grader, store } = deps;
  const clock = deps.clock ?? systemClock;
  const baseLog = deps.log ?? silentLogger;
  const idleMs = deps.idleMs ?? 60 * 60_000;
  const gradeTimeoutMs = deps.gradeTimeoutMs ?? 120_000;
  const random = deps.random ?? Math.random;
  const newId = deps.newId ?? (() => randomUUID());
  const instanceId = deps.instanceId ?? randomUUID();
  const jobLeaseMs = deps.jobLeaseMs ?? 30_000;

  const notice = (language: Language, code: MessageCode, extra: Partial<NoticeReply> = {}, params = {}): NoticeReply => ({
    kind: 'notice',
    language,
    code,
    text: t(language, code, params),
    ...extra,
  });

  async function loadUser(person: Person): Promise<UserRecord> {
    const key = personKey(person);
    const u = (await store.getUser(key)) ?? newUser(key, teamKey(person), person.userId, person.displayName);
    if (person.displayName && u.displayName !== person.displayName) u.displayName = person.displayName;
    return u;
  }



  /**
   * An unseen scenario matching the filters. With no category, one that exercises the person's
   * weakest competency, so practice goes where it helps most.
   */
  function pick(user: UserRecord, filters: StartOptions): { scenario?: Scenario; recycled: boolean } {
    const pool = library.scenarios.filter(
      (s) => (!filters.category || s.category === filters.category) && (!filters.difficulty || s.difficulty === filters.difficulty),
    );
    if (!pool.length) return { recycled: false };
    const seen = new Set(user.seen);
    let candidates = pool.filter((s) => !seen.has(s.id));
    let recycled = false;
    if (!candidates.length) {
      // Everything seen: offer the least recently seen half again.
      const order = new Map(user.seen.map((id, i) => [id, i]));
      candidates = [...pool].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
      candidates = candidates.slice(0, Math.max(1, Math.ceil(candidates.length / 2)));
      recycled = true;
    }
    if (!filters.category) {
      const weakest = weakestCompetency(user.totals);
      const targeted = weakest ? candidates.filter((s) => s.criteria.includes(weakest)) : [];
      if (targeted.length) candidates = targeted;
    }
    return { scenario: candidates[Math.floor(random() * candidates.length)]!, recycled };
  }

  function gradeRequest(session: SessionState, scenario: Scenario, language: Language): GradeRequest {
    return {
      scenario,
      criteria: library.criteriaOf(scenario),
      answer: session.answer ?? '',
      followUps: session.followUps.filter((f) => f.answer !== undefined).map((f) => ({ probe: f.probe, answer: f.answer! })),
      language,
    };
  }

  async function withTimeout<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ac = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ac.abort();
        reject(new GradingTimeoutError(gradeTimeoutMs));
      }, gradeTimeoutMs);
    });
    try {
      return await Promise.race([run(ac.signal), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  function criterionNames(s: Scenario, lang: Language): Partial<Record<CriterionId, string>> {
    return Object.fromEntries(s.criteria.map((id) => [id, library.criterion(id).name[lang]]));
  }

  /** Records a grade in the person's history and builds the feedback and summary replies. */
  async function finish(
    user: UserRecord,
    scenario: Scenario,
    result: GradeResult,
    source: 'practice' | 'daily',
    sessionId?: string,
    commit: { deleteSessionOf?: string; jobId?: string } = {},
  ): Promise<[FeedbackReply, SummaryReply, UserRecord]> {
    const lang = result.language;
    const points = pointsFor(result, scenario.difficulty, source);
    const updated = recordGrade(user, {
      scenarioId: scenario.id,
      category: scenario.category,
      difficulty: scenario.difficulty,
      source,
      overall: result.overall,
      scores: Object.fromEntries(result.criteria.map((c) => [c.id, c.score])),
      points,
      grader: result.grader,
      at: clock.now(),
    });
    if (!updated.seen.includes(scenario.id)) updated.seen = [...updated.seen, scenario.id];
    // The grade, its usage, the closed session and the finished job: one transaction.
    await store.commitGrade({ user: updated, usage: usageOf(result), ...commit });
    const weak = weakestSoFar(averages(updated.totals), result.overall);
    const suggested = weak
      ? categoryFor(weak.id, library.scenarios, library.categories.map((c) => c.id), updated.seen)
      : undefined;
    const feedback: FeedbackReply = {
      kind: 'feedback',
      sessionId,
      language: lang,
      scenario: { id: scenario.id, title: scenario.title[lang], difficulty: scenario.difficulty, category: scenario.category },
      result,
      criterionNames: criterionNames(scenario, lang),
      points,
    };
    const summary: SummaryReply = {
      kind: 'summary',
      sessionId,
      language: lang,
      scenarioId: scenario.id,
      overall: result.overall,
      points,
      totalPoints: updated.totalPoints,
      answered: updated.answered,
      weakest: weak ? { id: weak.id, name: library.criterion(weak.id).name[lang], average: weak.average } : undefined,
      suggestedCategory: suggested,
      suggestedCategoryName: suggested ? library.categories.find((c) => c.id === suggested)?.name[lang] : undefined,
    };
    return [feedback, summary, updated];
  }

  /**
   * Grades the session's answer; on failure keeps it as pending and says so. The answer is stored
   * as a grading job before grading starts and the job is deleted with the grade (one
   * transaction), so a process killed in between leaves a job that resumeJob finishes.
   */
  async function gradeSession(
    user: UserRecord,
    session: SessionState,
    log: Logger,
    onGrading?: () => Promise<void> | void,
    opts: { keepSession?: boolean } = {},
  ): Promise<CoachReply[]> {
    const scenario = library.scenario(session.scenarioId);
    const lang = session.language;
    const jobId = practiceJobId(session.id);
    if (!scenario) {
      if (!opts.keepSession) await store.deleteSession(session.personKey);
      await store.deleteJob(jobId);
      return [notice(lang, 'no-active-session', { notGraded: true })];
    }
    const req = gradeRequest(session, scenario, lang);
    const payload: PracticeJobPayload = { session };
    await store.putJob({ id: jobId, personKey: session.personKey, kind: 'practice', payload }, instanceId, jobLeaseMs);
    const stopHeartbeat = keepLeased(jobId, log);
    try {
      try {
        await onGrading?.();
      } catch (err) {
        log.warn({ err }, 'onGrading hook failed; grading anyway');
      }
      const started = clock.now();
      let result: GradeResult;
      try {
        result = await withTimeout((signal) => grader.grade(req, { signal }));
      } catch (err) {
        const reason = err instanceof GradingTimeoutError ? 'timeout' : (err as { code?: string }).code ?? 'grader error';
        log.error({ err, scenarioId: scenario.id }, 'grading failed; answer kept for retry');
        if (!opts.keepSession)
          await store.putSession({
            ...session,
            phase: 'failed-grading',
            lastActivityAt: clock.now(),
            pending: {
              request: { scenarioId: scenario.id, answer: req.answer, followUps: req.followUps, language: lang },
              reason,
              at: clock.now(),
              source: 'practice',
            },
          });
        await store.deleteJob(jobId);
        return [notice(lang, 'grading-failed', { retryable: !opts.keepSession }, { reason })];
      }
      log.info(
        { scenarioId: scenario.id, grader: result.grader, overall: result.overall, flags: result.flags, usage: result.usage, fallbackReason: result.fallbackReason, ms: clock.now() - started },
        'graded',
      );
      const [feedback, summary] = await finish(user, scenario, result, 'practice', session.id, {
        deleteSessionOf: opts.keepSession ? undefined : session.personKey,
        jobId,
      });
      return [feedback, summary];
    } finally {
      stopHeartbeat();
    }
  }

  /** Renews a job's lease while it is graded, so another process takes it only if this one died. */
  function keepLeased(jobId: string, log: Logger): () => void {
    const timer = setInterval(() => {
      store.renewJob(jobId, instanceId, jobLeaseMs).catch((err: unknown) => log.warn({ err }, 'grading job lease renewal failed'));
    }, Math.max(250, Math.floor(jobLeaseMs / 3)));
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Runs a turn under the person's lock (serialised across processes sharing the store). A store
   * that cannot read or write makes the turn answer "could not save, try again"; the job or
   * session already stored stays, so nothing received is lost.
   */
  async function locked(person: Person, language: Language | undefined, fn: () => Promise<CoachReply[]>): Promise<CoachReply[]> {
    try {
      return await store.withLock(`person:${personKey(person)}`, fn);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      baseLog.error({ err, platform: person.platform, user: person.userId }, 'store unavailable; turn not saved');
      return [notice(language ?? 'en', 'store-unavailable', { notGraded: true })];
    }
  }

  const lockedRaw = <T>(person: Person, fn: () => Promise<T>): Promise<T> =>
    store.withLock(`person:${personKey(person)}`, fn);

  /** The session as it was when its grading failed: the kept answer and follow-up replies. */
  function fromPending(session: SessionState): SessionState {
    if (!session.pending) return session;
    const { answer, followUps } = session.pending.request;
    return { ...session, answer, followUps, pending: undefined };
  }

  function expired(session: SessionState): boolean {
    return clock.now() - session.lastActivityAt > idleMs;
  }

  async function startLocked(person: Person, opts: StartOptions, log: Logger): Promise<CoachReply[]> {
    const key = personKey(person);
    const user = await loadUser(person);
    const language = opts.language ?? user.language ?? 'en';
    const replies: CoachReply[] = [];
    const existing = await store.getSession(key);
    if (existing) {
      // An answer already given is never dropped: grade it before starting anew.
      if (existing.answer !== undefined || existing.pending) {
        replies.push(...(await gradeSession(user, fromPending(existing), log)));
        if (replies.some((r) => r.kind === 'notice' && r.retryable)) return replies;
      } else {
        const old = library.scenario(existing.scenarioId);
        if (old) replies.push(notice(language, 'session-replaced', {}, { title: old.title[language] }));
      }
    }
    const fresh = await loadUser(person);
    let scenario: Scenario | undefined;
    let recycled = false;
    if (opts.scenarioId) scenario = library.scenario(opts.scenarioId);
    else ({ scenario, recycled } = pick(fresh, opts));
    if (!scenario) {
      const filters = [opts.scenarioId, opts.category, opts.difficulty].filter(Boolean).join(', ') || 'any';
      await store.deleteSession(key);
      return [...replies, notice(language, 'no-scenario', {}, { filters })];
    }
    if (recycled) replies.push(notice(language, 'all-seen'));
    const now = clock.now();
    const session: SessionState = {
      id: newId(),
      personKey: key,
      scenarioId: scenario.id,
      language,
      languageFixed: Boolean(opts.language ?? user.language),
      phase: 'awaiting-answer',
      followUps: [],
      startedAt: now,
      lastActivityAt: now,
      filters: { category: opts.category, difficulty: opts.difficulty },
    };
    await store.putSession(session);
    // Most recently seen last: recycling offers the front of this list first.
    await store.putUser({ ...fresh, seen: [...fresh.seen.filter((id) => id !== scenario.id), scenario.id] });
    log.info({ sessionId: session.id, scenarioId: scenario.id }, 'session started');
    replies.push({ kind: 'scenario', sessionId: session.id, language, scenario: library.view(scenario, language) });
    return replies;
  }

  async function answerLocked(person: Person, raw: string, opts: AnswerOptions, log: Logger): Promise<CoachReply[]> {
    const key = personKey(person);
    const user = await loadUser(person);
    const session = await store.getSession(key);
    const { text, truncated } = prepareAnswer(raw);
    const fallbackLang = session?.language ?? user.language ?? detectLanguage(text) ?? 'en';
    if (!session) return [notice(fallbackLang, 'no-session', { notGraded: true })];
    if (session.phase === 'failed-grading') return [notice(session.language, 'pending-grade', { retryable: true, notGraded: true })];
    if (expired(session)) {
      const minutes = Math.round(idleMs / 60_000);
      if (session.answer === undefined) {
        await store.deleteSession(key);
        return [notice(session.language, 'session-expired', { notGraded: true }, { minutes })];
      }
      const graded = await gradeSession(user, session, log, opts.onGrading);
      return [notice(session.language, 'session-expired-graded', {}, { minutes }), ...graded, notice(session.language, 'session-expired', { notGraded: true }, { minutes })];
    }
    if (!text) return [notice(session.language, 'empty-answer', { notGraded: true })];
    const replies: CoachReply[] = truncated ? [notice(session.language, 'truncated', {}, { max: MAX_ANSWER_CHARS })] : [];
    const s: SessionState = { ...session, followUps: [...session.followUps], lastActivityAt: clock.now() };
    if (!s.languageFixed && s.answer === undefined) s.language = detectLanguage(text) ?? s.language;
    if (s.phase === 'awaiting-answer') s.answer = text;
    else {
      const last = s.followUps[s.followUps.length - 1];
      if (last && last.answer === undefined) last.answer = text;
      else s.followUps.push({ probe: '', answer: text });
    }
    const scenario = library.scenario(s.scenarioId);
    if (!scenario) {
      await store.deleteSession(key);
      return [notice(s.language, 'no-active-session', { notGraded: true })];
    }
    // The reply to the coach's request for more, still short: graded as it stands, never asked again.
    const askedForMore = s.followUps.length === 1 && s.followUps[0]!.probe.startsWith(t(s.language, 'ask-more'));
    if (session.phase === 'awaiting-follow-up' && askedForMore && isShortAnswer(text)) {
      replies.push(...(await gradeSession(user, s, log, opts.onGrading)));
      return replies;
    }
    let probe: ProbeResult | null = null;
    try {
      probe = await withTimeout((signal) =>
        grader.probe({ ...gradeRequest(s, scenario, s.language), probesAsked: s.followUps.length }, { signal }),
      );
    } catch (err) {
      log.warn({ err }, 'probe failed; grading without a follow-up');
    }
    // A line or two is not an answer yet: never graded as it stands. The scenario's customer
    // pushing back already asks for more, in character; otherwise the coach asks, once.
    if (session.phase === 'awaiting-answer' && isShortAnswer(text) && !(probe?.asPersona && scenario.persona)) {
      replies.push(await askForMore(s, scenario, probe, log));
      return replies;
    }
    if (probe) {
      s.followUps.push({ probe: probe.text });
      s.phase = 'awaiting-follow-up';
      await store.putSession(s);
      const max = scenario.persona ? 2 : 1;
      replies.push({
        kind: 'probe',
        sessionId: s.id,
        language: s.language,
        text: probe.text,
        persona: probe.asPersona && scenario.persona ? { name: scenario.persona.name, role: scenario.persona.role[s.language] } : undefined,
        index: s.followUps.length,
        max: Math.max(max, s.followUps.length),
      });
      return replies;
    }
    replies.push(...(await gradeSession(user, s, log, opts.onGrading)));
    return replies;
  }

  /**
   * Asks for more after a very short first answer, naming what is missing when the grader's
   * probe says (its question, or the competency it targets). The request is stored as the
   * session's first follow-up, so it counts as one; its text starts with the 'ask-more' message,
   * which is how the next turn knows the coach asked.
   */
  async function askForMore(s: SessionState, scenario: Scenario, hint: ProbeResult | null, log: Logger): Promise<ProbeReply> {
    const lang = s.language;
    const parts = [t(lang, 'ask-more')];
    if (hint && !hint.asPersona && hint.text.trim()) parts.push(t(lang, 'ask-more-probe', { probe: hint.text.trim() }));
    else if (hint?.targets && scenario.criteria.includes(hint.targets))
      parts.push(t(lang, 'ask-more-criterion', { criterion: library.criterion(hint.targets).name[lang] }));
    const text = parts.join(' ');
    s.followUps.push({ probe: text });
    s.phase = 'awaiting-follow-up';
    await store.putSession(s);
    log.info({ sessionId: s.id, scenarioId: scenario.id }, 'short first answer: asked for more');
    const max = scenario.persona ? 2 : 1;
    return { kind: 'probe', sessionId: s.id, language: lang, text, index: s.followUps.length, max, reason: 'too-short' };
  }

  /** Grading usage totals (tokens, latency, fallbacks) for admins. */
  async function usage(): Promise<UsageTotals & { promptPerGrading: number; completionPerGrading: number; latencyMsPerGrading: number }> {
    const u = await store.getUsage();
    const n = u.llmGradings || 1;
    return {
      ...u,
      promptPerGrading: Math.round(u.promptTokens / n),
      completionPerGrading: Math.round(u.completionTokens / n),
      latencyMsPerGrading: Math.round(u.latencyMs / n),
    };
  }

  function logFor(person: Person, log?: Logger): Logger {
    return (log ?? baseLog).child({ platform: person.platform, user: person.userId });
  }

  return {
    library,
    grader,
    store,

    /** Starts a session; an answered-but-ungraded previous session is graded first. */
    start(person: Person, opts: StartOptions = {}, log?: Logger): Promise<CoachReply[]> {
      return locked(person, opts.language, () => startLocked(person, opts, logFor(person, log)));
    },

    /** Takes an answer (or a reply to a follow-up). Always returns feedback or an explicit notice. */
    answer(person: Person, text: string, opts: AnswerOptions = {}): Promise<CoachReply[]> {
      return locked(person, detectLanguage(text), () => answerLocked(person, text, opts, logFor(person, opts.log)));
    },

    /** Skips: before an answer, a new scenario; during a follow-up, grades what was said. */
    skip(person: Person, opts: AnswerOptions = {}): Promise<CoachReply[]> {
      const log = logFor(person, opts.log);
      return locked(person, undefined, async () => {
        const session = await store.getSession(personKey(person));
        if (!session) return [notice((await loadUser(person)).language ?? 'en', 'no-active-session')];
        if (session.phase === 'awaiting-follow-up') {
          const user = await loadUser(person);
          return gradeSession(user, session, log, opts.onGrading);
        }
        if (session.phase === 'failed-grading') return [notice(session.language, 'pending-grade', { retryable: true })];
        await store.deleteSession(session.personKey);
        return startLocked(
          person,
          { ...session.filters, language: session.languageFixed ? session.language : undefined },
          log,
        );
      });
    },

    /** Ends the session; an answer already given is graded, a failed one is discarded on request. */
    stop(person: Person, opts: AnswerOptions = {}): Promise<CoachReply[]> {
      const log = logFor(person, opts.log);
      return locked(person, undefined, async () => {
        const key = personKey(person);
        const session = await store.getSession(key);
        if (!session) return [notice((await loadUser(person)).language ?? 'en', 'no-active-session')];
        if (session.phase === 'failed-grading') {
          await store.deleteSession(key);
          return [notice(session.language, 'stopped-discarded')];
        }
        if (session.answer !== undefined) {
          const graded = await gradeSession(await loadUser(person), session, log, opts.onGrading);
          if (graded.some((r) => r.kind === 'notice' && r.retryable)) return graded;
          return [...graded, notice(session.language, 'stopped')];
        }
        await store.deleteSession(key);
        return [notice(session.language, 'stopped')];
      });
    },

    /** Grades again an answer whose grading failed. */
    retry(person: Person, opts: AnswerOptions = {}): Promise<CoachReply[]> {
      const log = logFor(person, opts.log);
      return locked(person, undefined, async () => {
        const session = await store.getSession(personKey(person));
        if (!session?.pending) return [notice(session?.language ?? 'en', 'nothing-to-retry')];
        return gradeSession(await loadUser(person), fromPending(session), log, opts.onGrading);
      });
    },

    /**
     * The language to speak to the person in now: the session's (or, before the first answer of
     * a session whose language was not chosen, the script of what they typed), else their
     * setting, else the script of what they typed, else the platform's hint, else English.
     */
    async languageOf(person: Person, opts: { typed?: string; fallback?: Language } = {}): Promise<Language> {
      const key = personKey(person);
      const session = await store.getSession(key);
      const typed = opts.typed !== undefined ? detectLanguage(opts.typed) : undefined;
      if (session) return session.languageFixed || session.answer !== undefined ? session.language : (typed ?? session.language);
      return (await store.getUser(key))?.language ?? typed ?? opts.fallback ?? 'en';
    },

    /** Sets the person's language for future sessions. */
    setLanguage(person: Person, language: Language): Promise<CoachReply[]> {
      return locked(person, language, async () => {
        await store.putUser({ ...(await loadUser(person)), language });
        return [notice(language, 'language-set')];
      });
    },

    /**
     * Changes the person's record under their lock, so it cannot interleave with a grading that
     * loaded the record earlier (daily streaks, leaderboard opt-out). Returns the stored record.
     */
    updateUser(person: Person, change: (user: UserRecord) => UserRecord): Promise<UserRecord> {
      return lockedRaw(person, async () => {
        const updated = change(await loadUser(person));
        await store.putUser(updated);
        return updated;
      });
    },

    async hasSession(person: Person): Promise<boolean> {
      return Boolean(await store.getSession(personKey(person)));
    },

    /** The person's progress. */
    async stats(person: Person, language?: Language): Promise<CoachReply[]> {
      const user = await loadUser(person);
      const lang = language ?? user.language ?? 'en';
      return [
        {
          kind: 'stats',
          language: lang,
          answered: user.answered,
          totalPoints: user.totalPoints,
          weekPoints: pointsSince(user, weekStart(clock.now())),
          streak: { count: user.streak.count, best: user.streak.best },
          averages: averages(user.totals).map((a) => ({ ...a, name: library.criterion(a.id).name[lang] })),
          recent: user.history.slice(0, 5).map((h) => ({
            ...h,
            title: library.scenario(h.scenarioId)?.title[lang] ?? h.scenarioId,
          })),
        },
      ];
    },

    usage,

    /** The usage totals as a notice, for admins' stats on every platform. */
    async usageReport(language: Language = 'en'): Promise<NoticeReply> {
      const u = await usage();
      return notice(language, 'usage-report', {}, {
        gradings: u.gradings,
        llm: u.llmGradings,
        fallbacks: u.fallbacks,
        prompt: u.promptTokens,
        completion: u.completionTokens,
        promptAvg: u.promptPerGrading,
        completionAvg: u.completionPerGrading,
        latencyAvg: u.latencyMsPerGrading,
      });
    },

    categories(language: Language = 'en'): CoachReply[] {
      return [
        {
          kind: 'categories',
          language,
          categories: library.categories.map((c) => ({
            id: c.id,
            name: c.name[language],
            description: c.description[language],
            count: library.scenarios.filter((s) => s.category === c.id).length,
          })),
        },
      ];
    },

    /**
     * Grades a one-off answer outside a session (the daily prompt) and records it. Throws when the
     * grader fails, so the caller can keep the answer and offer a retry.
     */
    gradeOnce(
      person: Person,
      scenarioId: string,
      raw: string,
      opts: { language?: Language; source?: 'practice' | 'daily'; log?: Logger; jobId?: string } = {},
    ): Promise<CoachReply[]> {
      const log = logFor(person, opts.log);
      return lockedRaw(person, async () => {
        const scenario = library.scenario(scenarioId);
        const user = await loadUser(person);
        const { text, truncated } = prepareAnswer(raw);
        const lang = opts.language ?? user.language ?? detectLanguage(text) ?? 'en';
        if (!scenario) return [notice(lang, 'no-scenario', { notGraded: true }, { filters: scenarioId })];
        if (!text) return [notice(lang, 'empty-answer', { notGraded: true })];
        const replies: CoachReply[] = truncated ? [notice(lang, 'truncated', {}, { max: MAX_ANSWER_CHARS })] : [];
        const result = await withTimeout((signal) =>
          grader.grade({ scenario, criteria: library.criteriaOf(scenario), answer: text, followUps: [], language: lang }, { signal }),
        );
          log.info({ scenarioId, grader: result.grader, overall: result.overall, usage: result.usage }, 'graded one-off answer');
        const [feedback, summary] = await finish(user, scenario, result, opts.source ?? 'daily', undefined, { jobId: opts.jobId });
        return [...replies, feedback, summary];
      });
    },

    /**
     * Finishes a practice answer whose grading job was left by a process that stopped (claimed
     * through store.claimJobs), for delivery like an idle-out: a notice naming the scenario, then
     * the feedback, or the plain reason it could not be graded.
     */
    async resumeJob(job: GradingJob, log?: Logger): Promise<Delivery | undefined> {
      if (job.kind !== 'practice') return undefined;
      const { session } = job.payload as PracticeJobPayload;
      const person = personOf(session.personKey);
      const l = logFor(person, log).child({ job: job.id, attempts: job.attempts });
      const replies = await locked(person, session.language, async () => {
        const current = await store.getSession(session.personKey);
        // The person moved on to a new session meanwhile: grade the old answer, keep the new session.
        const keepSession = Boolean(current && current.id !== session.id);
        l.info({ sessionId: session.id, keepSession }, 'resuming a grading left by a stopped process');
        const graded = await gradeSession(await loadUser(person), session, l, undefined, { keepSession });
        const title = library.scenario(session.scenarioId)?.title[session.language] ?? session.scenarioId;
        return [notice(session.language, 'grading-resumed', {}, { title }), ...graded];
      });
      return { personKey: session.personKey, replies };
    },

    /** This process's name on the grading jobs it owns. */
    instanceId,
    jobLeaseMs,
    keepLeased,

    /**
     * Closes sessions idle for longer than the idle timeout. An answer already given is graded
     * and returned for delivery; an unanswered session is dropped with a notice.
     */
    async sweepIdle(log?: Logger): Promise<Delivery[]> {
      const out: Delivery[] = [];
      for (const s of await store.listSessions()) {
        if (!expired(s) || s.phase === 'failed-grading') continue;
        const person = personOf(s.personKey);
        const replies = await locked(person, s.language, async () => {
          const current = await store.getSession(s.personKey);
          if (!current || !expired(current)) return [];
          const minutes = Math.round(idleMs / 60_000);
          if (current.answer === undefined) {
            await store.deleteSession(s.personKey);
            return [];
          }
          const graded = await gradeSession(await loadUser(person), current, logFor(person, log));
          return [notice(current.language, 'session-expired-graded', {}, { minutes }), ...graded];
        });
        if (replies.length) out.push({ personKey: s.personKey, replies });
      }
      return out;
    },
  };
}
