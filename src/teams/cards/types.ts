/**
 * The subset of Adaptive Cards 1.5 the coach uses, typed so card builders cannot produce an
 * element Teams would reject (https://adaptivecards.io/explorer/). Plain JSON: no SDK types.
 */

import { escapeMarkdown } from './markdown';

export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_VERSION = '1.5';

export type TextColor = 'default' | 'dark' | 'light' | 'accent' | 'good' | 'warning' | 'attention';
export type TextSize = 'small' | 'default' | 'medium' | 'large' | 'extraLarge';
export type Spacing = 'none' | 'small' | 'default' | 'medium' | 'large' | 'extraLarge' | 'padding';
export type ContainerStyle = 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap?: boolean;
  weight?: 'lighter' | 'default' | 'bolder';
  size?: TextSize;
  color?: TextColor;
  isSubtle?: boolean;
  fontType?: 'default' | 'monospace';
  spacing?: Spacing;
  separator?: boolean;
  style?: 'default' | 'heading';
  maxLines?: number;
}

export interface FactSet {
  type: 'FactSet';
  facts: { title: string; value: string }[];
  spacing?: Spacing;
  separator?: boolean;
}

export interface Column {
  type: 'Column';
  width?: 'auto' | 'stretch' | string;
  items: CardElement[];
  verticalContentAlignment?: 'top' | 'center' | 'bottom';
}

export interface ColumnSet {
  type: 'ColumnSet';
  columns: Column[];
  spacing?: Spacing;
  separator?: boolean;
}

export interface Container {
  type: 'Container';
  items: CardElement[];
  style?: ContainerStyle;
  spacing?: Spacing;
  separator?: boolean;
  bleed?: boolean;
}

export interface ActionSet {
  type: 'ActionSet';
  actions: CardAction[];
  spacing?: Spacing;
}

/**
 * A text input. Its value travels with the card's Action.Submit, merged into the data under its
 * id, and only to the bot: in a channel, nobody else sees what a person typed.
 */
export interface InputText {
  type: 'Input.Text';
  id: string;
  label?: string;
  placeholder?: string;
  isMultiline?: boolean;
  maxLength?: number;
  isRequired?: boolean;
  errorMessage?: string;
  spacing?: Spacing;
  separator?: boolean;
}

export type CardElement = TextBlock | FactSet | ColumnSet | Container | ActionSet | InputText;

/** What a button sends back: arrives as a message activity whose `value` is this object. */
export interface SubmitData {
  action: CardActionId;
  category?: string;
  difficulty?: string;
  /** daily-answer: the prompt's day (YYYY-MM-DD); the typed answer arrives as `answer`. */
  day?: string;
}

/** Every button the coach's cards carry. */
export type CardActionId =
  | 'skip'
  | 'end'
  | 'retry'
  | 'another'
  | 'practice'
  | 'stats'
  | 'categories'
  | 'help'
  /** Grade again the person's kept daily answers (core.daily.retryDaily). */
  | 'daily-retry'
  /** The daily prompt's "Answer privately": the answer typed in the card's input. */
  | 'daily-answer';

/** The id of the daily prompt card's answer input (its value arrives as `value.answer`). */
export const DAILY_ANSWER_INPUT = 'answer';

export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: SubmitData;
  style?: 'default' | 'positive' | 'destructive';
}

export type CardAction = SubmitAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: typeof CARD_SCHEMA;
  version: typeof CARD_VERSION;
  body: CardElement[];
  actions?: CardAction[];
  /** Teams extension: use the full width of the chat for long feedback. */
  msteams?: { width: 'Full' };
  /** Shown where a card cannot be rendered (notifications, old clients). */
  fallbackText?: string;
}

/** Builds the card envelope. */
export function card(body: CardElement[], actions: CardAction[] = [], fallbackText?: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
    ...(fallbackText ? { fallbackText } : {}),
  };
}

/**
 * A TextBlock showing the text literally: Markdown in it is escaped, so text from people or a
 * model never becomes markup or a link. Use rich() for the card's own formatting.
 */
export const text = (t: string, extra: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock => ({
  type: 'TextBlock',
  text: escapeMarkdown(t),
  wrap: true,
  ...extra,
});

/**
 * A TextBlock whose Markdown is the card's own (a bold label): every piece of outside text in
 * it must already have gone through escapeMarkdown.
 */
export const rich = (markdown: string, extra: Omit<TextBlock, 'type' | 'text'> = {}): TextBlock => ({
  type: 'TextBlock',
  text: markdown,
  wrap: true,
  ...extra,
});

/** A FactSet line; Teams renders Markdown in both parts, so both are escaped. */
export const fact = (title: string, value: string): { title: string; value: string } => ({
  title: escapeMarkdown(title),
  value: escapeMarkdown(value),
});

export const submit = (title: string, data: SubmitData, style?: SubmitAction['style']): SubmitAction => ({
  type: 'Action.Submit',
  title,
  data,
  ...(style ? { style } : {}),
});
