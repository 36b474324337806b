/**
 * Domain types shared by the core, the graders and every adapter.
 * Plain data only: nothing here knows Slack, Teams, OpenAI or a terminal.
 */

/** Languages the coach speaks. */
export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Text carried in both languages. */
export interface Localized {
  en: string;
  ko: string;
}

export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** Scenario categories shipped with the product (teams may add scenarios, not categories). */
export const CATEGORY_IDS = [
  'problem-framing',
  'tradeoffs',
  'customer-escalation',
  'discovery',
  'enterprise-integration',
  'ai-deployment',
  'product-feedback',
  'role-and-career',
] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

/**
 * Rubric criteria: the six competencies of the Korean/English career guide plus judgment
 * under tradeoffs ("FDEs live in tradeoffs", what-is-an-fde).
 */
export const CRITERION_IDS = [
  'problem-framing',
  'productionization',
  'llm-engineering',
  'enterprise-integration',
  'communication',
  'product-feedback',
  'tradeoff-judgment',
] as const;
export type CriterionId = (typeof CRITERION_IDS)[number];

/** A pointer into one of the guides in shared/guide. */
export interface GuideRef {
  source: 'fde-career-guide' | 'what-is-an-fde';
  section: string;
  quote: string;
}

/** A behaviourally anchored rubric criterion. */
export interface Criterion {
  id: CriterionId;
  name: Localized;
  description: Localized;
  levels: { 1: Localized; 3: Localized; 5: Localized };
  /** Generic evidence terms for this competency, used by the offline grader. */
  signals: { en: string[]; ko: string[] };
  /** Concrete practice steps, one of which is offered as the next step. */
  nextSteps: Localized[];
  guide: GuideRef;
}

export interface KeyPoint {
  text: Localized;
  /** A short checklist label (a few words) shown in feedback; falls back to a cut of the text. */
  label?: Localized;
  criterion: CriterionId;
  /** Lower-case stems or phrases whose presence is evidence of this point. */
  keywords: { en: string[]; ko: string[] };
}

export interface Probe {
  text: Localized;
  /** The criterion this probe digs into when the answer is weak there. */
  targets: CriterionId;
}

/** Who the bot plays in a customer-escalation scenario. */
export interface Persona {
  name: string;
  role: Localized;
  company: Localized;
  wants: Localized;
  pushback: Localized[];
  tone: Localized;
}

/** A criterion restated for one scenario's situation. */
export interface ScenarioRubric {
  levels?: { 1: Localized; 3: Localized; 5: Localized };
  nextSteps?: Localized[];
}

export interface Scenario {
  id: string;
  category: CategoryId;
  difficulty: Difficulty;
  title: Localized;
  situation: Localized;
  criteria: CriterionId[];
  keyPoints: KeyPoint[];
  probes: Probe[];
  guide: GuideRef;
  /** Per-criterion level descriptors and next steps restated for this scenario (see ScenarioIndex.criteriaOf). */
  rubric?: Partial<Record<CriterionId, ScenarioRubric>>;
  persona?: Persona;
  /** Where it was loaded from; set by the loader, for error messages. */
  sourceFile: string;
}

export interface Category {
  id: CategoryId;
  name: Localized;
  description: Localized;
}

/** Everything the content files define, validated. */
export interface Library {
  categories: Category[];
  criteria: Criterion[];
  scenarios: Scenario[];
}

export type Score = 1 | 2 | 3 | 4 | 5;

/** One key point of a criterion as a checklist line: made or missed by this answer. */
export interface KeyPointCheck {
  /** Short label in the answer's language. */
  label: string;
  made: boolean;
}

export interface CriterionGrade {
  id: CriterionId;
  score: Score;
  /** The scenario's key points for this criterion, made or missed (absent from older grades). */
  points?: KeyPointCheck[];
  /** Sentences quoted verbatim from the answer that earned the score. */
  evidence: string[];
  /** Why this score. */
  feedback: string;
  /** What a strong answer adds. */
  strongAnswerAdds: string;
  /** One concrete next step. */
  nextStep: string;
}

export type GradeFlag = 'injection' | 'off-topic' | 'empty' | 'buzzwords' | 'too-short';

export interface GradeUsage {
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  model?: string;
}

export interface GradeResult {
  scenarioId: string;
  grader: 'offline' | 'llm';
  language: Language;
  /** Mean of the criterion scores, one decimal, 1.0-5.0. */
  overall: number;
  criteria: CriterionGrade[];
  /** One or two sentences summarising the grade. */
  summary: string;
  flags: GradeFlag[];
  /** Set when an LLM grader was configured but this result came from the offline grader. */
  fallbackReason?: string;
  usage?: GradeUsage;
}

/** One exchange after the first answer: the probe asked and what the person replied. */
export interface FollowUpTurn {
  probe: string;
  answer: string;
}

export interface GradeRequest {
  scenario: Scenario;
  /** The scenario's criteria, resolved. */
  criteria: Criterion[];
  answer: string;
  followUps: FollowUpTurn[];
  language: Language;
}

export interface ProbeRequest extends GradeRequest {
  /** How many probes were already asked in this session. */
  probesAsked: number;
}

export interface ProbeResult {
  text: string;
  targets?: CriterionId;
  /** Set when the bot speaks as the scenario's customer persona. */
  asPersona?: boolean;
}
