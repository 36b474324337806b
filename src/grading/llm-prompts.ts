/**
 * Prompt templates for the LLM grader: loaded from the package's prompts/ folder (plain text with
 * {{placeholders}}), checked at load, and filled in one pass so text from an answer can never be
 * re-read as a placeholder.
 *
 * Every prompt is a static system message followed by a user message ordered from the most shared
 * part to the least (rubric, scenario, language, answer), so providers that cache prompt prefixes
 * reuse as much as possible. The rubric and key points are sent in English whatever the session
 * language: they are the graders' reference, English keeps them short, and the language of the
 * feedback is asked for separately. The situation is sent in the language the candidate read it in.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { answerText } from './offline';
import type { Criterion, GradeRequest, Language, ProbeRequest, Scenario } from '../core/types';

/** The prompts folder shipped with the package (works from src/grading and dist/grading). */
export const PROMPTS_DIR = path.resolve(__dirname, '..', '..', 'prompts');

/** Every template and the placeholders it must use (and may only use). */
export const TEMPLATE_PLACEHOLDERS = {
  'grade-system': [],
  'grade-user': [
    'criterionIds',
    'rubric',
    'title',
    'difficulty',
    'situation',
    'keyPoints',
    'language',
    'precheck',
    'nonce',
    'transcript',
  ],
  'grade-precheck': ['count'],
  'json-fallback': ['schema'],
  'probe-system': [],
  'probe-user': ['criteria', 'title', 'situation', 'keyPoints', 'probes', 'asked', 'language', 'nonce', 'transcript'],
  'persona-system': [],
  'persona-user': [
    'name',
    'role',
    'company',
    'wants',
    'tone',
    'pushback',
    'situation',
    'keyPoints',
    'criteria',
    'exchange',
    'max',
    'language',
    'nonce',
    'transcript',
  ],
  'language-en': [],
  'language-ko': [],
} as const satisfies Record<string, readonly string[]>;

export type TemplateName = keyof typeof TEMPLATE_PLACEHOLDERS;
type Vars<N extends TemplateName> = Record<(typeof TEMPLATE_PLACEHOLDERS)[N][number], string | number>;

/** A prompt file that is missing or uses placeholders it should not; names the file. */
export class PromptError extends Error {
  readonly code = 'PROMPT_INVALID';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'PromptError';
  }
}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** The loaded, validated templates. */
export class PromptTemplates {
  private constructor(private readonly texts: Record<TemplateName, string>) {}

  /** Reads every template from dir (default: the shipped prompts/ folder); throws PromptError. */
  static load(dir: string = PROMPTS_DIR): PromptTemplates {
    const texts = {} as Record<TemplateName, string>;
    for (const name of Object.keys(TEMPLATE_PLACEHOLDERS) as TemplateName[]) {
      const file = path.join(dir, `${name}.txt`);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new PromptError(file, `cannot read: ${(err as Error).message}`);
      }
      // One trailing newline is the file's, not the prompt's.
      text = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
      const allowed: readonly string[] = TEMPLATE_PLACEHOLDERS[name];
      const used = new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!));
      for (const u of used) if (!allowed.includes(u)) throw new PromptError(file, `unknown placeholder {{${u}}}`);
      for (const a of allowed) if (!used.has(a)) throw new PromptError(file, `placeholder {{${a}}} is missing`);
      if (!text.trim()) throw new PromptError(file, 'is empty');
      texts[name] = text;
    }
    return new PromptTemplates(texts);
  }

  /** Fills a template in one pass; values are never scanned for placeholders. */
  render<N extends TemplateName>(name: N, vars: Vars<N>): string {
    const values = vars as Record<string, string | number>;
    return this.texts[name].replace(PLACEHOLDER, (_m, key: string) => String(values[key]));
  }
}

/** A random delimiter token the candidate cannot guess, so they cannot fake the end of their answer. */
export function newNonce(): string {
  return randomBytes(8).toString('hex');
}

/**
 * A rough prompt-token estimate: a token per four characters of ASCII, and a token per character
 * for anything else (Hangul syllables run at about 0.6-1 token each in current tokenizers, so this
 * over-counts Korean on purpose).
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (const ch of text) {
    if (ch.charCodeAt(0) < 128) ascii++;
    else other++;
  }
  return Math.ceil(ascii / 4) + other;
}

function language(t: PromptTemplates, lang: Language): string {
  return lang === 'ko' ? t.render('language-ko', {}) : t.render('language-en', {});
}

/**
 * Names and level descriptors ("L1:", "L3:", "L5:", as the system prompt names them); the
 * descriptions are left out because the levels define the criterion.
 */
function rubric(criteria: readonly Criterion[]): string {
  return criteria
    .map((c) =>
      [
        `## ${c.id}: ${c.name.en}`,
        `L1: ${c.levels[1].en}`,
        `L3: ${c.levels[3].en}`,
        `L5: ${c.levels[5].en}`,
      ].join('\n'),
    )
    .join('\n\n');
}

function criteriaBrief(criteria: readonly Criterion[]): string {
  return criteria.map((c) => `- ${c.id} (${c.name.en}): ${c.description.en}`).join('\n');
}

/** Numbered so the grade can say which were made (keyPointsMade); the probes reuse the same list. */
function keyPoints(scenario: Scenario): string {
  return scenario.keyPoints.map((k, i) => `${i + 1}. [${k.criterion}] ${k.text.en}`).join('\n');
}

