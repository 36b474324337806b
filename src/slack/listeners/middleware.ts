/**
 * Global middleware: every request is handled once.
 * - Events: Slack retries an event it did not get a fast 200 for (x-slack-retry-num over HTTP,
 *   retry_attempt in Socket Mode) with the same event_id. Bolt has already acknowledged events
 *   before middleware runs.
 * - Slash commands, button clicks, modal submissions: Slack never retries these, so a second copy
 *   is a replay (a captured request sent again within the signing window). Each carries its own
 *   trigger_id, and a replay carries the same one and the same signature; the copy is
 *   acknowledged and dropped, so a replayed `/fde practice` starts one session and a replayed
 *   click acts once.
 * Claims go through the adapter's dedupe (shared by every instance when the store is), and last
 * longer than the window in which a signed request is accepted (receiver.ts).
 */
import type { AnyMiddlewareArgs, App, Context } from '@slack/bolt';
import type { SlackAdapter } from '../adapter';

/** The key a request is claimed under, or undefined for requests that are not deduplicated. */
export function dedupeKey(body: unknown, context: Context): string | undefined {
  const b = body as { type?: string; event_id?: string; trigger_id?: unknown };
  if (b.type === 'event_callback') return b.event_id ? b.event_id : undefined;
  if (typeof b.trigger_id === 'string' && b.trigger_id) return `trigger:${b.trigger_id}`;
  const signature = context.requestSignature;
  return typeof signature === 'string' && signature ? `signature:${signature}` : undefined;
}

export function registerMiddleware(app: App, a: SlackAdapter): void {
  app.use(async (args) => {
    const { body, context, next } = args;
    const key = dedupeKey(body, context);
    if (key && !(await a.dedupe.claim(key))) {
      const b = body as { type?: string; command?: string; event_id?: string };
      const event = b.type === 'event_callback';
      a.log.info(
        { key, eventId: b.event_id, kind: b.command ? 'command' : b.type, retryNum: context.retryNum, retryReason: context.retryReason },
        event ? 'duplicate event ignored' : 'duplicate request ignored',
      );
      // Events were acknowledged by Bolt; anything else is answered here, with nothing done.
      const ack = (args as AnyMiddlewareArgs & { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    await next();
  });
}
