/**
 * The prompt files: loaded from the package's prompts/ folder, validated, filled safely, and small
 * enough: a grading of the largest shipped scenario stays under about 3,000 prompt tokens.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zodResponseFormat } from 'openai/helpers/zod';
import { ScenarioIndex, loadLibrary } from '../../src/core/scenarios';
import type { Criterion, GradeRequest, Language, Scenario } from '../../src/core/types';
import {
  PROMPTS_DIR,
  PromptError,
  PromptTemplates,
  TEMPLATE_PLACEHOLDERS,
  buildGradePrompt,
  estimateTokens,
} from '../../src/grading/llm-prompts';
import { gradeSchema } from '../../src/grading/llm-schema';
import { CRITERIA, PERSONA_SCENARIO, SCENARIO, criteriaOf, gradeRequest, modelGrade } from '../fixtures/llm/fixtures';
import { graderFor } from '../fixtures/llm/helpers';
import { FakeOpenAI, chatCompletion } from '../support/fake-openai';

/** About 250 words: a full, typical answer. */
const TYPICAL_ANSWER = Array.from(
  { length: 12 },
  (_, i) => `Step ${i + 1}: I would agree the owner, the metric and the rollback plan before changing anything in production.`,
)
  .join(' ')
  .slice(0, 1500);
const PROMPT_TOKEN_BUDGET = 3000;

interface Library {
  scenarios: Scenario[];
  criteriaOf(s: Scenario): Criterion[];
}

/** The shipped library; scenarios/ is being edited by others, so a broken file falls back to the fixtures. */
function library(): { lib: Library; shipped: boolean } {
  try {
    const index = new ScenarioIndex(loadLibrary());
    return { lib: { scenarios: [...index.scenarios], criteriaOf: (s) => index.criteriaOf(s) }, shipped: true };
  } catch {
    return { lib: { scenarios: [SCENARIO, PERSONA_SCENARIO], criteriaOf }, shipped: false };
  }
}

function promptTokens(req: GradeRequest, templates: PromptTemplates): number {
  const { messages } = buildGradePrompt(templates, req);
  const schema = JSON.stringify(zodResponseFormat(gradeSchema(req.scenario.criteria, req.scenario.keyPoints.length), 'fde_rubric_grade').json_schema);
  // A few tokens of chat framing per message, plus the schema the server adds to the prompt.
  return messages.reduce((n, m) => n + 4 + estimateTokens(m.content), 0) + estimateTokens(schema);
}

describe('prompt templates', () => {
  it('loads from the prompts folder next to the package, relative to the module', () => {
    expect(PROMPTS_DIR).toBe(path.resolve(__dirname, '..', '..', 'prompts'));
    for (const name of Object.keys(TEMPLATE_PLACEHOLDERS)) expect(existsSync(path.join(PROMPTS_DIR, `${name}.txt`))).toBe(true);
    expect(() => PromptTemplates.load()).not.toThrow();
  });

  describe('validation', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'fde-prompts-'));
      cpSync(PROMPTS_DIR, dir, { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('names the file and the unknown placeholder', () => {
      writeFileSync(path.join(dir, 'grade-user.txt'), '{{rubric}} {{nonce}} {{transcript}} {{rubrik}}');
      expect(() => PromptTemplates.load(dir)).toThrow(PromptError);
      expect(() => PromptTemplates.load(dir)).toThrow(/grade-user\.txt: unknown placeholder \{\{rubrik\}\}/);
    });

    it('refuses a grading template that leaves out the answer', () => {
      const full = TEMPLATE_PLACEHOLDERS['grade-user'].filter((p) => p !== 'transcript').map((p) => `{{${p}}}`).join('\n');
      writeFileSync(path.join(dir, 'grade-user.txt'), full);
      expect(() => PromptTemplates.load(dir)).toThrow(/grade-user\.txt: placeholder \{\{transcript\}\} is missing/);
    });

    it('names a missing file', () => {
      rmSync(path.join(dir, 'persona-system.txt'));
      expect(() => PromptTemplates.load(dir)).toThrow(/persona-system\.txt: cannot read/);
    });
  });

  it('fills placeholders in one pass, so an answer cannot pull in other parts of the prompt', () => {
    const templates = PromptTemplates.load();
    const answer = 'My answer mentions {{rubric}} and {{nonce}} literally.';
    const { messages } = buildGradePrompt(templates, gradeRequest({ answer }));
    expect(messages[1].content).toContain(answer);
    expect(messages[1].content.split('## tradeoff-judgment')).toHaveLength(2);
  });

  it('never uses a nonce that occurs in the answer', () => {
    const templates = PromptTemplates.load();
    const nonces = ['abcdef0123456789', 'fedcba9876543210'];
    const { nonce } = buildGradePrompt(templates, gradeRequest({ answer: 'I guessed abcdef0123456789 as the nonce.' }), {
      nonce: () => nonces.shift()!,
    });
    expect(nonce).toBe('fedcba9876543210');
  });

  it('puts static text first: the system message is identical for every scenario and language', () => {
    const templates = PromptTemplates.load();
    const a = buildGradePrompt(templates, gradeRequest());
    const b = buildGradePrompt(templates, gradeRequest({ scenario: PERSONA_SCENARIO, criteria: criteriaOf(PERSONA_SCENARIO), language: 'ko' }));
    expect(a.messages[0].content).toBe(b.messages[0].content);
    expect(a.messages[1].content.startsWith('# Rubric')).toBe(true);
    expect(a.messages[1].content).toContain(CRITERIA.tradeoff.levels[3].en);
  });
});

