/**
 * Loads and validates the content: rubric criteria, categories and scenarios, all YAML.
 * Every problem becomes one ContentError naming the file, the scenario id and the field.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  CATEGORY_IDS,
  CRITERION_IDS,
  DIFFICULTIES,
  type Category,
  type Criterion,
  type CriterionId,
  type Language,
  type Library,
  type Scenario,
} from './types';
import type { ScenarioView } from './replies';

/** Raised for any invalid content; the message names file, scenario id and field. */
export class ContentError extends Error {
  readonly code = 'CONTENT_INVALID';
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string,
    readonly scenarioId?: string,
  ) {
    super(
      `${file}${scenarioId ? `: scenario "${scenarioId}"` : ''}: field ${field || '(root)'}: ${detail}`,
    );
    this.name = 'ContentError';
  }
}

const text = z.string().trim().min(1, 'must not be empty');
const localized = z.object({ en: text, ko: text }, { error: 'needs both en and ko text' }).strict();
const stems = z.array(z.string().trim().min(1)).min(1);
const guideRef = z
  .object({
    source: z.enum(['fde-career-guide', 'what-is-an-fde']),
    section: text,
    quote: text,
  })
  .strict();
/**
 * A key point's checklist label: a few words a candidate reads in a made/missed list, so it must fit on
 * one short line next to a tick (Hangul is about twice as wide as Latin, hence the smaller Korean limit).
 */
export const LABEL_MAX = { en: 40, ko: 20 } as const;
const criterionId = z.enum(CRITERION_IDS, { error: (i) => `unknown criterion "${String(i.input)}"` });

const criterionSchema = z
  .object({
    id: criterionId,
    name: localized,
    description: localized,
    levels: z.object({ 1: localized, 3: localized, 5: localized }).strict(),
    signals: z.object({ en: stems, ko: stems }).strict(),
    nextSteps: z.array(localized).min(1),
    guide: guideRef,
  })
  .strict();

const categorySchema = z
  .object({ id: z.enum(CATEGORY_IDS), name: localized, description: localized })
  .strict();

const scenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
    difficulty: z.enum(DIFFICULTIES),
    title: localized,
    situation: localized,
    criteria: z.array(criterionId).min(3).max(5),
    keyPoints: z
      .array(
        z
          .object({
            text: localized,
            label: z
              .object(
                {
                  en: text.max(LABEL_MAX.en, `must be at most ${LABEL_MAX.en} characters`),
                  ko: text.max(LABEL_MAX.ko, `must be at most ${LABEL_MAX.ko} characters`),
                },
                { error: 'needs both en and ko text' },
              )
              .strict(),
            criterion: criterionId,
            keywords: z.object({ en: stems, ko: stems }).strict(),
          })
          .strict(),
      )
      .min(3),
    probes: z
      .array(z.object({ text: localized, targets: criterionId }).strict())
      .min(1)
      .max(3),
    guide: guideRef,
    rubric: z
      .partialRecord(
        criterionId,
        z
          .object({
            levels: z.object({ 1: localized, 3: localized, 5: localized }).strict().optional(),
            nextSteps: z.array(localized).min(1).optional(),
          })
          .strict(),
      )
      .optional(),
    persona: z
      .object({
        name: text,
        role: localized,
        company: localized,
        wants: localized,
        pushback: z.array(localized).min(1),
        tone: localized,
      })
      .strict()
      .optional(),
  })
  .strict();

const scenarioFileSchema = z
  .object({ category: z.enum(CATEGORY_IDS), scenarios: z.array(z.unknown()).min(1) })
  .strict();

function fieldPath(p: ReadonlyArray<PropertyKey>): string {
  return p
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
    .join('');
}

