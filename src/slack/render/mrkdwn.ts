/**
 * Safe mrkdwn: escaping, and cutting or splitting text to Block Kit's limits without breaking
 * markup. Every piece of text that did not come from this module's callers' own labels (answers,
 * quotes, grader feedback, scenario text) goes through escapeMrkdwn, so `<!channel>`, `<!here>`
 * and `<@U123>` are shown as text and never ping anyone.
 *
 * Rule that keeps markup whole: text is cut or split before it is escaped and before labels are
 * wrapped around it, so an entity (&amp;) or a *bold* label is never split across blocks.
 */

/** Slack's three control characters; https://api.slack.com/reference/surfaces/formatting#escaping */
export function escapeMrkdwn(raw: string): string {
  return raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Code points, so an emoji or a surrogate pair is never cut in half. */
function codePoints(s: string): string[] {
  return Array.from(s);
}

const ELLIPSIS = '…';

/** Length of a code point once escaped. */
function escapedLength(cp: string): number {
  return cp === '&' ? 5 : cp === '<' || cp === '>' ? 4 : cp.length;
}

/**
 * Cuts raw text so that, once escaped, it fits in max characters, adding an ellipsis when cut.
 * Prefers a word boundary near the cut. One pass over the code points.
 */
export function clip(raw: string, max: number, escape = true): string {
  const transform = escape ? escapeMrkdwn : (s: string) => s;
  // Escaping at most multiplies the length by 5 (& -> &amp;); short text needs no counting.
  if (raw.length * (escape ? 5 : 1) <= max) return transform(raw);
  const room = max - ELLIPSIS.length;
  let used = 0;
  let cut = 0;
  let total = 0;
  let full = false;
  for (const cp of raw) {
    const n = escape ? escapedLength(cp) : cp.length;
    total += n;
    if (!full && used + n <= room) {
      used += n;
      cut += cp.length;
    } else full = true;
  }
  if (total <= max) return transform(raw);
  let head = raw.slice(0, cut);
  const space = head.search(/\s\S*$/);
  if (space > head.length * 0.8) head = head.slice(0, space);
  return transform(head.trimEnd()) + ELLIPSIS;
}

/** Plain-text fields (headers, buttons) need no escaping, only the length cut. */
export function clipPlain(raw: string, max: number): string {
  return clip(raw, max, false);
}

/**
 * Splits raw text into pieces whose escaped form fits in max characters, breaking at paragraph,
 * then line, then sentence, then word boundaries; nothing is lost. Returns escaped pieces.
 */
export function splitEscaped(raw: string, max: number): string[] {
  const text = raw.replace(/\r\n?/g, '\n').trim();
  if (!text) return [];
  if (escapeMrkdwn(text).length <= max) return [escapeMrkdwn(text)];
  const units = atoms(text, max);
  return packLines(units, max, '');
}

/** Breaks text into escaped atoms no longer than max, keeping the separators that follow them. */
function atoms(text: string, max: number): string[] {
  const out: string[] = [];
  const push = (piece: string) => {
    const escaped = escapeMrkdwn(piece);
    if (escaped.length <= max) {
      out.push(escaped);
      return false;
    }
    return true;
  };
  // Paragraphs and lines keep their newline so packing restores them.
  for (const line of text.split(/(?<=\n)/)) {
    if (!push(line)) continue;
    for (const sentence of line.split(/(?<=[.!?。！？])\s+/).map((s, i, all) => (i < all.length - 1 ? `${s} ` : s))) {
      if (!push(sentence)) continue;
      for (const word of sentence.split(/(?<=\s)/)) {
        if (!push(word)) continue;
        // A single "word" longer than the limit (a URL, a run without spaces): hard cut by code points.
        let rest = codePoints(word);
        while (rest.length) {
          let n = 0;
          let used = 0;
          while (n < rest.length && used + escapedLength(rest[n]!) <= max) used += escapedLength(rest[n++]!);
          n = Math.max(n, 1);
          out.push(escapeMrkdwn(rest.slice(0, n).join('')));
          rest = rest.slice(n);
        }
      }
    }
  }
  return out;
}

/**
 * Packs already-escaped lines into chunks of at most max characters, joined by sep. A line
 * longer than max is never produced by this module's callers (they clip or split first); if one
 * arrives anyway it is clipped rather than sent invalid.
 */
export function packLines(lines: string[], max: number, sep = '\n'): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = raw.length > max ? `${raw.slice(0, max - 1).replace(/&[a-z]*$/, '')}${ELLIPSIS}` : raw;
    if (!current) current = line;
    else if (current.length + sep.length + line.length <= max) current += sep + line;
    else {
      chunks.push(current);
      current = line;
    }
  }
  if (current) chunks.push(current);
  return chunks.map((c) => c.replace(/\s+$/, '')).filter(Boolean);
}

/**
 * The 5-cell score bar shared by every face (●●●○○). Plain text, never inline code: Slack shows
 * code in red whatever the score.
 */
export { scoreBar } from '../../core/feedback-view';
