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
import { APP_PACKAGE_DIR, PLACEHOLDER_ID, buildPackage, colorIcon, main, outlineIcon, renderManifest } from '../../scripts/teams-package';

const SCHEMA = path.resolve(__dirname, '..', '..', 'schemas', 'teams-app-manifest.v1.29.schema.json');
const MANIFEST = path.join(APP_PACKAGE_DIR, 'manifest.json');
const APP_ID = '6f1b2f3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

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
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'teams-pkg-')), 'fde-coach-teams.zip');
    try {
      expect(buildPackage({ appId: APP_ID, out })).toBe(out);
      const zip = new AdmZip(out);
      expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
      const packed = JSON.parse(zip.readAsText('manifest.json'));
      expect(validate(packed)).toBe(true);
      expect(packed.id).toBe(APP_ID);
      expect(packed.bots[0].botId).toBe(APP_ID);
      expect(packed.webApplicationInfo.id).toBe(APP_ID);
      expect(JSON.stringify(packed)).not.toContain(PLACEHOLDER_ID);
      expect(zip.readFile('color.png')!.equals(colorIcon())).toBe(true);
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });

  it('refuses a missing, malformed or placeholder app id', () => {
    const template = fs.readFileSync(MANIFEST, 'utf8');
    expect(() => renderManifest(template, { appId: 'my-bot' })).toThrow(/must be a GUID/);
    expect(() => renderManifest(template, { appId: PLACEHOLDER_ID })).toThrow(/placeholder/);
    expect(renderManifest(template, { appId: APP_ID, teamsAppId: '11111111-2222-3333-4444-555555555555' }).id).toBe(
      '11111111-2222-3333-4444-555555555555',
    );
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(main([])).toBe(2);
      expect(main(['--app-id', 'nope'])).toBe(1);
    } finally {
      err.mockRestore();
    }
  });
});
