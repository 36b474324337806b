/**
 * The Teams app package: appPackage/manifest.json validates against the Teams app manifest
 * schema v1.29 (schemas/, Microsoft's file with its licence), the icons are real PNGs of the required sizes (outline: white
 * on transparency), and the package script puts the bot's app id in place of the placeholder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import AdmZip from 'adm-zip';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { COMMANDS } from '../../src/teams/cards';
import { APP_PACKAGE_DIR, DEVELOPER_FIELDS, PLACEHOLDER_ID, buildPackage, colorIcon, main, outlineIcon, renderManifest } from '../../scripts/teams-package';

const SCHEMA = path.resolve(__dirname, '..', '..', 'schemas', 'teams-app-manifest.v1.29.schema.json');
const MANIFEST = path.join(APP_PACKAGE_DIR, 'manifest.json');
const APP_ID = '6f1b2f3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
/** Real-looking developer details (not placeholders). */
const DEVELOPER = {
  name: 'Acme Enablement',
  websiteUrl: 'https://enablement.acme.co/fde-coach',
  privacyUrl: 'https://enablement.acme.co/privacy',
  termsOfUseUrl: 'https://enablement.acme.co/terms',
};

/** Runs main() with stdout and stderr captured. */
function runMain(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    return { code: main(argv, env), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function tmpZip(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'teams-pkg-')), 'fde-coach-teams.zip');
}

