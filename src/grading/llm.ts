/**
 * The LLM grader: the Grader port on any OpenAI-compatible Chat Completions endpoint (OpenAI,
 * Ollama, vLLM, llama.cpp), through the openai SDK with structured output.
 *
 * What it guarantees whatever the model does:
 * - the result obeys enforceIntegrity: quotes not found verbatim in the answer are dropped, a
 *   criterion without evidence scores at most 2, an answer that addresses the grader at most 2, an
 *   answer with no substance (very short, or nothing specific to the scenario) at most 2, and a 4
 *   or 5 needs evidence specific to the scenario (else 3), however the model scored;
 * - each criterion carries its key points as a checklist (made / missed, from the model's
 *   keyPointsMade), consistent with the final score;
 * - text addressed to the grader is found before the call (findInjection, and the model is told
 *   how many such sentences there are) and after it (the model's own verbatim graderDirected
 *   quotes), flagged and capped;
 * - when the model cannot produce a valid grade (timeouts, 429, 5xx, refusals, truncated or
 *   invalid output, after bounded retries) the offline grader grades instead, the result says so
 *   (grader 'offline', fallbackReason) and the answer is never lost;
 * - every result records prompt/completion tokens, latency and model in usage, and logs them.
 */
import OpenAI from 'openai';
import type { Config } from '../config';
import { t } from '../core/messages';
import { silentLogger, type GradeOptions, type Grader, type Logger } from '../core/ports';
import { findInjection } from '../core/text';
import type {
  CriterionGrade,
  CriterionId,
  GradeFlag,
  GradeRequest,
  GradeResult,
  GradeUsage,
  ProbeRequest,
  ProbeResult,
} from '../core/types';
import { INJECTION_CAP, enforceIntegrity, isVerbatim, keyPointLabel, overallOf, toScore } from './integrity';
import { ModelClient, type CallResult, type TokenParam } from './llm-client';
import { PromptTemplates, buildGradePrompt, buildPersonaPrompt, buildProbePrompt } from './llm-prompts';
import { gradeSchema, personaSchema, probeSchema, type ModelGrade } from './llm-schema';
import { OfflineGrader, answerText, maxProbes } from './offline';

/** Completion-token budgets: a grade of five criteria in Korean fits in about 2,000. */
const GRADE_MAX_TOKENS = 3_000;
const PROBE_MAX_TOKENS = 500;

export interface LlmGraderOptions {
  model: string;
  /** Unset for local servers that need no key (Ollama, vLLM, llama.cpp). */
  apiKey?: string;
  /** Unset means OpenAI (https://api.openai.com/v1). */
  baseURL?: string;
  /** Per model call attempt. */
  timeoutMs: number;
  /** Retries after the first attempt, before falling back to the offline grader. */
  maxRetries: number;
  /** Model calls in flight at once through this grader. */
  maxConcurrency: number;
  /** Longest wait for a free slot before grading offline as "busy" (default: timeoutMs). */
  queueTimeoutMs?: number;
  log?: Logger;
  /** The grader used when the model fails (default: a new OfflineGrader). */
  fallback?: OfflineGrader;
  /** Where the prompt templates live (default: the package's prompts/). */
  promptsDir?: string;
  /** Wait before retry number `attempt`; tests pass () => 0. */
  backoffMs?: (attempt: number, retryAfterMs?: number) => number;
  /** Delimiter nonce source (default: 16 random hex characters). */
  nonce?: () => string;
  now?: () => number;
  /** A ready SDK client (default: one built from apiKey and baseURL). */
  client?: OpenAI;
  /** Token-limit parameter to send first (default: max_completion_tokens for OpenAI, max_tokens elsewhere). */
  tokenParam?: TokenParam;
  gradeMaxTokens?: number;
}

/** The LLM grader's options from the configuration. */
export function llmOptionsFromConfig(grader: Config['grader']): LlmGraderOptions {
  return {
    model: grader.model,
    apiKey: grader.apiKey,
    baseURL: grader.baseURL,
    timeoutMs: grader.timeoutMs,
    maxRetries: grader.maxRetries,
    maxConcurrency: grader.maxConcurrency,
    queueTimeoutMs: grader.queueTimeoutMs,
  };
}

const OPENAI_BASE_URL = 'https://api.openai.com/v1';

/**
 * OpenAI's newer models only accept max_completion_tokens; Ollama, vLLM and llama.cpp have long
 * accepted max_tokens. Either way a 400 naming the parameter makes the client switch.
 */
export function defaultTokenParam(baseURL: string | undefined): TokenParam {
  if (!baseURL) return 'max_completion_tokens';
  try {
    const host = new URL(baseURL).hostname;
    return host === 'api.openai.com' || host.endsWith('.openai.azure.com') ? 'max_completion_tokens' : 'max_tokens';
  } catch {
    return 'max_tokens';
  }
}

