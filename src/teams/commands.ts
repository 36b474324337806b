/**
 * Parses what a person typed to the bot. A message is a command only when it looks like one
 * (a command word and at most two arguments); anything else is an answer, so an answer that
 * happens to start with "practice" is not mistaken for a command.
 */
import { CATEGORY_IDS, DIFFICULTIES, LANGUAGES, type CategoryId, type Difficulty, type Language } from '../core/types';
import type { CardActionId } from './cards/types';

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
  | { kind: 'answer'; text: string };

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

/** The button a card submit carries, or undefined when the value is not one of ours. */
export function parseSubmit(value: unknown): { action: CardActionId; category?: string; difficulty?: string } | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const actions: CardActionId[] = ['skip', 'end', 'retry', 'another', 'practice', 'stats', 'categories', 'help'];
  if (typeof v.action !== 'string' || !actions.includes(v.action as CardActionId)) return undefined;
  return {
    action: v.action as CardActionId,
    category: typeof v.category === 'string' ? v.category : undefined,
    difficulty: typeof v.difficulty === 'string' ? v.difficulty : undefined,
  };
}