function validator() {
  const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  // The file declares draft-04 but uses draft-06+ keywords (const); Ajv's default draft-07
  // dialect reads it as intended once the draft-04 $schema declaration is removed.
  delete schema.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** Decodes our PNGs (8-bit RGBA, filter 0 on every row, which is what encodePng writes). */
function decodePng(buf: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let i = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (i < buf.length) {
    const len = buf.readUInt32BE(i);
    const type = buf.toString('ascii', i + 4, i + 8);
    const data = buf.subarray(i + 8, i + 8 + len);
    expect(buf.readUInt32BE(i + 8 + len)).toBe(zlib.crc32(buf.subarray(i + 4, i + 8 + len)) >>> 0);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(data);
    i += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

describe('Teams app package', () => {
  const validate = validator();
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));

  it('manifest.json is valid against the v1.29 schema', () => {
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check can fail: a bad manifest is rejected', () => {
    expect(validate({ ...manifest, accentColor: 'indigo' })).toBe(false);
    expect(validate({ ...manifest, bots: [{ ...manifest.bots[0], scopes: ['everywhere'] }] })).toBe(false);
    const { developer: _d, ...missing } = manifest;
    expect(validate(missing)).toBe(false);
  });

  it('declares one bot with personal and team scopes and the commands the bot understands', () => {
    expect(manifest.manifestVersion).toBe('1.29');
    expect(manifest.bots).toHaveLength(1);
    const bot = manifest.bots[0];
    expect(bot.scopes).toEqual(['personal', 'team']);
    expect(bot.botId).toBe(PLACEHOLDER_ID);
    const personal = bot.commandLists.find((l: { scopes: string[] }) => l.scopes.includes('personal'));
    const titles = personal.commands.map((c: { title: string }) => c.title);
    expect(titles).toEqual(['practice', 'categories', 'stats', 'leaderboard', 'lang', 'help']);
    for (const t of titles) expect(COMMANDS.some((c) => c.command.startsWith(t))).toBe(true);
    // Thread replies to the daily prompt reach the bot without an @mention.
    expect(manifest.authorization.permissions.resourceSpecific).toContainEqual({ name: 'ChannelMessage.Read.Group', type: 'Application' });
  });

  it('icons: color 192x192 opaque, outline 32x32 white on transparency; the committed files are what the script draws', () => {
    const color = fs.readFileSync(path.join(APP_PACKAGE_DIR, manifest.icons.color));
    const outline = fs.readFileSync(path.join(APP_PACKAGE_DIR, manifest.icons.outline));
    expect(color.equals(colorIcon())).toBe(true);
    expect(outline.equals(outlineIcon())).toBe(true);
    const c = decodePng(color);
    expect([c.width, c.height]).toEqual([192, 192]);
    let translucent = 0;
    for (let i = 3; i < c.rgba.length; i += 4) if (c.rgba[i] !== 255) translucent++;
    expect(translucent).toBe(0);
    const o = decodePng(outline);
    expect([o.width, o.height]).toEqual([32, 32]);
    let opaque = 0;
    let transparent = 0;
    let coloured = 0;
    for (let i = 0; i < o.rgba.length; i += 4) {
      const [r, g, b, a] = [o.rgba[i], o.rgba[i + 1], o.rgba[i + 2], o.rgba[i + 3]];
      if (a! > 0 && (r !== 255 || g !== 255 || b !== 255)) coloured++;
      if (a === 255) opaque++;
      if (a === 0) transparent++;
    }
    expect(coloured).toBe(0);
    expect(opaque).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(500);
  });

  it('the package script builds a zip with the app id in place of the placeholder, still valid', () => {
    const out = tmpZip();
    try {
      expect(buildPackage({ appId: APP_ID, out, developer: DEVELOPER })).toBe(out);
      const zip = new AdmZip(out);
      expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'ko.json', 'manifest.json', 'outline.png']);
      const packed = JSON.parse(zip.readAsText('manifest.json'));
      expect(validate(packed)).toBe(true);
      expect(packed.id).toBe(APP_ID);
      expect(packed.bots[0].botId).toBe(APP_ID);
      expect(packed.webApplicationInfo.id).toBe(APP_ID);
      expect(JSON.stringify(packed)).not.toContain(PLACEHOLDER_ID);
      expect(zip.readFile('color.png')!.equals(colorIcon())).toBe(true);
      expect(packed.developer).toEqual(DEVELOPER);
      expect(zip.readFile('ko.json')!.equals(fs.readFileSync(path.join(APP_PACKAGE_DIR, 'ko.json')))).toBe(true);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });

  it('refuses a missing, malformed or placeholder app id', () => {
    const template = fs.readFileSync(MANIFEST, 'utf8');
    expect(() => renderManifest(template, { appId: 'my-bot', developer: DEVELOPER })).toThrow(/must be a GUID/);
    expect(() => renderManifest(template, { appId: PLACEHOLDER_ID, developer: DEVELOPER })).toThrow(/placeholder/);
    expect(renderManifest(template, { appId: APP_ID, teamsAppId: '11111111-2222-3333-4444-555555555555', developer: DEVELOPER }).id).toBe(
      '11111111-2222-3333-4444-555555555555',
    );
    expect(runMain([]).code).toBe(2);
    expect(runMain(['--app-id', 'nope'], { TEAMS_PRIVACY_URL: DEVELOPER.privacyUrl }).code).toBe(1);
  });

  it('refuses to package the shipped example.com developer URLs, naming the flag and the variable for each', () => {
    const template = fs.readFileSync(MANIFEST, 'utf8');
    expect(manifest.developer.privacyUrl).toMatch(/^https:\/\/example\.com\//); // what ships is a placeholder
    let message = '';
    try {
      renderManifest(template, { appId: APP_ID });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const f of DEVELOPER_FIELDS.filter((x) => x.key !== 'name')) {
      expect(message).toContain(`developer.${f.key} is the placeholder`);
      expect(message).toContain(`${f.flag} or ${f.env}`);
    }
    expect(message).toContain('--allow-placeholders');
    // One URL left as the placeholder is still refused.
    expect(() => renderManifest(template, { appId: APP_ID, developer: { ...DEVELOPER, termsOfUseUrl: 'https://www.example.org/terms' } })).toThrow(
      /developer\.termsOfUseUrl is the placeholder https:\/\/www\.example\.org\/terms: set --terms-url or TEAMS_TERMS_URL/,
    );
    const out = tmpZip();
    const r = runMain(['--app-id', APP_ID, '--out', out]);
    expect(r.code).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
    expect(r.stderr).toMatch(/^teams-package: developer\.websiteUrl is the placeholder/);
  });

  it('rejects a developer URL that is not https, and a name Teams would not take', () => {
    const template = fs.readFileSync(MANIFEST, 'utf8');
    expect(() => renderManifest(template, { appId: APP_ID, developer: { ...DEVELOPER, privacyUrl: 'http://acme.co/privacy' } })).toThrow(
      /--privacy-url \(TEAMS_PRIVACY_URL\) must be an https URL/,
    );
    expect(() => renderManifest(template, { appId: APP_ID, developer: { ...DEVELOPER, websiteUrl: 'acme.co' } })).toThrow(/--website-url .* must be an https URL/);
    expect(() => renderManifest(template, { appId: APP_ID, developer: { ...DEVELOPER, name: 'x'.repeat(33) } })).toThrow(/1 to 32 characters/);
  });

  it('takes the developer details from TEAMS_* variables and the app id from clientId; a flag wins over its variable', () => {
    const out = tmpZip();
    const env = {
      clientId: APP_ID,
      TEAMS_DEVELOPER_NAME: DEVELOPER.name,
      TEAMS_WEBSITE_URL: DEVELOPER.websiteUrl,
      TEAMS_PRIVACY_URL: 'https://old.acme.co/privacy',
      TEAMS_TERMS_URL: DEVELOPER.termsOfUseUrl,
    };
    const r = runMain(['--out', out, '--privacy-url', DEVELOPER.privacyUrl], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const packed = JSON.parse(new AdmZip(out).readAsText('manifest.json'));
    expect(packed.developer).toEqual(DEVELOPER);
    expect(packed.bots[0].botId).toBe(APP_ID);
    expect(validate(packed)).toBe(true);
  });

  it('--allow-placeholders builds a local test package and warns once per placeholder', () => {
    const out = tmpZip();
    const r = runMain(['--app-id', APP_ID, '--out', out, '--allow-placeholders']);
    expect(r.code).toBe(0);
    expect(fs.existsSync(out)).toBe(true);
    expect(r.stderr.match(/^teams-package: warning: developer\.\w+ is the placeholder/gm)).toHaveLength(3);
  });
});

/**
 * appPackage/ko.json, the Korean localisation. The v1.29 manifest schema does not reference the
 * localisation schema, so the rules Microsoft documents for it are checked here
 * (learn.microsoft.com/microsoftteams/platform/resources/schema/localization-schema): name.short
 * (30), name.full (100), description.short (80) and description.full (4000) are required, command
 * titles are at most 32 and descriptions 128 characters, and no other keys are allowed.
 */
describe('Korean localisation (ko.json)', () => {
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  const ko = JSON.parse(fs.readFileSync(path.join(APP_PACKAGE_DIR, 'ko.json'), 'utf8')) as Record<string, string>;
  const COMMAND_KEY = /^bots\[0\]\.commandLists\[([0-2])\]\.commands\[([0-9])\]\.(title|description)$/;

  it('is declared in localizationInfo (en default, ko additional) and carries the required strings within their limits', () => {
    expect(manifest.localizationInfo).toEqual({ defaultLanguageTag: 'en', additionalLanguages: [{ languageTag: 'ko', file: 'ko.json' }] });
    expect(ko.$schema).toBe('https://developer.microsoft.com/en-us/json-schemas/teams/v1.29/MicrosoftTeams.Localization.schema.json');
    const limits: Record<string, number> = { 'name.short': 30, 'name.full': 100, 'description.short': 80, 'description.full': 4000 };
    for (const [key, max] of Object.entries(limits)) {
      expect({ key, ok: typeof ko[key] === 'string' && ko[key]!.trim().length > 0 && ko[key]!.length <= max }).toEqual({ key, ok: true });
    }
    for (const key of Object.keys(ko)) expect({ key, allowed: key === '$schema' || key in limits || COMMAND_KEY.test(key) }).toEqual({ key, allowed: true });
  });

  it('translates every command description of the manifest, and only commands that exist', () => {
    const lists = manifest.bots[0].commandLists as { commands: { title: string; description: string }[] }[];
    lists.forEach((list, i) =>
      list.commands.forEach((c, j) => {
        const d = ko[`bots[0].commandLists[${i}].commands[${j}].description`];
        expect({ command: c.title, translated: typeof d === 'string' && /[\uAC00-\uD7AF]/.test(d) && d.length <= 128 }).toEqual({ command: c.title, translated: true });
        // Where the English spells out the syntax ("practice [category] …: …"), the Korean does too,
        // for the same command: a reordered manifest cannot leave a description on the wrong command.
        if (c.description.startsWith(`${c.title} `)) expect(d!.startsWith(`${c.title} `)).toBe(true);
      }),
    );
    for (const key of Object.keys(ko)) {
      const m = COMMAND_KEY.exec(key);
      if (m) expect(lists[Number(m[1])]?.commands[Number(m[2])]).toBeDefined();
    }
    // Titles are what people type: the bot understands the English words, so they are not translated.
    expect(Object.keys(ko).filter((k) => k.endsWith('.title'))).toEqual([]);
  });

  it('reads in one polite voice (합니다 style)', () => {
    for (const key of ['description.short', 'description.full']) expect(ko[key]).toMatch(/니다\.?$/);
    for (const sentence of ko['description.full']!.split(/(?<=\.)\s+/)) expect(sentence).toMatch(/니다\.$/);
  });
});
