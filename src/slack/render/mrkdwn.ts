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

/**
 * Cuts raw text so that, once transformed (escaped by default), it fits in max characters, adding
 * an ellipsis when cut. Prefers a word boundary near the cut.
 */
export function clip(raw: string, max: number, transform: (s: string) => string = escapeMrkdwn): string {
  const whole = transform(raw);
  if (whole.length <= max) return whole;
  const cps = codePoints(raw);
  // Largest n such that transform(first n code points) + ellipsis fits.
  let lo = 0;
  let hi = cps.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (transform(cps.slice(0, mid).join('')).length + ELLIPSIS.length <= max) lo = mid;
    else hi = mid - 1;
  }
  let head = cps.slice(0, lo).join('');
  const space = head.search(/\s\S*$/);
  if (space > head.length * 0.8) head = head.slice(0, space);
  return transform(head.trimEnd()) + ELLIPSIS;
}

/** Plain-text fields (headers, buttons) need no escaping, only the length cut. */
export function clipPlain(raw: string, max: number): string {
  return clip(raw, max, (s) => s);
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
          let n = rest.length;
          while (n > 1 && escapeMrkdwn(rest.slice(0, n).join('')).length > max) n = Math.floor(n * 0.9);
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

/** A 5-cell bar for an n/5 score (rounded), as in the terminal renderer. */
export function scoreBar(score: number): string {
  const full = Math.max(0, Math.min(5, Math.round(score)));
  return '█'.repeat(full) + '░'.repeat(5 - full);
}
