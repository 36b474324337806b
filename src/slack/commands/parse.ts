/**
 * Parses what follows `/fde` (and the same words typed alone in the DM) into a command. Pure: no
 * Slack, no I/O, so every spelling is unit-tested.
 */
import { parseDailyCommand } from '../../core/daily';
import { parseLeaderboardCommand } from '../../core/leaderboard';
import { CATEGORY_IDS, DIFFICULTIES, type CategoryId, type Difficulty, type Language } from '../../core/types';

/** Why the text did not make a command; shown above the help. */
export type CommandProblem =
  | { code: 'unknown-command'; value: string }
  | { code: 'unknown-category'; value: string }
  | { code: 'ambiguous-category'; value: string; matches: CategoryId[] }
  | { code: 'extra-argument'; value: string }
  | { code: 'bad-language'; value: string };

export type SlackCommand =
  | { kind: 'practice'; category?: CategoryId; difficulty?: Difficulty }
  | { kind: 'categories' }
  | { kind: 'stats' }
  | { kind: 'lang'; language: Language }
  | { kind: 'skip' }
  | { kind: 'stop' }
  | { kind: 'retry' }
  /** `daily ...`: args is the rest as typed (case and `<#C123|name>` kept; the core parses it). */
  | { kind: 'daily'; args: string }
  /** `leaderboard [week|all|optout|optin|rules]`. */
  | { kind: 'leaderboard'; args: string }
  | { kind: 'help'; problem?: CommandProblem };

const VERBS: Record<string, SlackCommand['kind']> = {
  practice: 'practice',
  practise: 'practice',
  start: 'practice',
  new: 'practice',
  연습: 'practice',
  categories: 'categories',
  category: 'categories',
  카테고리: 'categories',
  stats: 'stats',
  progress: 'stats',
  통계: 'stats',
  lang: 'lang',
  language: 'lang',
  언어: 'lang',
  skip: 'skip',
  건너뛰기: 'skip',
  stop: 'stop',
  end: 'stop',
  종료: 'stop',
  retry: 'retry',
  다시: 'retry',
  help: 'help',
  '?': 'help',
  도움말: 'help',
  daily: 'daily',
  데일리: 'daily',
  일일: 'daily',
  leaderboard: 'leaderboard',
  lb: 'leaderboard',
  board: 'leaderboard',
  rank: 'leaderboard',
  리더보드: 'leaderboard',
  순위: 'leaderboard',
};

const DIFFICULTY_WORDS: Record<string, Difficulty> = {
  ...Object.fromEntries(DIFFICULTIES.map((d) => [d, d])),
  쉬움: 'easy',
  보통: 'medium',
  어려움: 'hard',
};

const LANGUAGE_WORDS: Record<string, Language> = {
  en: 'en',
  english: 'en',
  영어: 'en',
  ko: 'ko',
  kr: 'ko',
  korean: 'ko',
  한국어: 'ko',
};

/** Slack escapes &, < and > in command text; undo it so "&amp;" is not read as a word. */
function unescapeSlack(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The text after the first word, unescaped and trimmed, case kept. */
function restAfterVerb(text: string): string {
  return unescapeSlack(text).normalize('NFC').trim().replace(/^\S+\s*/, '');
}

function words(text: string): string[] {
  return unescapeSlack(text).normalize('NFC').trim().toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * A category from what was typed: the exact id, else the one id it starts, else the one id with
 * a hyphen-separated word it starts ("escalation" -> customer-escalation).
 */
export function matchCategory(
  token: string,
  categories: readonly CategoryId[] = CATEGORY_IDS,
): { category: CategoryId } | { problem: CommandProblem } {
  const t = token.toLowerCase();
  if ((categories as readonly string[]).includes(t)) return { category: t as CategoryId };
  if (t.length >= 3) {
    const byPrefix = categories.filter((c) => c.startsWith(t));
    if (byPrefix.length === 1) return { category: byPrefix[0]! };
    if (byPrefix.length > 1) return { problem: { code: 'ambiguous-category', value: token, matches: byPrefix } };
    const byWord = categories.filter((c) => c.split('-').some((w) => w.length > 2 && w.startsWith(t)));
    if (byWord.length === 1) return { category: byWord[0]! };
    if (byWord.length > 1) return { problem: { code: 'ambiguous-category', value: token, matches: byWord } };
  }
  return { problem: { code: 'unknown-category', value: token } };
}

function parsePractice(args: string[], categories: readonly CategoryId[]): SlackCommand {
  let category: CategoryId | undefined;
  let difficulty: Difficulty | undefined;
  for (const a of args) {
    const d = DIFFICULTY_WORDS[a];
    if (d) {
      if (difficulty) return { kind: 'help', problem: { code: 'extra-argument', value: a } };
      difficulty = d;
      continue;
    }
    if (category) return { kind: 'help', problem: { code: 'extra-argument', value: a } };
    const m = matchCategory(a, categories);
    if ('problem' in m) return { kind: 'help', problem: m.problem };
    category = m.category;
  }
  return { kind: 'practice', category, difficulty };
}

/**
 * Parses the text after `/fde`. Anything that is not a command, or a command with arguments that
 * make no sense, becomes help (with the problem, so the help can say what was wrong).
 */
export function parseCommand(text: string, categories: readonly CategoryId[] = CATEGORY_IDS): SlackCommand {
  const [verb, ...args] = words(text);
  if (!verb) return { kind: 'help' };
  const kind = VERBS[verb];
  if (!kind) return { kind: 'help', problem: { code: 'unknown-command', value: verb } };
  switch (kind) {
    case 'daily':
    case 'leaderboard':
      // The rest as typed: channel ids and time zones keep their case; the core parses and explains.
      return { kind, args: restAfterVerb(text) };
    case 'practice':
      return parsePractice(args, categories);
    case 'lang': {
      const language = args[0] ? LANGUAGE_WORDS[args[0]] : undefined;
      if (!language || args.length > 1) return { kind: 'help', problem: { code: 'bad-language', value: args.join(' ') } };
      return { kind: 'lang', language };
    }
    case 'help':
      return { kind: 'help' };
    default:
      if (args.length) return { kind: 'help', problem: { code: 'extra-argument', value: args[0]! } };
      return { kind };
  }
}

/**
 * A message typed in the DM is a command only when the whole message is a valid command
 * ("practice", "retry", "practice tradeoffs hard", "/fde stats"); anything else is an answer.
 * An answer that merely starts with "Stop the rollout because..." stays an answer.
 */
export function parseDmCommand(text: string, categories: readonly CategoryId[] = CATEGORY_IDS): SlackCommand | undefined {
  const stripped = text.trim().replace(/^\/?fde\s+/i, '').replace(/^[`'"]+|[`'".!]+$/g, '');
  const tokens = words(stripped);
  if (!tokens.length || tokens.length > 3) return undefined;
  const parsed = parseCommand(stripped, categories);
  if (parsed.kind === 'help' && parsed.problem) return undefined;
  // "Daily standups matter" is an answer, not a daily command: only complete subcommands count.
  if (parsed.kind === 'daily' && parseDailyCommand(parsed.args).kind === 'error') return undefined;
  if (parsed.kind === 'leaderboard' && parseLeaderboardCommand(parsed.args).kind === 'error') return undefined;
  return parsed;
}