function readYaml(file: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ContentError(file, '', `cannot read: ${(err as Error).message}`);
  }
  try {
    return parseYaml(raw);
  } catch (err) {
    throw new ContentError(file, '', `invalid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
}

function check<T>(schema: z.ZodType<T>, value: unknown, file: string, prefix: string, id?: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = [prefix, fieldPath(issue.path)].filter(Boolean).join('.');
  throw new ContentError(file, field.replace(/\.\[/g, '['), issue.message, id);
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('.'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** The scenarios folder shipped with the package. */
export const SHIPPED_SCENARIOS_DIR = path.resolve(__dirname, '..', '..', 'scenarios');

/**
 * Loads criteria.yaml and categories.yaml from the shipped folder, then every other YAML file in
 * the shipped folder and in each extra folder as a scenario file.
 */
export function loadLibrary(options: { dir?: string; extraDirs?: string[] } = {}): Library {
  const dir = options.dir ?? SHIPPED_SCENARIOS_DIR;
  const criteriaFile = path.join(dir, 'criteria.yaml');
  const criteriaDoc = check(
    z.object({ criteria: z.array(z.unknown()).min(1) }).strict(),
    readYaml(criteriaFile),
    criteriaFile,
    '',
  );
  const criteria: Criterion[] = criteriaDoc.criteria.map((c, i) =>
    check(criterionSchema, c, criteriaFile, `criteria[${i}]`),
  );
  const seenCriteria = new Set<string>();
  criteria.forEach((c, i) => {
    if (seenCriteria.has(c.id)) throw new ContentError(criteriaFile, `criteria[${i}].id`, `duplicate id "${c.id}"`);
    seenCriteria.add(c.id);
  });

  const categoriesFile = path.join(dir, 'categories.yaml');
  const catDoc = check(
    z.object({ categories: z.array(z.unknown()).min(1) }).strict(),
    readYaml(categoriesFile),
    categoriesFile,
    '',
  );
  const categories: Category[] = catDoc.categories.map((c, i) =>
    check(categorySchema, c, categoriesFile, `categories[${i}]`),
  );

  const files = [
    ...yamlFiles(dir).filter((f) => !/(criteria|categories)\.ya?ml$/.test(f)),
    ...(options.extraDirs ?? []).flatMap((d) => {
      let isDir = false;
      try {
        isDir = statSync(d).isDirectory();
      } catch {
        /* reported below */
      }
      if (!isDir) throw new ContentError(d, '', 'FDE_SCENARIOS_DIR entry is not a readable folder');
      return yamlFiles(d);
    }),
  ];

  const scenarios: Scenario[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const doc = check(scenarioFileSchema, readYaml(file), file, '');
    doc.scenarios.forEach((raw, i) => {
      const id =
        raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string'
          ? (raw as { id: string }).id
          : undefined;
      const s = check(scenarioSchema, raw, file, `scenarios[${i}]`, id);
      const prev = seen.get(s.id);
      if (prev) throw new ContentError(file, `scenarios[${i}].id`, `duplicate id, first defined in ${prev}`, s.id);
      seen.set(s.id, file);
      s.keyPoints.forEach((k, j) => {
        if (!s.criteria.includes(k.criterion))
          throw new ContentError(
            file,
            `scenarios[${i}].keyPoints[${j}].criterion`,
            `"${k.criterion}" is not one of this scenario's criteria`,
            s.id,
          );
      });
      for (const c of Object.keys(s.rubric ?? {}))
        if (!s.criteria.includes(c as CriterionId))
          throw new ContentError(
            file,
            `scenarios[${i}].rubric.${c}`,
            `"${c}" is not one of this scenario's criteria`,
            s.id,
          );
      s.criteria.forEach((c, j) => {
        if (!s.keyPoints.some((k) => k.criterion === c))
          throw new ContentError(file, `scenarios[${i}].criteria[${j}]`, `no key point supports "${c}"`, s.id);
      });
      if (doc.category === 'customer-escalation' && !s.persona)
        throw new ContentError(file, `scenarios[${i}].persona`, 'customer-escalation scenarios need a persona', s.id);
      scenarios.push({ ...s, category: doc.category, sourceFile: file });
    });
  }
  for (const c of CRITERION_IDS)
    if (!seenCriteria.has(c)) throw new ContentError(criteriaFile, 'criteria', `criterion "${c}" is not defined`);
  return { categories, criteria, scenarios };
}

/** Fast lookups over a loaded library. */
export class ScenarioIndex {
  private readonly byId = new Map<string, Scenario>();
  private readonly criteriaById = new Map<string, Criterion>();
  constructor(readonly library: Library) {
    for (const s of library.scenarios) this.byId.set(s.id, s);
    for (const c of library.criteria) this.criteriaById.set(c.id, c);
  }
  get scenarios(): readonly Scenario[] {
    return this.library.scenarios;
  }
  get categories(): readonly Category[] {
    return this.library.categories;
  }
  scenario(id: string): Scenario | undefined {
    return this.byId.get(id);
  }
  criterion(id: string): Criterion {
    const c = this.criteriaById.get(id);
    if (!c) throw new Error(`unknown criterion ${id}`);
    return c;
  }
  /**
   * The scenario's criteria as graders should read them: a scenario may restate a criterion's level
   * descriptors and next steps for its own situation (a career question graded on "productionization"
   * is about asking who owns production code, not about writing it).
   */
  criteriaOf(s: Scenario): Criterion[] {
    return s.criteria.map((id) => {
      const base = this.criterion(id);
      const own = s.rubric?.[id];
      if (!own) return base;
      return { ...base, levels: own.levels ?? base.levels, nextSteps: own.nextSteps ?? base.nextSteps };
    });
  }
  /** The scenario as shown to a person, in one language. */
  view(s: Scenario, lang: Language): ScenarioView {
    const cat = this.library.categories.find((c) => c.id === s.category);
    return {
      id: s.id,
      category: s.category,
      categoryName: cat ? cat.name[lang] : s.category,
      difficulty: s.difficulty,
      title: s.title[lang],
      situation: s.situation[lang],
      criteria: s.criteria.map((id) => ({ id, name: this.criterion(id).name[lang] })),
      persona: s.persona && { name: s.persona.name, role: s.persona.role[lang], company: s.persona.company[lang] },
    };
  }
}
