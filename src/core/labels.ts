/**
 * The words every face (terminal, Slack, Teams) puts around the core's replies, in English and
 * Korean: the scenario's headings, the feedback vocabulary, progress figures. Plain text only, no
 * markup: each renderer adds its own emphasis. Platform-only wording (buttons, "reply in this
 * DM", help) stays with the renderer, which adds it with withSharedLabels. Whole sentences the
 * core says are in messages.ts, not here.
 */
import type { Difficulty, Language } from './types';

const EN = {
  // The scenario and follow-ups
  situation: 'Situation',
  assessed: 'Assessed on',
  customer: 'You are talking to',
  followUp: 'Follow-up',
  askMore: 'Tell me more',
  grading: 'Grading your answer…',
  // Difficulty, as a word
  easy: 'easy',
  medium: 'medium',
  hard: 'hard',
  // Feedback
  overall: 'Overall',
  grader: 'Grader',
  graderOffline: 'offline',
  graderLlm: 'model',
  evidence: 'What earned it',
  noEvidence: 'Nothing in the answer earned this criterion.',
  strong: 'A strong answer adds',
  next: 'Next step',
  // Points and progress
  points: 'points',
  pointsValue: '{points} points',
  earned: 'You earned {points} points (total {total}, {answered} answered).',
  total: 'Total',
  totalPoints: 'Total points',
  answered: 'Answered',
  weakest: 'Weakest so far',
  tryNext: 'Try next',
  stats: 'Your progress',
  week: 'This week',
  streak: 'Daily streak',
  best: 'best',
  competencies: 'By competency',
  notAssessed: 'not assessed yet',
  recent: 'Recent answers',
  sourcePractice: 'practice',
  sourceDaily: 'daily',
  rank: 'Rank',
  rankWeek: '#{rank} this week',
  rankAll: '#{rank} all time',
  rankNone: 'not ranked yet',
  // Categories
  categories: 'Categories',
  scenarioCount: '{count} scenarios',
} as const;

/** A word every face shares. */
export type SharedLabelKey = keyof typeof EN;
export type SharedLabels = Readonly<Record<SharedLabelKey, string>>;

/** The shared words, by language. Placeholders such as {count} are filled with fill(). */
export const SHARED_LABELS: Readonly<Record<Language, SharedLabels>> = {
  en: EN,
  ko: {
    situation: '상황',
    assessed: '평가 항목',
    customer: '대화 상대',
    followUp: '후속 질문',
    askMore: '조금 더 말씀해 주세요',
    grading: '답변을 채점하고 있습니다…',
    easy: '쉬움',
    medium: '보통',
    hard: '어려움',
    overall: '종합',
    grader: '채점기',
    graderOffline: '오프라인',
    graderLlm: '모델',
    evidence: '점수 근거',
    noEvidence: '이 항목에 해당하는 근거가 답변에 없습니다.',
    strong: '강한 답변이라면 더할 것',
    next: '다음 단계',
    points: '점',
    pointsValue: '{points}점',
    earned: '{points}점을 얻었습니다(누적 {total}점, 답변 {answered}개).',
    total: '누적',
    totalPoints: '누적 점수',
    answered: '답변 수',
    weakest: '현재 가장 약한 역량',
    tryNext: '다음 연습 추천',
    stats: '나의 진행 상황',
    week: '이번 주',
    streak: '데일리 연속',
    best: '최고',
    competencies: '역량별',
    notAssessed: '아직 평가 없음',
    recent: '최근 답변',
    sourcePractice: '연습',
    sourceDaily: '일일 질문',
    rank: '순위',
    rankWeek: '이번 주 {rank}위',
    rankAll: '전체 {rank}위',
    rankNone: '아직 순위 없음',
    categories: '카테고리',
    scenarioCount: '시나리오 {count}개',
  },
};

/** A face's own words, per language; none may redefine a shared word. */
type OwnLabels = Record<Language, Record<string, unknown> & Partial<Record<SharedLabelKey, never>>>;
/** One language's table: the shared words, then the face's own. */
type LabelTable<Own> = SharedLabels & Omit<Own, SharedLabelKey>;

/** A face's label table: the shared words plus its own. */
export function withSharedLabels<const T extends OwnLabels>(own: T): { [L in Language]: LabelTable<T[L]> } {
  const merge = <Own>(shared: SharedLabels, mine: Own) => ({ ...shared, ...mine }) as LabelTable<Own>;
  return { en: merge(SHARED_LABELS.en, own.en), ko: merge(SHARED_LABELS.ko, own.ko) };
}

/** "53 points" / "53점": the one way every face writes an amount of points. */
export function pointsText(lang: Language, points: number): string {
  return fill(SHARED_LABELS[lang].pointsValue, { points });
}

/** The difficulty as a word in the language ("medium" / "보통"). */
export function difficultyText(lang: Language, difficulty: Difficulty): string {
  return SHARED_LABELS[lang][difficulty];
}

/** Which grader graded, as a word in the language ("offline" / "오프라인"), with the model's name if known. */
export function graderText(lang: Language, grader: 'offline' | 'llm', model?: string): string {
  const word = SHARED_LABELS[lang][grader === 'llm' ? 'graderLlm' : 'graderOffline'];
  return model ? `${word} (${model})` : word;
}

/** Fills {placeholders}. The values are inserted as given: callers escape what needs escaping. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
