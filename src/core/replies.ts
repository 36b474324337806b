/**
 * What the coach says, as data. Adapters turn these into Block Kit, Adaptive Cards or terminal
 * text; the core never produces markup.
 */
import type { MessageCode } from './messages';
import type { HistoryEntry } from './ports';
import type { CategoryId, CriterionId, Difficulty, GradeResult, Language } from './types';

/** A scenario as shown to a person, in one language. */
export interface ScenarioView {
  id: string;
  category: CategoryId;
  categoryName: string;
  difficulty: Difficulty;
  title: string;
  situation: string;
  criteria: { id: CriterionId; name: string }[];
  persona?: { name: string; role: string; company: string };
}

export interface ScenarioReply {
  kind: 'scenario';
  sessionId: string;
  language: Language;
  scenario: ScenarioView;
}

export interface ProbeReply {
  kind: 'probe';
  sessionId: string;
  language: Language;
  text: string;
  /** Set when the bot speaks as the scenario's customer. */
  persona?: { name: string; role: string };
  /** 1-based number of this follow-up, and how many the session allows. */
  index: number;
  max: number;
  /**
   * Why the coach asks: 'too-short' when the first answer was a line or two and the coach asks
   * for more before grading (asked once; the next reply is graded whatever its length).
   */
  reason?: 'too-short';
}

export interface FeedbackReply {
  kind: 'feedback';
  sessionId?: string;
  language: Language;
  scenario: Pick<ScenarioView, 'id' | 'title' | 'difficulty' | 'category'>;
  result: GradeResult;
  /** Criterion display names in the reply's language. */
  criterionNames: Partial<Record<CriterionId, string>>;
  points: number;
}

export interface SummaryReply {
  kind: 'summary';
  sessionId?: string;
  language: Language;
  scenarioId: string;
  overall: number;
  points: number;
  totalPoints: number;
  answered: number;
  /**
   * Weakest competency so far, with its name, to suggest where to practise next. Absent after a
   * perfect answer and when every competency so far has the same average (nothing is weakest).
   */
  weakest?: { id: CriterionId; name: string; average: number };
  /** The category whose scenarios most often grade the weakest competency. */
  suggestedCategory?: CategoryId;
  /** Its display name in the reply's language: what people see, never the raw id. */
  suggestedCategoryName?: string;
}

export interface NoticeReply {
  kind: 'notice';
  language: Language;
  code: MessageCode;
  text: string;
  /** True when a retry action makes sense (a grading failure with the answer kept). */
  retryable?: boolean;
  /** True when this notice means a received message was NOT graded. */
  notGraded?: boolean;
}

export interface StatsReply {
  kind: 'stats';
  language: Language;
  answered: number;
  totalPoints: number;
  weekPoints: number;
  streak: { count: number; best: number };
  averages: { id: CriterionId; name: string; average: number; count: number }[];
  recent: (HistoryEntry & { title: string })[];
}

export interface CategoriesReply {
  kind: 'categories';
  language: Language;
  categories: { id: CategoryId; name: string; description: string; count: number }[];
}

export type CoachReply =
  | ScenarioReply
  | ProbeReply
  | FeedbackReply
  | SummaryReply
  | NoticeReply
  | StatsReply
  | CategoriesReply;