function buildClient(opts: LlmGraderOptions): OpenAI {
  // Every option is passed explicitly so the SDK does not read process.env behind config.ts.
  return new OpenAI({
    // The SDK insists on a key; local servers ignore the placeholder.
    apiKey: opts.apiKey ?? 'no-key',
    baseURL: opts.baseURL ?? OPENAI_BASE_URL,
    organization: null,
    project: null,
    webhookSecret: null,
    maxRetries: 0,
    timeout: opts.timeoutMs,
    logLevel: 'off',
  });
}

/**
 * A criterion's key points as a checklist, from the numbers the model reported (1-based, across the
 * scenario); numbers that belong to another criterion are ignored. Absent when the criterion has no
 * key points. enforceIntegrity later makes it agree with the final score.
 */
function checklist(req: GradeRequest, id: CriterionId, made: readonly number[]): Pick<CriterionGrade, 'points'> {
  const mine = req.scenario.keyPoints.map((k, i) => ({ k, n: i + 1 })).filter(({ k }) => k.criterion === id);
  if (!mine.length) return {};
  return { points: mine.map(({ k, n }) => ({ label: keyPointLabel(k, req.language), made: made.includes(n) })) };
}

export class LlmGrader implements Grader {
  readonly kind = 'llm' as const;
  private readonly log: Logger;
  private readonly offline: OfflineGrader;
  private readonly templates: PromptTemplates;
  private readonly model: ModelClient;
  private readonly now: () => number;
  private readonly schemas = new Map<string, ReturnType<typeof gradeSchema>>();
  private readonly probeSchemas = new Map<string, ReturnType<typeof probeSchema>>();
  private readonly personaSchemas = new Map<string, ReturnType<typeof personaSchema>>();

  constructor(private readonly opts: LlmGraderOptions) {
    this.log = (opts.log ?? silentLogger).child({ component: 'llm-grader' });
    this.offline = opts.fallback ?? new OfflineGrader();
    this.templates = PromptTemplates.load(opts.promptsDir);
    this.now = opts.now ?? Date.now;
    this.model = new ModelClient({
      client: opts.client ?? buildClient(opts),
      model: opts.model,
      templates: this.templates,
      timeoutMs: opts.timeoutMs,
      maxRetries: opts.maxRetries,
      maxConcurrency: opts.maxConcurrency,
      queueTimeoutMs: opts.queueTimeoutMs,
      backoffMs: opts.backoffMs,
      tokenParam: opts.tokenParam ?? defaultTokenParam(opts.baseURL),
      log: this.log,
      now: this.now,
    });
  }

  /** What the server was found to accept (response format, temperature, token parameter). */
  get compat() {
    return { ...this.model.compat };
  }

  async grade(req: GradeRequest, options: GradeOptions = {}): Promise<GradeResult> {
    const started = this.now();
    const text = answerText(req);
    if (!text.trim()) {
      // Nothing for a model to read: the offline grader says so in the person's language.
      return { ...this.offline.gradeSync(req), fallbackReason: 'empty answer' };
    }
    const injected = findInjection(text);
    const prompt = buildGradePrompt(this.templates, req, { nonce: this.opts.nonce, injected });
    const res = await this.model.call({
      purpose: 'grade',
      messages: prompt.messages,
      schema: this.gradeSchemaFor(req.criteria.map((c) => c.id), req.scenario.keyPoints.length),
      schemaName: 'fde_rubric_grade',
      maxTokens: this.opts.gradeMaxTokens ?? GRADE_MAX_TOKENS,
      signal: options.signal,
    });
    const usage: GradeUsage = {
      promptTokens: res.usage.promptTokens,
      completionTokens: res.usage.completionTokens,
      latencyMs: this.now() - started,
      model: res.model,
    };
    this.logCall('grade', req.scenario.id, res, usage.latencyMs);
    if (!res.ok) return this.fallbackGrade(req, res.reason, usage);
    return this.assemble(req, res.value, text, usage);
  }

  async probe(req: ProbeRequest, options: GradeOptions = {}): Promise<ProbeResult | null> {
    const max = maxProbes(req.scenario);
    if (req.probesAsked >= max) return null;
    const text = answerText(req);
    // Nothing to probe, or an answer aimed at the grader: grade now (as the offline grader does).
    if (!text.trim() || findInjection(text).length) return null;
    const started = this.now();
    const ids = req.criteria.map((c) => c.id);
    let reason: string;
    if (req.scenario.persona) {
      const prompt = buildPersonaPrompt(this.templates, req, max, { nonce: this.opts.nonce });
      const res = await this.model.call({
        purpose: 'persona',
        messages: prompt.messages,
        schema: this.personaSchemaFor(ids),
        schemaName: 'fde_persona_turn',
        maxTokens: PROBE_MAX_TOKENS,
        signal: options.signal,
      });
      this.logCall('persona', req.scenario.id, res, this.now() - started);
      if (res.ok) {
        // After the first exchange the customer may be satisfied: then grade now.
        if (req.probesAsked >= 1 && res.value.satisfied) return null;
        const reply = res.value.reply.trim();
        if (this.safeOutput(reply, prompt.nonce)) return { text: reply, targets: res.value.targets, asPersona: true };
        reason = 'persona reply failed the output check';
      } else reason = res.reason;
    } else {
      const prompt = buildProbePrompt(this.templates, req, { nonce: this.opts.nonce });
      const res = await this.model.call({
        purpose: 'probe',
        messages: prompt.messages,
        schema: this.probeSchemaFor(ids),
        schemaName: 'fde_follow_up',
        maxTokens: PROBE_MAX_TOKENS,
        signal: options.signal,
      });
      this.logCall('probe', req.scenario.id, res, this.now() - started);
      if (res.ok) {
        if (!res.value.ask) return null;
        const question = res.value.question.trim();
        if (this.safeOutput(question, prompt.nonce)) return { text: question, targets: res.value.targets };
        reason = 'follow-up failed the output check';
      } else reason = res.reason;
    }
    this.log.warn({ scenarioId: req.scenario.id, reason }, 'model probe unavailable; using the scenario\'s written probes');
    return this.offline.probe(req);
  }

