/**
 * The shapes the model must answer in, as zod schemas. They are sent as the `json_schema`
 * response format (strict) and used again to validate whatever comes back, including from servers
 * that only honour `json_object`.
 *
 * Criterion ids are an enum of the scenario's own criteria, so the model cannot invent one; a
 * refinement requires exactly one entry per criterion, so an answer that drops one is invalid output
 * (retried, then the offline grader). Only keywords every strict-mode server accepts are emitted
 * (enum, integer enum, required, additionalProperties): minItems/minLength are enforced here in zod,
 * not in the schema sent, because a server that rejects a keyword would otherwise look like one that
 * does not support json_schema at all. Property order is the order
 * the model writes in: evidence first, then which key points the answer made, then feedback, then the
 * score, so the score follows from the quotes and the checklist instead of the other way round.
 * Key points are numbered 1..n across the scenario in the prompt; `keyPointsMade` lists those numbers
 * (the grader keeps only the ones that belong to the criterion). The grade schema carries no descriptions:
 * the system prompt explains every field once, and the schema counts towards the prompt tokens.
 */
import { z } from 'zod';
import type { CriterionId } from '../core/types';

/** Flags the model may raise; 'injection' and 'empty' are decided in code, not by the model. */
export const MODEL_FLAGS = ['off-topic', 'buzzwords', 'too-short'] as const;

type Ids = readonly [CriterionId, ...CriterionId[]];

function idsOf(criteria: readonly CriterionId[]): Ids {
  if (!criteria.length) throw new Error('a scenario needs at least one criterion to grade');
  return criteria as Ids;
}

/** Exactly one entry per id, whatever the order. */
function completeness(ids: readonly CriterionId[]) {
  return (items: { id: CriterionId }[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    for (const it of items) {
      if (seen.has(it.id)) ctx.addIssue({ code: 'custom', message: `criterion "${it.id}" graded twice` });
      seen.add(it.id);
    }
    for (const id of ids) if (!seen.has(id)) ctx.addIssue({ code: 'custom', message: `criterion "${id}" not graded` });
  };
}

/**
 * The key-point numbers the prompt shows (1..count). The range is checked here, not sent as an enum:
 * the schema counts towards the prompt tokens, and the grader ignores numbers of other criteria anyway.
 */
function keyPointNumbers(count: number) {
  // z.number().int() would emit minimum/maximum, which strict servers may reject (see above).
  return z.number().refine((n) => Number.isInteger(n) && n >= 1 && n <= Math.max(1, count), `key point numbers run from 1 to ${count}`);
}

/** The grade shape for a scenario's criteria and its number of key points. */
export function gradeSchema(criteria: readonly CriterionId[], keyPointCount = 0) {
  const ids = idsOf(criteria);
  const criterion = z.object({
    id: z.enum(ids),
    evidence: z.array(z.string()),
    keyPointsMade: z.array(keyPointNumbers(keyPointCount)),
    feedback: z.string(),
    score: z.literal([1, 2, 3, 4, 5]),
    strongAnswerAdds: z.string(),
    nextStep: z.string(),
  });
  return z.object({
    graderDirected: z.array(z.string()),
    criteria: z.array(criterion).superRefine(completeness(ids)),
    flags: z.array(z.enum(MODEL_FLAGS)),
    summary: z.string().refine((v) => v.trim().length > 0, 'summary is empty'),
  });
}
export type ModelGrade = z.infer<ReturnType<typeof gradeSchema>>;

/** Interviewer follow-up: the gap first, then whether it is worth asking, then the question. */
export function probeSchema(criteria: readonly CriterionId[]) {
  const ids = idsOf(criteria);
  return z
    .object({
      gap: z.string().describe('The most important thing the answer leaves out or leaves vague, one sentence'),
      targets: z.enum(ids).describe('The criterion that gap belongs to'),
      ask: z.boolean().describe('True when one follow-up question would reveal something the grade needs'),
      question: z.string().describe('The follow-up question, or an empty string when ask is false'),
    })
    .refine((v) => !v.ask || v.question.trim().length > 0, { message: 'question is empty although ask is true' });
}
export type ModelProbe = z.infer<ReturnType<typeof probeSchema>>;

/** The customer persona's next line in a role-play. */
export function personaSchema(criteria: readonly CriterionId[]) {
  const ids = idsOf(criteria);
  return z.object({
    gap: z.string().describe('What the candidate has not yet handled, one sentence (not shown to them)'),
    targets: z.enum(ids).describe('The criterion that gap belongs to'),
    satisfied: z.boolean().describe('True when the candidate has handled your concerns well enough to stop here'),
    reply: z.string().refine((v) => v.trim().length > 0, 'reply is empty').describe('What you say next, in character'),
  });
}
export type ModelPersonaTurn = z.infer<ReturnType<typeof personaSchema>>;
