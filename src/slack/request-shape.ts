/**
 * Whether a parsed Slack request body is one of the kinds Slack sends, in the shape Bolt and our
 * listeners read. A signed body can still be malformed (a replayed capture edited before signing
 * with a leaked secret, a broken proxy, a test): `null` used to crash the process inside Bolt's
 * HTTPReceiver, and `[]`, `"x"` or `{}` were held for 3 seconds and answered 404. Each of these
 * now gets a 400 before Bolt sees it.
 *
 * The checks cover what gets dereferenced on the way to a listener (Bolt's type detection and
 * source building, then our handlers), not every field Slack documents.
 */
import { z } from 'zod';

const obj = z.looseObject({});
const nullableObj = z.union([obj, z.null()]).optional();
const user = z.looseObject({ id: z.string() });

/** Events API envelope: https://docs.slack.dev/apis/events-api */
const eventBody = z.looseObject({
  event: z.looseObject({
    type: z.string(),
    user: z.union([z.string(), user]).optional(),
    channel: z.union([z.string(), obj]).optional(),
    item: obj.optional(),
    subteam: obj.optional(),
  }),
  authorizations: z.array(obj).optional(),
});

/** Slash command (form fields): https://docs.slack.dev/interactivity/implementing-slash-commands */
const commandBody = z.looseObject({
  command: z.string(),
  user_id: z.string(),
  channel_id: z.string(),
  team_id: z.string().optional(),
  text: z.string().optional(),
});

/** Interactions: block_actions, shortcuts, view submissions and the like (a JSON `payload`). */
const interactionBase = { type: z.string(), user, team: nullableObj, enterprise: nullableObj, channel: obj.optional() };
const actionBody = z.looseObject({ ...interactionBase, actions: z.array(z.looseObject({ type: z.string().optional() })).min(1) });
const viewBody = z.looseObject({ ...interactionBase, type: z.enum(['view_submission', 'view_closed']), view: obj });
const shortcutBody = z.looseObject({ ...interactionBase, type: z.enum(['shortcut', 'message_action']) });
const optionsBody = z.looseObject({ ...interactionBase, type: z.literal('block_suggestion') });
const dialogBody = z.looseObject({ ...interactionBase, type: z.literal('dialog_submission') });

const urlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string() });

/**
 * Undefined when the body is a request Slack could have sent; otherwise a short reason (for the
 * log, never for the response).
 */
export function slackBodyProblem(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return `the body is ${Array.isArray(body) ? 'an array' : body === null ? 'null' : `a ${typeof body}`}, not an object`;
  const b = body as Record<string, unknown>;
  // Bolt decides the kind in this order (helpers.getTypeAndConversation); so do we.
  let schema: z.ZodType;
  if (b.type === 'url_verification') schema = urlVerification;
  else if (b.event !== undefined) schema = eventBody;
  else if (b.command !== undefined) schema = commandBody;
  else if (b.name !== undefined || b.type === 'block_suggestion') schema = optionsBody;
  else if (b.actions !== undefined) schema = actionBody;
  else if (b.type === 'dialog_submission') schema = dialogBody;
  else if (b.type === 'shortcut' || b.type === 'message_action') schema = shortcutBody;
  else if (b.type === 'view_submission' || b.type === 'view_closed') schema = viewBody;
  else return 'not a kind of request Slack sends (no event, command, actions, view or shortcut)';
  const checked = schema.safeParse(body);
  if (checked.success) return undefined;
  const issue = checked.error.issues[0];
  return `malformed ${typeof b.type === 'string' ? b.type : b.command !== undefined ? 'slash command' : 'request'}: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim();
}
