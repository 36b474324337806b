/**
 * Every user-facing sentence the core and the graders produce, in English and Korean. Adapters
 * render these; they never write their own copy of the same message.
 */
import type { Language } from './types';

const MESSAGES = {
  'no-session': {
    en: "I wasn't expecting an answer, so this message was not graded. Type `practice` to start a scenario.",
    ko: '진행 중인 연습이 없어 이 메시지는 채점하지 않았습니다. `practice`로 시나리오를 시작하세요.',
  },
  'empty-answer': {
    en: 'That answer was empty, so there is nothing to grade yet. Reply with your answer in your own words.',
    ko: '답변이 비어 있어 아직 채점할 내용이 없습니다. 본인의 말로 답변을 보내 주세요.',
  },
  truncated: {
    // Said before the answer is graded or probed: it must not claim a grade that may not follow.
    en: 'Your answer was longer than {max} characters; only the first {max} were kept.',
    ko: '답변이 {max}자를 넘어 앞의 {max}자만 받았습니다.',
  },
  'grading-failed': {
    en: 'Grading failed ({reason}). Your answer is saved: press Retry (or type `retry`) to grade it again.',
    ko: '채점에 실패했습니다({reason}). 답변은 저장되어 있습니다. 다시 시도(또는 `retry` 입력)를 누르면 다시 채점합니다.',
  },
  'store-unavailable': {
    en: "I couldn't save that just now (the bot's database is not answering), so nothing changed. Please try again in a minute.",
    ko: '지금은 저장하지 못해(봇의 데이터베이스가 응답하지 않습니다) 아무것도 바뀌지 않았습니다. 잠시 후 다시 시도해 주세요.',
  },
  'grading-resumed': {
    en: 'The bot restarted while grading your answer to "{title}". It has been graded now; your feedback follows.',
    ko: '"{title}" 답변을 채점하는 중에 봇이 다시 시작되었습니다. 이제 채점을 마쳤으니 아래 피드백을 확인하세요.',
  },
  'pending-grade': {
    en: 'Your previous answer is still waiting to be graded, so this message was not graded. Press Retry (or type `retry`), or `stop` to discard it.',
    ko: '이전 답변이 아직 채점을 기다리고 있어 이 메시지는 채점하지 않았습니다. 다시 시도(`retry`)하거나 `stop`으로 버리세요.',
  },
  'nothing-to-retry': {
    en: 'There is no answer waiting to be graded.',
    ko: '다시 채점할 답변이 없습니다.',
  },
  stopped: {
    en: 'Session ended. Type `practice` whenever you want another scenario.',
    ko: '연습을 종료했습니다. 다른 시나리오가 필요하면 언제든 `practice`를 입력하세요.',
  },
  'stopped-discarded': {
    en: 'Session ended. The answer that could not be graded was discarded, as you asked.',
    ko: '연습을 종료했습니다. 채점하지 못한 답변은 요청대로 삭제했습니다.',
  },
  'no-active-session': {
    en: 'There is no session in progress. Type `practice` to start one.',
    ko: '진행 중인 연습이 없습니다. `practice`로 시작하세요.',
  },
  'session-expired': {
    en: 'Your previous session timed out after {minutes} minutes without an answer, so this message was not graded. Type `practice` to start again.',
    ko: '이전 연습이 {minutes}분 동안 답변이 없어 종료되었으므로 이 메시지는 채점하지 않았습니다. `practice`로 다시 시작하세요.',
  },
  'session-expired-graded': {
    en: 'Your session timed out after {minutes} minutes, so I graded the answer you had given.',
    ko: '{minutes}분 동안 응답이 없어 연습이 종료되었고, 이미 보낸 답변으로 채점했습니다.',
  },
  'session-replaced': {
    en: 'Your unanswered scenario "{title}" was set aside for this new one.',
    ko: '답하지 않은 시나리오 “{title}”는 건너뛰고 새 시나리오를 시작합니다.',
  },
  'no-scenario': {
    en: 'No scenario matches {filters}. Type `categories` to see what is available.',
    ko: '{filters} 조건에 맞는 시나리오가 없습니다. `categories`로 목록을 확인하세요.',
  },
  'all-seen': {
    en: "You have practised every scenario that matches; here's one again.",
    ko: '조건에 맞는 시나리오를 모두 연습했습니다. 다시 한 번 풀어 보세요.',
  },
  'language-set': {
    en: 'Language set to English.',
    ko: '언어를 한국어로 설정했습니다.',
  },
  'offline-note': {
    en: 'Graded offline by the deterministic rubric grader: scores are approximate.',
    ko: '오프라인 루브릭 채점기로 채점했습니다. 점수는 근사치입니다.',
  },
  'fallback-note': {
    en: 'The model grader was unavailable ({reason}), so this was graded offline and is approximate.',
    ko: '모델 채점기를 사용할 수 없어({reason}) 오프라인으로 채점했습니다. 점수는 근사치입니다.',
  },
  'injection-note': {
    en: 'Parts of your answer addressed the grader instead of the question; they earned nothing and the score is capped.',
    ko: '답변 일부가 질문이 아니라 채점기를 향한 지시였습니다. 그 부분은 점수에 반영되지 않았고 점수 상한이 적용되었습니다.',
  },
  'off-topic-note': {
    en: "The answer does not engage with this scenario's problem, so every criterion is at the floor.",
    ko: '답변이 이 시나리오의 문제를 다루지 않아 모든 항목이 최저점입니다.',
  },
  'generic-note': {
    en: "The answer names nothing of this scenario (its people, systems or figures), so no criterion scores above 2. Answer this situation, not situations like it.",
    ko: '답변에 이 시나리오의 사람, 시스템, 수치가 하나도 나오지 않아 어떤 항목도 2점을 넘지 않습니다. 비슷한 상황 일반이 아니라 이 상황에 답해 주세요.',
  },
  'buzzwords-note': {
    en: 'Much of the answer is a list of terms without reasoning; lists earn little. Say what you would do and why.',
    ko: '답변의 상당 부분이 근거 없는 용어 나열입니다. 나열은 점수가 낮습니다. 무엇을 왜 할지 말해 주세요.',
  },
  'usage-report': {
    en: 'Grading usage (admins): {gradings} gradings, {llm} by the model, {fallbacks} fell back offline. Tokens: {prompt} prompt + {completion} completion in all; per model grading {promptAvg} prompt, {completionAvg} completion, {latencyAvg} ms.',
    ko: '채점 사용량(관리자): 채점 {gradings}건, 모델 채점 {llm}건, 오프라인 대체 {fallbacks}건. 토큰: 전체 프롬프트 {prompt} + 응답 {completion}; 모델 채점 1건당 프롬프트 {promptAvg}, 응답 {completionAvg}, {latencyAvg} ms.',
  },
  'too-short-note': {
    en: 'The answer is very short; an interviewer would expect a few paragraphs of reasoning.',
    ko: '답변이 매우 짧습니다. 면접관은 몇 단락 분량의 추론을 기대합니다.',
  },
  'ask-more': {
    en: 'That is a short answer for a question like this, so I have not graded it yet. An interviewer would want your reasoning: what you would do first, in what order, and why, in a few sentences.',
    ko: '이 질문에 답하기에는 답변이 짧아 아직 채점하지 않았습니다. 면접관은 무엇을 먼저, 어떤 순서로, 왜 할지 몇 문장으로 듣고 싶어 합니다.',
  },
  'ask-more-probe': {
    en: 'Start with this: {probe}',
    ko: '이 질문부터 답해 보세요: {probe}',
  },
  'ask-more-criterion': {
    en: 'Say more about {criterion} in particular.',
    ko: '특히 {criterion} 측면을 더 말씀해 주세요.',
  },
} as const satisfies Record<string, Record<Language, string>>;

export type MessageCode = keyof typeof MESSAGES;

/** The message in the language, with {placeholders} filled. */
export function t(lang: Language, code: MessageCode, params: Record<string, string | number> = {}): string {
  return MESSAGES[code][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
