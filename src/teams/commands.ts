/**
 * Parses what a person typed to the bot. A message is a command only when it looks like one
 * (a command word and at most two arguments); anything else is an answer, so an answer that
 * happens to start with "practice" is not mistaken for a command.
 */
import { parseDailyCommand } from '../core/daily';
import { CATEGORY_IDS, DIFFICULTIES, LANGUAGES, type CategoryId, type Difficulty, type Language } from '../core/types';
import { DAILY_ANSWER_INPUT, type CardActionId } from './cards/types';

export type Command =
  | { kind: 'practice'; category?: CategoryId; difficulty?: Difficulty }
  | { kind: 'categories' }
  | { kind: 'stats' }
  | { kind: 'leaderboard'; args: string }
  | { kind: 'lang'; language?: Language }
  | { kind: 'help' }
  | { kind: 'skip' }
  | { kind: 'stop' }
  | { kind: 'retry' }
  /** `daily ...`: the text after "daily", parsed by the core (core.daily.handleCommand). */
  | { kind: 'daily'; args: string }
  /** From the daily prompt card's "Answer privately" button. */
  | { kind: 'daily-answer'; day: string; text: string }
  /** From the Retry button on a daily notice. */
  | { kind: 'daily-retry' }
  | { kind: 'answer'; text: string };

/** `daily set here 09:30 Asia/Seoul weekdays en` is 7 words; longer text is an answer. */
const DAILY_MAX_TOKENS = 8;

const WORDS: Record<string, Command['kind']> = {
  practice: 'practice',
  start: 'practice',
  categories: 'categories',
  category: 'categories',
  stats: 'stats',
  leaderboard: 'leaderboard',
  lang: 'lang',
  language: 'lang',
  help: 'help',
  skip: 'skip',
  stop: 'stop',
  end: 'stop',
  retry: 'retry',
};

/**
 * Removes the `<at>Bot</at>` mention Teams puts in channel messages (the SDK strips the bot's own
 * mention when the entity is present; this also covers clients that send only the tag).
 */
export function stripMentions(raw: string): string {
  return raw
    .replace(/<at[^>]*>[\s\S]*?<\/at>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

export function parseCommand(raw: string): Command {
  const text = stripMentions(raw);
  const tokens = text.replace(/^\//, '').split(/\s+/).filter(Boolean);
  const head = tokens[0]?.toLowerCase();
  if (head === 'daily' && tokens.length <= DAILY_MAX_TOKENS) {
    // A daily command only when the core knows the verb: "Daily standups help because..." is an answer.
    const args = tokens.slice(1).join(' ');
    const parsed = parseDailyCommand(args);
    if (parsed.kind !== 'error' || parsed.code !== 'daily-unknown') return { kind: 'daily', args };
  }
  const kind = head ? WORDS[head] : undefined;
  if (!kind || tokens.length > 3) return { kind: 'answer', text };
  const args = tokens.slice(1).map((t) => t.toLowerCase());
  switch (kind) {
    case 'practice': {
      let category: string | undefined;
      let difficulty: Difficulty | undefined;
      for (const a of args) {
        if ((DIFFICULTIES as readonly string[]).includes(a)) difficulty = a as Difficulty;
        else category = a;
      }
      // An unknown category is passed on: the coach answers "no scenario matches", naming it.
      return { kind, category: category as CategoryId | undefined, difficulty };
    }
    case 'leaderboard':
      // week | all | optout | optin | rules: parsed by the core's leaderboard.
      return { kind, args: args.join(' ') };
    case 'lang': {
      const language = args[0] && (LANGUAGES as readonly string[]).includes(args[0]) ? (args[0] as Language) : undefined;
      return { kind, language };
    }
    default:
      // "help me think about this" is an answer; bare command words (and "stats please") are commands.
      if (args.length > 1) return { kind: 'answer', text };
      return { kind } as Command;
  }
}

/** True when the id is one of the shipped categories. */
export function isCategory(id: string | undefined): id is CategoryId {
  return !!id && (CATEGORY_IDS as readonly string[]).includes(id);
}

export interface Submit {
  action: CardActionId;
  category?: string;
  difficulty?: string;
  /** daily-answer: the prompt's day and what was typed in the card's input. */
  day?: string;
  answer?: string;
}

const ACTIONS: readonly CardActionId[] = ['skip', 'end', 'retry', 'another', 'practice', 'stats', 'categories', 'help', 'daily-retry', 'daily-answer'];

/** The button a card submit carries, or undefined when the value is not one of ours. */
export function parseSubmit(value: unknown): Submit | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.action !== 'string' || !ACTIONS.includes(v.action as CardActionId)) return undefined;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const out: Submit = { action: v.action as CardActionId, category: str(v.category), difficulty: str(v.difficulty) };
  if (v.action === 'daily-answer') {
    out.day = str(v.day);
    out.answer = str(v[DAILY_ANSWER_INPUT]);
  }
  return out;
}
