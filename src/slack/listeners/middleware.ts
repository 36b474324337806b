/**
 * Global middleware. Slack retries an event it did not get a fast 200 for (x-slack-retry-num
 * over HTTP, retry_attempt in Socket Mode) with the same event_id: the retry is dropped here, so
 * an answer is graded once. Bolt has already acknowledged events before middleware runs.
 */
import type { App } from '@slack/bolt';
import type { SlackAdapter } from '../adapter';

export function registerMiddleware(app: App, a: SlackAdapter): void {
  app.use(async ({ body, context, next }) => {
    const b = body as { type?: string; event_id?: string };
    if (b.type === 'event_callback' && b.event_id && !(await a.dedupe.claim(b.event_id))) {
      a.log.info({ eventId: b.event_id, retryNum: context.retryNum, retryReason: context.retryReason }, 'duplicate event ignored');
      return;
    }
    await next();
  });
}