  /** Generated text shown to the person must not carry an instruction or our delimiter. */
  private safeOutput(text: string, nonce: string): boolean {
    return text.length > 0 && !text.includes(nonce) && findInjection(text).length === 0;
  }

  private assemble(req: GradeRequest, v: ModelGrade, text: string, usage: GradeUsage): GradeResult {
    const lang = req.language;
    // The model's own report of text aimed at it counts only when it is a verbatim quote.
    const directed = v.graderDirected.map((q) => q.trim()).filter((q) => isVerbatim(q, text));
    const flags = new Set<GradeFlag>(v.flags);
    if (directed.length) flags.add('injection');
    const byId = new Map(v.criteria.map((c) => [c.id, c]));
    const criteria: CriterionGrade[] = req.criteria.map((c) => {
      // The schema's refinement guarantees one entry per criterion.
      const g = byId.get(c.id)!;
      const evidence = g.evidence
        .map((q) => q.trim())
        .filter((q) => q && !directed.some((d) => d.includes(q) || q.includes(d)))
        .slice(0, 3);
      const score = directed.length ? Math.min(g.score, INJECTION_CAP) : g.score;
      return {
        id: c.id,
        score: toScore(score),
        ...checklist(req, c.id, g.keyPointsMade),
        evidence,
        feedback: g.feedback.trim(),
        strongAnswerAdds: g.strongAnswerAdds.trim(),
        nextStep: g.nextStep.trim(),
      };
    });
    const checked = enforceIntegrity(
      {
        scenarioId: req.scenario.id,
        grader: 'llm',
        language: lang,
        overall: overallOf(criteria),
        criteria,
        summary: v.summary.trim(),
        flags: [...flags],
        usage,
      },
      text,
      { scenario: req.scenario },
    );
    const notes: string[] = [];
    if (checked.flags.includes('injection')) notes.push(t(lang, 'injection-note'));
    // The model may praise a one-liner; say why the grade is capped when the model did not.
    if (checked.flags.includes('too-short') && !flags.has('too-short')) notes.push(t(lang, 'too-short-note'));
    return { ...checked, summary: [...notes, checked.summary].join(' ') };
  }

  private fallbackGrade(req: GradeRequest, reason: string, usage: GradeUsage): GradeResult {
    const lang = req.language;
    const result = this.offline.gradeSync(req);
    const offlineNote = t(lang, 'offline-note');
    const note = t(lang, 'fallback-note', { reason });
    const summary = result.summary.includes(offlineNote)
      ? result.summary.replace(offlineNote, note)
      : `${result.summary} ${note}`.trim();
    this.log.warn({ scenarioId: req.scenario.id, reason }, 'model grading failed; graded offline');
    return { ...result, summary, fallbackReason: reason, usage };
  }

  private logCall<T>(purpose: string, scenarioId: string, res: CallResult<T>, latencyMs: number): void {
    this.log.info(
      {
        purpose,
        scenarioId,
        ok: res.ok,
        model: res.model,
        promptTokens: res.usage.promptTokens,
        completionTokens: res.usage.completionTokens,
        cachedTokens: res.usage.cachedTokens,
        latencyMs,
        attempts: res.attempts,
        responseFormat: res.responseFormat,
        ...(res.ok ? {} : { reason: res.reason }),
      },
      'model call',
    );
  }

  private gradeSchemaFor(ids: CriterionId[], keyPointCount: number) {
    const key = `${ids.join(',')}/${keyPointCount}`;
    let s = this.schemas.get(key);
    if (!s) this.schemas.set(key, (s = gradeSchema(ids, keyPointCount)));
    return s;
  }

  private probeSchemaFor(ids: CriterionId[]) {
    const key = ids.join(',');
    let s = this.probeSchemas.get(key);
    if (!s) this.probeSchemas.set(key, (s = probeSchema(ids)));
    return s;
  }

  private personaSchemaFor(ids: CriterionId[]) {
    const key = ids.join(',');
    let s = this.personaSchemas.get(key);
    if (!s) this.personaSchemas.set(key, (s = personaSchema(ids)));
    return s;
  }
}
