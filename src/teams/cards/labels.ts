/**
 * Card labels and Teams-only sentences, in English and Korean, on top of the words every face
 * shares (core/labels.ts). Messages the core already has (src/core/messages.ts) are never
 * repeated here; these are the words around them.
 */
import { fill, withSharedLabels } from '../../core/labels';
import type { Language } from '../../core/types';

export const LABELS = withSharedLabels({
  en: {
    answerHint: 'Reply in this chat with your answer, in your own words. A few paragraphs are fine.',
    followUpHint: 'Reply in this chat. Press "Grade now" to be graded on what you have said so far.',
    noHistory: 'No graded answers yet. Type `practice` to start.',
    skip: 'Skip',
    gradeNow: 'Grade now',
    end: 'End',
    retry: 'Retry',
    discard: 'Discard answer',
    another: 'Another scenario',
    practice: 'Practice',
    helpTitle: 'FDE Coach',
    helpIntro:
      'I coach you for Forward Deployed Engineer interviews: I give you a realistic scenario, you answer in your own words, and I grade it against a rubric with quotes from your answer and a concrete next step.',
    helpCommands: 'Commands',
    welcomeTeam:
      'Hi everyone! I am FDE Coach. Once an admin sets it up (`@FDE Coach daily set here 09:30 <time zone>`), I post a daily practice prompt in this channel: reply in its thread and your feedback arrives privately. Mention me with `help` for commands, or chat with me 1:1 to practise any time.',
    channelPrivate: 'I sent it to you in our personal chat.',
    channelHint: 'Mention me with `help` to see what I can do here.',
    dailyReceived: 'Received, {name}. Feedback sent privately, to your personal chat with me.',
    dailyReceivedAnon: 'Received. Feedback sent privately, to your personal chat with me.',
    dailyReceivedPrivately: 'Received your answer to the daily prompt. Grading it now…',
    dailyAnswerLabel: 'Or answer here, privately: only FDE Coach sees what you type.',
    dailyAnswerPlaceholder: 'Your answer, in your own words',
    dailyAnswerRequired: 'Type your answer first.',
    dailySettingsTitle: 'Daily prompt',
    dailyChannelHint:
      'In Teams, type the command in the channel that should get the prompt and mention me, e.g. `@FDE Coach daily set here 09:30 Asia/Seoul weekdays`.',
    dailyAdminsTeams: 'In Teams, the admins are the people whose ids are listed in FDE_ADMINS.',
    dailyNoReference:
      'Note: I cannot post in {channel} yet, because I have not been added to its team. Add FDE Coach to that team, or type the command in the channel itself with `here`.',
    rankHidden: 'hidden (`leaderboard optin` shows you)',
    current: 'current',
    unknownAction: 'That button is no longer active. Type `help` to see what I can do.',
    error: 'Sorry, something went wrong on my side while handling that. Please try again in a moment.',
    proactiveFailed: 'I could not reach you in personal chat. Open a chat with FDE Coach and type `help`.',
  },
  ko: {
    answerHint: '이 채팅에 본인의 말로 답변을 보내 주세요. 몇 단락이어도 괜찮습니다.',
    followUpHint: '이 채팅에 답하세요. "지금 채점"을 누르면 지금까지의 답변으로 채점합니다.',
    noHistory: '아직 채점된 답변이 없습니다. `practice`로 시작하세요.',
    skip: '건너뛰기',
    gradeNow: '지금 채점',
    end: '종료',
    retry: '다시 시도',
    discard: '답변 버리기',
    another: '다른 시나리오',
    practice: '연습하기',
    helpTitle: 'FDE Coach',
    helpIntro:
      'Forward Deployed Engineer 면접을 코칭합니다. 실제 같은 시나리오를 드리면 본인의 말로 답하세요. 루브릭에 따라 채점하고, 답변에서 인용한 근거와 구체적인 다음 단계를 알려 드립니다.',
    helpCommands: '명령어',
    welcomeTeam:
      '안녕하세요! FDE Coach입니다. 관리자가 설정하면(`@FDE Coach daily set here 09:30 <시간대>`) 이 채널에 매일 연습 문제를 올립니다. 스레드에 답글로 답하면 피드백은 개인 채팅으로 보내 드립니다. 명령어는 저를 멘션하고 `help`를 입력하세요. 1:1 채팅에서는 언제든 연습할 수 있습니다.',
    channelPrivate: '개인 채팅으로 보내 드렸습니다.',
    channelHint: '저를 멘션하고 `help`를 입력하면 여기서 할 수 있는 일을 알려 드립니다.',
    dailyReceived: '{name}님, 답변을 받았습니다. 피드백은 저와의 개인 채팅으로 보내 드렸습니다.',
    dailyReceivedAnon: '답변을 받았습니다. 피드백은 저와의 개인 채팅으로 보내 드렸습니다.',
    dailyReceivedPrivately: '일일 질문에 대한 답변을 받았습니다. 지금 채점하고 있습니다…',
    dailyAnswerLabel: '또는 여기에 비공개로 답하세요. 입력한 내용은 FDE Coach만 봅니다.',
    dailyAnswerPlaceholder: '본인의 말로 쓴 답변',
    dailyAnswerRequired: '먼저 답변을 입력하세요.',
    dailySettingsTitle: '일일 질문',
    dailyChannelHint:
      'Teams에서는 질문을 올릴 채널에서 저를 멘션하고 명령을 입력하세요. 예: `@FDE Coach daily set here 09:30 Asia/Seoul weekdays`.',
    dailyAdminsTeams: 'Teams에서 관리자는 FDE_ADMINS에 id가 등록된 사람입니다.',
    dailyNoReference:
      '참고: 아직 {channel}의 팀에 추가되지 않아 그 채널에는 게시할 수 없습니다. FDE Coach를 그 팀에 추가하거나, 해당 채널에서 `here`로 명령을 입력하세요.',
    rankHidden: '숨김 (`leaderboard optin`으로 다시 표시)',
    current: '현재',
    unknownAction: '더 이상 사용할 수 없는 버튼입니다. `help`로 사용법을 확인하세요.',
    error: '죄송합니다. 처리 중에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.',
    proactiveFailed: '개인 채팅으로 연락할 수 없었습니다. FDE Coach와 채팅을 열고 `help`를 입력하세요.',
  },
} satisfies Record<Language, Record<string, string>>);

export type LabelKey = keyof (typeof LABELS)['en'];

/** A label in the language, with {placeholders} filled. */
export function label(lang: Language, key: LabelKey, params: Record<string, string | number> = {}): string {
  return fill(LABELS[lang][key], params);
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
  {
    command: 'daily [set here HH:MM <time zone> [weekdays|everyday] | now | off | on | retry]',
    en: 'The daily prompt. `daily` shows the setting and `daily retry` grades your kept daily answer; set, now, off and on are for admins (FDE_ADMINS), typed in the team channel with a mention.',
    ko: '일일 질문. `daily`는 설정을 보여 주고 `daily retry`는 저장된 일일 답변을 채점합니다. set, now, off, on은 관리자(FDE_ADMINS)가 팀 채널에서 저를 멘션해 입력합니다.',
  },
  { command: 'skip / stop / retry', en: 'New scenario / end the session / grade a failed answer again.', ko: '새 시나리오 / 연습 종료 / 실패한 채점 다시 시도.' },
  { command: 'help', en: 'This message.', ko: '이 도움말을 보여 줍니다.' },
];