/** A nonce that does not occur in the text it wraps. */
function safeNonce(make: () => string, text: string): string {
  for (let i = 0; i < 5; i++) {
    const n = make();
    if (!text.includes(n)) return n;
  }
  throw new Error('could not make a delimiter nonce absent from the answer');
}

/**
 * The candidate's words, each reply in its own delimited block. The questions sit outside the
 * blocks: they are ours, and quotes from them are not the candidate's evidence.
 */
function transcript(req: GradeRequest, nonce: string): string {
  const asker = req.scenario.persona
    ? `${req.scenario.persona.name} (the customer)`
    : 'the interviewer';
  const parts = [`<<<ANSWER ${nonce}>>>\n${req.answer}\n<<<END ANSWER ${nonce}>>>`];
  req.followUps.forEach((f, i) => {
    const n = i + 1;
    const q = f.probe ? `Follow-up ${n}, asked by ${asker}: ${f.probe}` : `Follow-up ${n}, added by the candidate:`;
    parts.push(`${q}\n<<<REPLY ${n} ${nonce}>>>\n${f.answer}\n<<<END REPLY ${n} ${nonce}>>>`);
  });
  return parts.join('\n\n');
}

export interface BuiltPrompt {
  messages: [ChatMessage, ChatMessage];
  nonce: string;
}

/** A static system prompt first (so providers can cache it), then the request's user message. */
function built(t: PromptTemplates, system: 'grade-system' | 'probe-system' | 'persona-system', user: string, nonce: string): BuiltPrompt {
  return { messages: [{ role: 'system', content: t.render(system, {}) }, { role: 'user', content: user }], nonce };
}

export interface BuildOptions {
  nonce?: () => string;
  /** Sentences the pre-check found addressed to the grader (only their count is sent). */
  injected?: readonly string[];
}

/** The grading prompt: static instructions, then rubric, scenario, language and the answer. */
export function buildGradePrompt(t: PromptTemplates, req: GradeRequest, opts: BuildOptions = {}): BuiltPrompt {
  const all = [answerText(req), ...req.followUps.map((f) => f.probe)].join('\n');
  const nonce = safeNonce(opts.nonce ?? newNonce, all);
  const count = opts.injected?.length ?? 0;
  const user = t.render('grade-user', {
    criterionIds: req.criteria.map((c) => c.id).join(', '),
    rubric: rubric(req.criteria),
    title: req.scenario.title[req.language],
    difficulty: req.scenario.difficulty,
    situation: req.scenario.situation[req.language],
    keyPoints: keyPoints(req.scenario),
    language: language(t, req.language),
    precheck: count ? t.render('grade-precheck', { count }) : '',
    nonce,
    transcript: transcript(req, nonce),
  });
  return built(t, 'grade-system', user, nonce);
}

function none(lines: string[]): string {
  return lines.length ? lines.join('\n') : '- (none)';
}

/** The interviewer's follow-up prompt. */
export function buildProbePrompt(t: PromptTemplates, req: ProbeRequest, opts: BuildOptions = {}): BuiltPrompt {
  const lang = req.language;
  const all = [answerText(req), ...req.followUps.map((f) => f.probe)].join('\n');
  const nonce = safeNonce(opts.nonce ?? newNonce, all);
  const user = t.render('probe-user', {
    criteria: criteriaBrief(req.criteria),
    title: req.scenario.title[lang],
    situation: req.scenario.situation[lang],
    keyPoints: keyPoints(req.scenario),
    probes: none(req.scenario.probes.map((p) => `- [${p.targets}] ${p.text[lang]}`)),
    asked: none(req.followUps.filter((f) => f.probe).map((f) => `- ${f.probe}`)),
    language: language(t, lang),
    nonce,
    transcript: transcript(req, nonce),
  });
  return built(t, 'probe-system', user, nonce);
}

/** The customer persona's role-play prompt (customer-escalation scenarios). */
export function buildPersonaPrompt(
  t: PromptTemplates,
  req: ProbeRequest,
  max: number,
  opts: BuildOptions = {},
): BuiltPrompt {
  const persona = req.scenario.persona;
  if (!persona) throw new Error(`scenario ${req.scenario.id} has no persona`);
  const lang = req.language;
  const all = [answerText(req), ...req.followUps.map((f) => f.probe)].join('\n');
  const nonce = safeNonce(opts.nonce ?? newNonce, all);
  const user = t.render('persona-user', {
    name: persona.name,
    role: persona.role[lang],
    company: persona.company[lang],
    wants: persona.wants[lang],
    tone: persona.tone[lang],
    pushback: persona.pushback.map((p) => `- ${p[lang]}`).join('\n'),
    situation: req.scenario.situation[lang],
    keyPoints: keyPoints(req.scenario),
    criteria: criteriaBrief(req.criteria),
    exchange: req.probesAsked + 1,
    max,
    language: language(t, lang),
    nonce,
    transcript: transcript(req, nonce),
  });
  return built(t, 'persona-system', user, nonce);
}

/**
 * For servers without `json_schema`: the same messages with the schema spelled out at the very
 * end of the user message, so the cached prefix stays the same.
 */
export function withSchemaInPrompt(t: PromptTemplates, messages: readonly ChatMessage[], schema: unknown): ChatMessage[] {
  const out = messages.map((m) => ({ ...m }));
  const last = out[out.length - 1]!;
  last.content += t.render('json-fallback', { schema: JSON.stringify(schema) });
  return out;
}
