/** manifest.yml: valid against Slack's app manifest schema, and only what the app uses. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const root = path.join(__dirname, '..', '..');
/** The fields of the manifest these tests read. */
interface Manifest {
  display_information: { name: string; background_color?: string };
  features: {
    app_home: Record<string, boolean>;
    bot_user: { display_name: string };
    slash_commands: { command: string; description: string; should_escape?: boolean }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: { socket_mode_enabled: boolean; interactivity: { is_enabled: boolean }; event_subscriptions: { bot_events: string[] } };
}

const manifest = parse(readFileSync(path.join(root, 'manifest.yml'), 'utf8')) as Manifest;
const schema = JSON.parse(readFileSync(path.join(root, 'schemas', 'slack-app-manifest.v1.schema.json'), 'utf8')) as object;

test('validates against slack-app-manifest.v1.schema.json', () => {
  // Slack's schema carries non-standard keywords ("regex", "_note"): not strict about those.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const ok = validate(manifest);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
});

test('the schema check can fail: an unknown field or a bad command is rejected', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  expect(validate({ ...manifest, unexpected: true })).toBe(false);
  expect(validate({ ...manifest, features: { ...manifest.features, slash_commands: [{ command: 'fde', description: 'x' }] } })).toBe(false);
});

test('Socket Mode on, interactivity on, App Home with the Home tab', () => {
  expect(manifest.settings.socket_mode_enabled).toBe(true);
  expect(manifest.settings.interactivity.is_enabled).toBe(true);
  expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
  expect(manifest.features.bot_user.display_name).toBeTruthy();
  expect(manifest.display_information.background_color).toMatch(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/);
});

test('the /fde command, the events used and only the scopes used', () => {
  expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/fde']);
  // `/fde daily set #channel ...` needs the channel as <#C123|name>: Slack escapes it only with this on.
  expect(manifest.features.slash_commands[0]!.should_escape).toBe(true);
  expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(['app_home_opened', 'message.channels', 'message.groups', 'message.im']);
  expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
    'channels:history',
    'chat:write',
    'commands',
    'groups:history',
    'im:history',
    'im:write',
    'reactions:write',
    'users:read',
  ]);
  expect(manifest.oauth_config.scopes.user).toBeUndefined();
});

test('every event subscribed to has the scope it needs, and the app listens for each', () => {
  const needs: Record<string, string | null> = {
    app_home_opened: null,
    'message.im': 'im:history',
    'message.channels': 'channels:history',
    'message.groups': 'groups:history',
  };
  for (const e of manifest.settings.event_subscriptions.bot_events) {
    expect(Object.keys(needs)).toContain(e);
    if (needs[e]) expect(manifest.oauth_config.scopes.bot).toContain(needs[e]);
  }
  // The message listener handles DMs and channel threads (channel_type im / channel / group).
  const listener = readFileSync(path.join(root, 'src', 'slack', 'listeners', 'messages.ts'), 'utf8');
  for (const t of ["'im'", "'channel'", "'group'"]) expect(listener).toContain(t);
});

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : [],
  );
}

test('every Web API method the Slack code calls is covered by a scope in the manifest, and every scope is used', () => {
  const used = new Set<string>();
  for (const f of sources(path.join(root, 'src', 'slack'))) for (const m of readFileSync(f, 'utf8').matchAll(/client\.(\w+)\.(\w+)\(/g)) used.add(`${m[1]}.${m[2]}`);
  const needs: Record<string, string | null> = {
    'chat.postMessage': 'chat:write',
    'chat.update': 'chat:write',
    'chat.delete': 'chat:write',
    'chat.postEphemeral': 'chat:write',
    'conversations.open': 'im:write',
    'users.info': 'users:read',
    'reactions.add': 'reactions:write',
    'views.publish': null,
    'views.open': null,
  };
  expect([...used].sort()).toEqual(Object.keys(needs).sort());
  for (const m of used) if (needs[m]) expect(manifest.oauth_config.scopes.bot).toContain(needs[m]);
  // Scopes used by methods, by events (history scopes) and by the slash command.
  const byMethods = new Set(Object.values(needs).filter(Boolean));
  for (const scope of manifest.oauth_config.scopes.bot)
    expect(byMethods.has(scope) || ['commands', 'im:history', 'channels:history', 'groups:history'].includes(scope)).toBe(true);
});