describe('what the grading prompt teaches', () => {
  it('says what a careful interviewer knows, and asks for quotes first and the key points made', () => {
    const { messages } = buildGradePrompt(PromptTemplates.load(), gradeRequest());
    const system = messages[0].content;
    expect(system).toMatch(/right terms with the wrong decisions score low/);
    expect(system).toMatch(/Negated advice is not credit/);
    expect(system).toMatch(/Generic text that ignores the scenario's facts .* is level 1-2/);
    expect(system).toMatch(/evidence: quote first/);
    expect(system.indexOf('evidence:')).toBeLessThan(system.indexOf('keyPointsMade:'));
    expect(system.indexOf('keyPointsMade:')).toBeLessThan(system.indexOf('score:'));
    // Key points are numbered so keyPointsMade can name them.
    SCENARIO.keyPoints.forEach((k, i) => expect(messages[1].content).toContain(`${i + 1}. [${k.criterion}] ${k.text.en}`));
  });
});

describe('prompt size', () => {
  it(`keeps a grading of the largest shipped scenario under ${PROMPT_TOKEN_BUDGET} prompt tokens`, () => {
    const templates = PromptTemplates.load();
    const { lib, shipped } = library();
    if (!shipped) console.warn('scenarios/ did not load; measuring the test fixtures instead');
    let largest = { id: '', language: 'en' as Language, tokens: 0 };
    for (const scenario of lib.scenarios)
      for (const language of ['en', 'ko'] as const) {
        const tokens = promptTokens(
          { scenario, criteria: lib.criteriaOf(scenario), answer: TYPICAL_ANSWER, followUps: [], language },
          templates,
        );
        if (tokens > largest.tokens) largest = { id: scenario.id, language, tokens };
      }
    expect(largest.tokens).toBeGreaterThan(500);
    if (largest.tokens >= PROMPT_TOKEN_BUDGET)
      throw new Error(`${largest.id} (${largest.language}) needs about ${largest.tokens} prompt tokens`);
  });

  it('measures the same on the wire: the recorded request stays within budget', async () => {
    const fake = await FakeOpenAI.start();
    try {
      const { lib } = library();
      const scenario = lib.scenarios
        .map((s) => ({ s, size: JSON.stringify(s).length + lib.criteriaOf(s).reduce((n, c) => n + JSON.stringify(c.levels).length, 0) }))
        .sort((a, b) => b.size - a.size)[0]!.s;
      fake.reply(chatCompletion(modelGrade(scenario)));
      const req = { scenario, criteria: lib.criteriaOf(scenario), answer: TYPICAL_ANSWER, followUps: [], language: 'en' as const };
      await graderFor(fake).grade(req);
      const body = fake.chatBodies[0];
      const sent = body.messages.reduce((n: number, m: { content: string }) => n + 4 + estimateTokens(m.content), 0);
      const schema = estimateTokens(JSON.stringify(body.response_format.json_schema));
      expect(sent + schema).toBeLessThan(PROMPT_TOKEN_BUDGET);
    } finally {
      await fake.close();
    }
  });
});
