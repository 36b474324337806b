/**
 * Every user-facing sentence of the daily prompt and the leaderboard, in English and Korean.
 * Kept apart from messages.ts so the daily feature's copy lives in one place; adapters render
 * these texts and never write their own copy of the same message.
 */
import { DAILY_BONUS, DIFFICULTY_MULTIPLIER } from './points';
import type { Language } from './types';

const USAGE_EN =
  '`daily set #channel HH:MM <time zone> [weekdays|everyday] [en|ko]` (e.g. `daily set #fde-practice 09:30 America/New_York weekdays`), `daily now`, `daily off`, `daily on`, or `daily` to show the setting.';
const USAGE_KO =
  '`daily set #채널 HH:MM <시간대> [weekdays|everyday] [en|ko]` (예: `daily set #fde-practice 09:30 Asia/Seoul weekdays`), `daily now`, `daily off`, `daily on`, 설정 확인은 `daily`.';

const MESSAGES = {
  // --- settings (admin command) ---
  'daily-usage': { en: `Usage: ${USAGE_EN}`, ko: `사용법: ${USAGE_KO}` },
  'daily-unknown': {
    en: `"{input}" is not a daily command. Usage: ${USAGE_EN}`,
    ko: `"{input}"는 daily 명령이 아닙니다. 사용법: ${USAGE_KO}`,
  },
  'daily-not-admin': {
    en: 'Only workspace admins and owners (and the people listed in FDE_ADMINS) can change the daily prompt. Nothing was changed.',
    ko: '일일 질문 설정은 워크스페이스 관리자와 소유자(그리고 FDE_ADMINS에 등록된 사람)만 바꿀 수 있습니다. 아무것도 바뀌지 않았습니다.',
  },
  'daily-missing-channel': {
    en: `Say which channel gets the prompt, picked with #. Usage: ${USAGE_EN}`,
    ko: `질문을 올릴 채널을 #으로 골라 주세요. 사용법: ${USAGE_KO}`,
  },
  'daily-bad-channel': {
    en: '"{input}" is not a channel. Pick the channel with # so it turns into a link, e.g. `daily set #fde-practice 09:30 America/New_York`.',
    ko: '"{input}"는 채널이 아닙니다. 링크로 바뀌도록 #으로 채널을 골라 주세요. 예: `daily set #fde-practice 09:30 Asia/Seoul`.',
  },
  'daily-missing-time': {
    en: 'Say when to post, as 24-hour HH:MM after the channel, e.g. 09:30.',
    ko: '채널 다음에 게시 시각을 24시간제 HH:MM으로 적어 주세요. 예: 09:30.',
  },
  'daily-bad-time': {
    en: '"{input}" is not a time. Use 24-hour HH:MM, e.g. 09:30 or 17:05.',
    ko: '"{input}"는 올바른 시각이 아닙니다. 24시간제 HH:MM으로 적어 주세요. 예: 09:30, 17:05.',
  },
  'daily-missing-zone': {
    en: 'Say which time zone the time is in, as an IANA name after the time, e.g. America/New_York, Europe/London or Asia/Seoul.',
    ko: '시각 다음에 IANA 시간대 이름을 적어 주세요. 예: Asia/Seoul, America/New_York, Europe/London.',
  },
  'daily-bad-zone': {
    en: '"{input}" is not an IANA time zone I know. Use a region/city name such as America/New_York, Europe/London or Asia/Seoul (abbreviations like KST or PST are ambiguous and not accepted).',
    ko: '"{input}"는 알 수 있는 IANA 시간대가 아닙니다. Asia/Seoul, America/New_York, Europe/London처럼 지역/도시 이름을 적어 주세요(KST, PST 같은 약어는 모호해서 받지 않습니다).',
  },
  'daily-bad-option': {
    en: '"{input}" is not an option here. After the time zone you may add weekdays or everyday, and en or ko for the language of the posts.',
    ko: '"{input}"는 여기서 쓸 수 없는 옵션입니다. 시간대 다음에는 weekdays 또는 everyday, 그리고 게시 언어 en 또는 ko만 붙일 수 있습니다.',
  },
  'daily-set': {
    en: 'Daily prompt set: {channel} at {time} ({zone}), {days}, in {language}. Next post: {next}.',
    ko: '일일 질문을 설정했습니다: {channel}, {zone} 기준 {time}, {days}, 언어 {language}. 다음 게시: {next}.',
  },
  'daily-show': {
    en: 'Daily prompt: {channel} at {time} ({zone}), {days}, in {language}; it is {state}. Next post: {next}.',
    ko: '일일 질문: {channel}, {zone} 기준 {time}, {days}, 언어 {language}. 현재 {state}. 다음 게시: {next}.',
  },
  'daily-show-none': {
    en: 'No daily prompt is set up yet. An admin can start one with `daily set #channel HH:MM <time zone> [weekdays|everyday]`.',
    ko: '아직 일일 질문이 설정되지 않았습니다. 관리자가 `daily set #채널 HH:MM <시간대> [weekdays|everyday]`로 시작할 수 있습니다.',
  },
  'daily-off': {
    en: 'Daily prompt turned off. The setting is kept: `daily on` resumes it.',
    ko: '일일 질문을 껐습니다. 설정은 남아 있으니 `daily on`으로 다시 켤 수 있습니다.',
  },
  'daily-on': {
    en: 'Daily prompt back on: {channel} at {time} ({zone}), {days}. Next post: {next}.',
    ko: '일일 질문을 다시 켰습니다: {channel}, {zone} 기준 {time}, {days}. 다음 게시: {next}.',
  },
  'daily-weekdays': { en: 'on weekdays', ko: '평일마다' },
  'daily-everyday': { en: 'every day', ko: '매일' },
  'daily-state-on': { en: 'on', ko: '켜져 있습니다' },
  'daily-state-off': { en: 'off', ko: '꺼져 있습니다' },
  'daily-next-none': { en: 'none scheduled', ko: '예정 없음' },
  'daily-lang-en': { en: 'English', ko: '영어' },
  'daily-lang-ko': { en: 'Korean', ko: '한국어' },
  // --- posting ---
  'daily-posted': {
    en: "Posted today's prompt ({day}) in {channel}.",
    ko: '오늘({day})의 질문을 {channel}에 올렸습니다.',
  },
  'daily-already-posted': {
    en: "Today's prompt ({day}) is already posted in {channel}; each day gets one prompt.",
    ko: '오늘({day})의 질문은 이미 {channel}에 올라가 있습니다. 질문은 하루에 하나입니다.',
  },
  'daily-post-in-progress': {
    en: "Today's prompt ({day}) is being posted right now.",
    ko: '오늘({day})의 질문을 지금 올리는 중입니다.',
  },
  'daily-post-failed': {
    en: "Posting today's prompt failed ({reason}). Nothing was posted; try `daily now` again in a minute.",
    ko: '오늘의 질문을 올리지 못했습니다({reason}). 아무것도 게시되지 않았으니 잠시 후 `daily now`를 다시 시도해 주세요.',
  },
  'daily-no-channel-runtime': {
    en: 'Posting is not available right now (the channel connection is not running). Nothing was posted.',
    ko: '지금은 게시할 수 없습니다(채널 연결이 실행 중이 아닙니다). 아무것도 게시되지 않았습니다.',
  },
  'daily-prompt-heading-tradeoffs': { en: 'Daily tradeoff prompt · {day}', ko: '오늘의 트레이드오프 질문 · {day}' },
  'daily-prompt-heading': { en: 'Daily practice prompt · {day}', ko: '오늘의 연습 질문 · {day}' },
  'daily-prompt-instructions': {
    en: 'Answer in this thread, or press "Answer privately". Feedback arrives in a direct message, and nobody sees anyone else\'s score. One graded answer per person.',
    ko: '이 스레드에 답하거나 "비공개로 답하기"를 누르세요. 피드백은 개인 메시지로 가며 다른 사람의 점수는 누구에게도 보이지 않습니다. 한 사람당 한 번 채점합니다.',
  },
  'daily-answer-privately': { en: 'Answer privately', ko: '비공개로 답하기' },
  // --- recap ---
  'daily-recap-none': {
    en: 'Recap of {day} · "{title}": nobody answered this one.',
    ko: '{day} 요약 · “{title}”: 이번 질문에는 답변이 없었습니다.',
  },
  'daily-recap-one': {
    en: 'Recap of {day} · "{title}": 1 person answered.',
    ko: '{day} 요약 · “{title}”: 1명이 답했습니다.',
  },
  'daily-recap-many': {
    en: 'Recap of {day} · "{title}": {count} people answered.',
    ko: '{day} 요약 · “{title}”: {count}명이 답했습니다.',
  },
  'daily-recap-points': { en: 'Strong answers covered:', ko: '좋은 답변은 다음을 다뤘습니다:' },
  // --- answers ---
  'daily-no-post': {
    en: 'That is not a daily prompt I know (or it is not posted yet), so this message was not graded.',
    ko: '알 수 없는 일일 질문이거나 아직 게시되지 않은 질문이라 이 메시지는 채점하지 않았습니다.',
  },
  'daily-empty': {
    en: 'That answer was empty, so there is nothing to grade yet. Reply with your answer in your own words.',
    ko: '답변이 비어 있어 아직 채점할 내용이 없습니다. 본인의 말로 답변을 보내 주세요.',
  },
  'daily-already-answered': {
    en: 'You already answered this prompt, and only the first answer is graded, so this one was not graded. For more practice, type `practice` in a direct message.',
    ko: '이 질문에는 이미 답했습니다. 첫 답변만 채점하므로 이번 답변은 채점하지 않았습니다. 더 연습하려면 개인 메시지에서 `practice`를 입력하세요.',
  },
  'daily-in-progress': {
    en: 'Your answer to this prompt is being graded right now, so this message was not graded.',
    ko: '이 질문에 대한 답변을 지금 채점하고 있어 이 메시지는 채점하지 않았습니다.',
  },
  'daily-pending': {
    en: 'Your earlier answer to this prompt is saved but not graded yet, so this message was not graded. Press Retry (or type `daily retry`) to grade the saved answer.',
    ko: '이 질문에 대한 이전 답변이 저장되어 있지만 아직 채점되지 않아 이 메시지는 채점하지 않았습니다. 다시 시도(또는 `daily retry`)를 누르면 저장된 답변을 채점합니다.',
  },
  'daily-grading-failed': {
    en: 'Grading failed ({reason}). Your answer to the daily prompt is saved: press Retry (or type `daily retry`) to grade it.',
    ko: '채점에 실패했습니다({reason}). 일일 질문에 대한 답변은 저장되어 있습니다. 다시 시도(또는 `daily retry`)를 누르면 채점합니다.',
  },
  'daily-nothing-to-retry': {
    en: 'There is no daily answer waiting to be graded.',
    ko: '다시 채점할 일일 질문 답변이 없습니다.',
  },
  'daily-streak': {
    en: 'Daily streak: {count} in a row (best {best}).',
    ko: '일일 질문 연속 답변: {count}회 (최고 {best}회).',
  },
  // --- leaderboard ---
  'lb-title-week': { en: 'Leaderboard · this week', ko: '리더보드 · 이번 주' },
  'lb-title-all': { en: 'Leaderboard · all time', ko: '리더보드 · 전체 기간' },
  'lb-title-last-week': { en: 'Leaderboard · last week', ko: '리더보드 · 지난주' },
  'lb-empty': {
    en: 'No points on the board yet. Answer the daily prompt or type `practice` to get on it.',
    ko: '아직 리더보드에 점수가 없습니다. 일일 질문에 답하거나 `practice`로 연습해 보세요.',
  },
  'lb-you': { en: 'You: #{rank} with {points} points.', ko: '나: {rank}위, {points}점.' },
  'lb-you-none': {
    en: 'You have no points in this period yet.',
    ko: '이 기간에는 아직 점수가 없습니다.',
  },
  'lb-you-hidden': {
    en: 'You are hidden from the leaderboard. `leaderboard optin` shows you again.',
    ko: '리더보드에서 숨겨져 있습니다. `leaderboard optin`으로 다시 표시할 수 있습니다.',
  },
  'lb-optout': {
    en: 'You are now hidden from the leaderboard. Your points still count toward your own progress; `leaderboard optin` shows you again.',
    ko: '이제 리더보드에 표시되지 않습니다. 점수는 나의 진행 상황에 계속 반영되며, `leaderboard optin`으로 다시 표시할 수 있습니다.',
  },
  'lb-optin': { en: 'You are on the leaderboard again.', ko: '다시 리더보드에 표시됩니다.' },
  'lb-usage': {
    en: 'Usage: `leaderboard [week|all]`, `leaderboard optout`, `leaderboard optin`.',
    ko: '사용법: `leaderboard [week|all]`, `leaderboard optout`, `leaderboard optin`.',
  },
  'lb-unknown': {
    en: '"{input}" is not a leaderboard option. Usage: `leaderboard [week|all]`, `leaderboard optout`, `leaderboard optin`.',
    ko: '"{input}"는 리더보드 옵션이 아닙니다. 사용법: `leaderboard [week|all]`, `leaderboard optout`, `leaderboard optin`.',
  },
  'points-rules': {
    en: 'How points work: each graded answer earns round(overall score x 10 x difficulty), where easy counts x{easy}, medium x{medium} and hard x{hard}; an answer to the daily prompt earns {bonus} extra. An answer that tries to instruct the grader earns 0, and so does one that is empty, a line or two, or not about the scenario. Your streak counts the daily prompts you answered in a row; days without a prompt (weekends on a weekdays schedule) do not break it. The weekly board counts points since Monday 00:00 UTC. `leaderboard optout` hides you from the board.',
    ko: '점수 규칙: 채점된 답변마다 반올림(종합 점수 x 10 x 난이도 배수)점을 받습니다. 난이도 배수는 쉬움 x{easy}, 보통 x{medium}, 어려움 x{hard}이고, 일일 질문에 답하면 {bonus}점을 더 받습니다. 채점기에 지시하려는 답변과, 비어 있거나 한두 줄뿐이거나 시나리오와 무관한 답변은 0점입니다. 연속 기록은 일일 질문에 연달아 답한 횟수이며, 질문이 없는 날(평일 일정의 주말)은 연속 기록을 끊지 않습니다. 주간 리더보드는 월요일 00:00 UTC부터의 점수를 셉니다. `leaderboard optout`으로 리더보드에서 숨을 수 있습니다.',
  },
} as const satisfies Record<string, Record<Language, string>>;

