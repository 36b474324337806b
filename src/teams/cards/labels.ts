/**
 * Card labels and Teams-only sentences, in English and Korean. Messages the core already has
 * (src/core/messages.ts) are never repeated here; these are the words around them.
 */
import type { Language } from '../../core/types';

export const LABELS = {
  en: {
    customer: 'You are talking to',
    assessed: 'Assessed on',
    answerHint: 'Reply in this chat with your answer, in your own words. A few paragraphs are fine.',
    dailyTitle: 'Daily FDE prompt',
    dailyHint:
      'Reply in this thread with your answer. Your feedback arrives privately, in your personal chat with me.',
    followUp: 'Follow-up',
    followUpHint: 'Reply in this chat. Press "Grade now" to be graded on what you have said so far.',
    overall: 'Overall',
    grader: 'Grader',
    evidence: 'What earned it',
    noEvidence: 'Nothing in the answer earned this criterion yet.',
    strong: 'A strong answer adds',
    next: 'Next step',
    points: 'points',
    total: 'Total',
    answered: 'Answered',
    weakest: 'Weakest so far',
    tryNext: 'Try next',
    stats: 'Your progress',
    week: 'This week',
    streak: 'Daily streak',
    best: 'best',
    recent: 'Recent answers',
    noHistory: 'No graded answers yet. Type `practice` to start.',
    categories: 'Categories',
    scenarios: 'scenarios',
    skip: 'Skip',
    gradeNow: 'Grade now',
    end: 'End',
    retry: 'Retry',
    discard: 'Discard answer',
    another: 'Another scenario',
    practice: 'Practice',
    grading: 'Grading your answer…',
    helpTitle: 'FDE Coach',
    helpIntro:
      'I coach you for Forward Deployed Engineer interviews: I give you a realistic scenario, you answer in your own words, and I grade it against a rubric with quotes from your answer and a concrete next step.',
    helpCommands: 'Commands',
    welcomeTeam:
      'Hi everyone! I am FDE Coach. I will post the daily practice prompt in this channel: reply in its thread and your feedback arrives privately. Mention me with `help` for commands, or chat with me 1:1 to practise any time.',
    channelPrivate: 'I sent it to you in our personal chat.',
    channelHint: 'Mention me with `help` to see what I can do here.',
    dailyReceived: 'Thanks for answering! Your feedback is on its way to our personal chat.',
    alreadyAnswered: 'You have already answered this prompt; your feedback is in our personal chat.',
    unknownAction: 'That button is no longer active. Type `help` to see what I can do.',
    error: 'Sorry, something went wrong on my side while handling that. Please try again in a moment.',
    proactiveFailed: 'I could not reach you in personal chat. Open a chat with FDE Coach and type `help`.',
  },
  ko: {
    customer: '대화 상대',
    assessed: '평가 항목',
    answerHint: '이 채팅에 본인의 말로 답변을 보내 주세요. 몇 단락이어도 괜찮습니다.',
    dailyTitle: '오늘의 FDE 연습 문제',
    dailyHint: '이 스레드에 답글로 답변하세요. 피드백은 저와의 개인 채팅으로 따로 보내 드립니다.',
    followUp: '후속 질문',
    followUpHint: '이 채팅에 답하세요. "지금 채점"을 누르면 지금까지의 답변으로 채점합니다.',
    overall: '종합',
    grader: '채점기',
    evidence: '점수 근거',
    noEvidence: '아직 이 항목에 해당하는 근거가 답변에 없습니다.',
    strong: '강한 답변이라면 더할 것',
    next: '다음 단계',
    points: '점',
    total: '누적',
    answered: '답변 수',
    weakest: '현재 가장 약한 역량',
    tryNext: '다음 추천',
    stats: '나의 진행 상황',
    week: '이번 주',
    streak: '데일리 연속',
    best: '최고',
    recent: '최근 답변',
    noHistory: '아직 채점된 답변이 없습니다. `practice`로 시작하세요.',
    categories: '카테고리',
    scenarios: '개 시나리오',
    skip: '건너뛰기',
    gradeNow: '지금 채점',
    end: '종료',
    retry: '다시 시도',
    discard: '답변 버리기',
    another: '다른 시나리오',
    practice: '연습하기',
    grading: '답변을 채점하는 중…',
    helpTitle: 'FDE Coach',
    helpIntro:
      'Forward Deployed Engineer 면접을 코칭합니다. 실제 같은 시나리오를 드리면 본인의 말로 답하세요. 루브릭에 따라 채점하고, 답변에서 인용한 근거와 구체적인 다음 단계를 알려 드립니다.',
    helpCommands: '명령어',
    welcomeTeam:
      '안녕하세요! FDE Coach입니다. 이 채널에 오늘의 연습 문제를 올립니다. 스레드에 답글로 답하면 피드백은 개인 채팅으로 보내 드립니다. 명령어는 저를 멘션하고 `help`를 입력하세요. 1:1 채팅에서는 언제든 연습할 수 있습니다.',
    channelPrivate: '개인 채팅으로 보내 드렸습니다.',
    channelHint: '저를 멘션하고 `help`를 입력하면 여기서 할 수 있는 일을 알려 드립니다.',
    dailyReceived: '답변 고맙습니다! 피드백을 개인 채팅으로 보내 드립니다.',
    alreadyAnswered: '이 문제에는 이미 답하셨습니다. 피드백은 개인 채팅에 있습니다.',
    unknownAction: '더 이상 사용할 수 없는 버튼입니다. `help`로 사용법을 확인하세요.',
    error: '죄송합니다. 처리 중에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.',
    proactiveFailed: '개인 채팅으로 연락할 수 없었습니다. FDE Coach와 채팅을 열고 `help`를 입력하세요.',
  },
} satisfies Record<Language, Record<string, string>>;

export type LabelKey = keyof (typeof LABELS)['en'];

/** A label in the language, with {placeholders} filled. */
export function label(lang: Language, key: LabelKey, params: Record<string, string | number> = {}): string {
  return LABELS[lang][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The command list, shown by `help` and mirrored in appPackage/manifest.json. */
export const COMMANDS: { command: string; en: string; ko: string }[] = [
  {
    command: 'practice [category] [easy|medium|hard]',
    en: 'Start a scenario; with no category I pick one for your weakest competency.',
    ko: '시나리오를 시작합니다. 카테고리를 비우면 가장 약한 역량에 맞춰 고릅니다.',
  },
  { command: 'categories', en: 'List the scenario categories.', ko: '시나리오 카테고리 목록을 보여 줍니다.' },
  { command: 'stats', en: 'Your scores, points and streak.', ko: '나의 점수, 포인트, 연속 기록을 보여 줍니다.' },
  { command: 'leaderboard [week|all|optout|optin|rules]', en: "This team's ranking; optout hides you from it.", ko: '팀 순위를 보여 줍니다. optout으로 순위에서 숨을 수 있습니다.' },
  { command: 'lang en|ko', en: 'Choose English or Korean.', ko: '영어 또는 한국어를 선택합니다.' },
  { command: 'skip / stop / retry', en: 'New scenario / end the session / grade a failed answer again.', ko: '새 시나리오 / 연습 종료 / 실패한 채점 다시 시도.' },
  { command: 'help', en: 'This message.', ko: '이 도움말을 보여 줍니다.' },
];