export type DailyMessageCode = keyof typeof MESSAGES;

/** The daily/leaderboard message in the language, with {placeholders} filled. */
export function td(lang: Language, code: DailyMessageCode, params: Record<string, string | number> = {}): string {
  return MESSAGES[code][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/** The rules for points, written from the constants in points.ts so the help never drifts. */
export function pointsRules(lang: Language): string {
  return td(lang, 'points-rules', {
    easy: DIFFICULTY_MULTIPLIER.easy,
    medium: DIFFICULTY_MULTIPLIER.medium,
    hard: DIFFICULTY_MULTIPLIER.hard,
    bonus: DAILY_BONUS,
  });
}

/** A notice from the daily prompt or the leaderboard (the daily feature's counterpart of NoticeReply). */
export interface DailyNoticeReply {
  kind: 'daily-notice';
  language: Language;
  code: DailyMessageCode;
  text: string;
  /** True when a retry action makes sense (a daily answer whose grading failed is kept). */
  retryable?: boolean;
  /** True when this notice means a received message was NOT graded. */
  notGraded?: boolean;
}

export function dailyNotice(
  language: Language,
  code: DailyMessageCode,
  extra: Pick<DailyNoticeReply, 'retryable' | 'notGraded'> = {},
  params: Record<string, string | number> = {},
): DailyNoticeReply {
  return { kind: 'daily-notice', language, code, text: td(language, code, params), ...extra };
}
