/**
 * Builds the Teams app package: appPackage/build/fde-coach-teams.zip holding manifest.json (with
 * the bot's Microsoft App ID put in place of the placeholder and your developer details filled
 * in), the Korean localisation (ko.json) and the two icons.
 *
 *   npx tsx scripts/teams-package.ts --app-id <clientId GUID> [--teams-app-id <GUID>] [--out <file>]
 *       [--developer-name <name>] [--website-url <https URL>] [--privacy-url <https URL>]
 *       [--terms-url <https URL>] [--allow-placeholders]
 *   npx tsx scripts/teams-package.ts --icons     # redraws appPackage/color.png and outline.png
 *
 * The app id is the Azure Bot's Microsoft App ID, the same value as `clientId` (also read from
 * that variable when --app-id is not given). The Teams app id defaults to it. The developer
 * details come from the flags or from TEAMS_DEVELOPER_NAME, TEAMS_WEBSITE_URL, TEAMS_PRIVACY_URL
 * and TEAMS_TERMS_URL (a flag wins). The shipped URLs are example.com placeholders: a package
 * still carrying one is refused, because Teams shows these links to every user as the app's
 * privacy policy and terms; --allow-placeholders builds it anyway (for a local test) with a warning.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import AdmZip from 'adm-zip';

export const APP_PACKAGE_DIR = path.resolve(__dirname, '..', 'appPackage');
export const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';
export const DEFAULT_OUT = path.join(APP_PACKAGE_DIR, 'build', 'fde-coach-teams.zip');
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** The manifest's developer block. */
export interface Developer {
  name: string;
  websiteUrl: string;
  privacyUrl: string;
  termsOfUseUrl: string;
}

/** Each developer field with the flag and the environment variable that set it. */
export const DEVELOPER_FIELDS: { key: keyof Developer; flag: string; env: string }[] = [
  { key: 'name', flag: '--developer-name', env: 'TEAMS_DEVELOPER_NAME' },
  { key: 'websiteUrl', flag: '--website-url', env: 'TEAMS_WEBSITE_URL' },
  { key: 'privacyUrl', flag: '--privacy-url', env: 'TEAMS_PRIVACY_URL' },
  { key: 'termsOfUseUrl', flag: '--terms-url', env: 'TEAMS_TERMS_URL' },
];

export interface PackageOptions {
  appId: string;
  teamsAppId?: string;
  out?: string;
  /** The app version in the manifest; defaults to package.json's. */
  version?: string;
  /** Replaces the shipped developer details, field by field. */
  developer?: Partial<Developer>;
  /** Build even with placeholder developer URLs (a local test package); each is reported as a warning. */
  allowPlaceholders?: boolean;
  /** Receives the warnings (placeholders let through). */
  warn?: (message: string) => void;
}

/** Hosts reserved for examples (RFC 2606) or local only: never a real privacy page. */
function isPlaceholderUrl(url: string): boolean {
  const host = new URL(url).hostname.toLowerCase();
  return /(^|\.)example\.(com|org|net)$/.test(host) || /\.(example|invalid|test|localhost)$/.test(host) || host === 'localhost';
}

/** Checks the developer block; returns the placeholder problems (thrown unless allowed). */
function checkDeveloper(dev: Developer): string[] {
  if (!dev.name.trim() || dev.name.length > 32) throw new Error(`--developer-name must be 1 to 32 characters, got "${dev.name}"`);
  const placeholders: string[] = [];
  for (const f of DEVELOPER_FIELDS) {
    if (f.key === 'name') continue;
    const value = dev[f.key];
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`${f.flag} (${f.env}) must be an https URL, got "${value}"`);
    }
    // Teams shows these links to users; its docs require https for them.
    if (url.protocol !== 'https:') throw new Error(`${f.flag} (${f.env}) must be an https URL, got "${value}"`);
    if (isPlaceholderUrl(value)) placeholders.push(`developer.${f.key} is the placeholder ${value}: set ${f.flag} or ${f.env}`);
  }
  return placeholders;
}

/** The manifest with ids, version and developer filled in (throws on a missing or malformed value). */
export function renderManifest(template: string, opts: PackageOptions): Record<string, unknown> {
  const teamsAppId = opts.teamsAppId ?? opts.appId;
  for (const [name, id] of [
    ['--app-id', opts.appId],
    ['--teams-app-id', teamsAppId],
  ] as const) {
    if (!GUID.test(id)) throw new Error(`${name} must be a GUID (the Azure Bot's Microsoft App ID), got "${id}"`);
    if (id === PLACEHOLDER_ID) throw new Error(`${name} is still the placeholder ${PLACEHOLDER_ID}`);
  }
  const manifest = JSON.parse(template) as {
    id: string;
    version: string;
    developer: Developer;
    bots: { botId: string }[];
    webApplicationInfo?: { id: string };
  };
  manifest.id = teamsAppId;
  for (const bot of manifest.bots) bot.botId = opts.appId;
  if (manifest.webApplicationInfo) manifest.webApplicationInfo.id = opts.appId;
  if (opts.version) manifest.version = opts.version;
  for (const f of DEVELOPER_FIELDS) {
    const v = opts.developer?.[f.key]?.trim();
    if (v) manifest.developer[f.key] = v;
  }
  const placeholders = checkDeveloper(manifest.developer);
  if (placeholders.length && !opts.allowPlaceholders)
    throw new Error(`${placeholders.join('; ')} (or pass --allow-placeholders for a package you only test locally)`);
  for (const p of placeholders) opts.warn?.(`warning: ${p}`);
  const leftover = JSON.stringify(manifest).includes(PLACEHOLDER_ID);
  if (leftover) throw new Error(`the manifest still contains the placeholder id ${PLACEHOLDER_ID}`);
  return manifest as unknown as Record<string, unknown>;
}

/** The localisation files the manifest names (localizationInfo.additionalLanguages), relative to appPackage/. */
export function languageFiles(manifest: Record<string, unknown>): string[] {
  const info = manifest.localizationInfo as { additionalLanguages?: { file: string }[] } | undefined;
  return (info?.additionalLanguages ?? []).map((l) => l.file);
}

/** Writes the zip; returns its path. */
export function buildPackage(opts: PackageOptions): string {
  const out = opts.out ?? DEFAULT_OUT;
  const pkg = JSON.parse(fs.readFileSync(path.resolve(APP_PACKAGE_DIR, '..', 'package.json'), 'utf8')) as { version: string };
  const manifest = renderManifest(fs.readFileSync(path.join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8'), {
    ...opts,
    version: opts.version ?? pkg.version,
  });
  const zip = new AdmZip();
  // Teams expects the files at the root of the zip, not in a folder.
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  for (const file of languageFiles(manifest)) {
    const local = path.join(APP_PACKAGE_DIR, file);
    if (!fs.existsSync(local)) throw new Error(`localizationInfo names ${file}, which is not in appPackage/`);
    zip.addFile(file, fs.readFileSync(local));
  }
  zip.addLocalFile(path.join(APP_PACKAGE_DIR, 'color.png'));
  zip.addLocalFile(path.join(APP_PACKAGE_DIR, 'outline.png'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  zip.writeZip(out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Icons: drawn here and committed, so no image tool or dependency is needed.

/** Encodes 8-bit RGBA pixels as a PNG (filter 0 on every row, zlib-deflated). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
  r: number;
}

/** Is (px, py) inside the rounded rectangle? */
function inRoundedRect(px: number, py: number, b: Rect): boolean {
  const cx = Math.min(Math.max(px, b.x + b.r), b.x + b.w - b.r);
  const cy = Math.min(Math.max(py, b.y + b.r), b.y + b.h - b.r);
  return px >= b.x && px <= b.x + b.w && py >= b.y && py <= b.y + b.h && (px - cx) ** 2 + (py - cy) ** 2 <= b.r ** 2;
}

/**
 * The glyph: three rising score bars, the coach's n/5 bars, on a 32-unit grid. Coverage is
 * supersampled 4x4 per pixel for smooth edges.
 */
function glyphCoverage(size: number, scale: number, offset: number): Float32Array {
  const unit = (size / 32) * scale;
  const bars: Rect[] = [
    { x: 6, y: 17, w: 5.5, h: 10, r: 1.5 },
    { x: 13.25, y: 11, w: 5.5, h: 16, r: 1.5 },
    { x: 20.5, y: 5, w: 5.5, h: 22, r: 1.5 },
  ].map((b) => ({ x: b.x * unit + offset, y: b.y * unit + offset, w: b.w * unit, h: b.h * unit, r: b.r * unit }));
  const cov = new Float32Array(size * size);
  const n = 4;
  for (const b of bars) {
    // Only the pixels under each bar's bounding box can be covered.
    for (let y = Math.floor(b.y); y < Math.min(size, Math.ceil(b.y + b.h)); y++)
      for (let x = Math.floor(b.x); x < Math.min(size, Math.ceil(b.x + b.w)); x++) {
        let hits = 0;
        for (let sy = 0; sy < n; sy++)
          for (let sx = 0; sx < n; sx++) if (inRoundedRect(x + (sx + 0.5) / n, y + (sy + 0.5) / n, b)) hits++;
        cov[y * size + x] = Math.max(cov[y * size + x]!, hits / (n * n));
      }
  }
  return cov;
}

export const ACCENT = { hex: '#4F46E5', rgb: [0x4f, 0x46, 0xe5] as const };

/** color.png: white bars on the accent colour, 192x192, the glyph inside Teams' safe area. */
export function colorIcon(): Buffer {
  const size = 192;
  const cov = glyphCoverage(size, 0.6, size * 0.2);
  const px = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const c = cov[i]!;
    for (let k = 0; k < 3; k++) px[i * 4 + k] = Math.round(ACCENT.rgb[k]! * (1 - c) + 255 * c);
    px[i * 4 + 3] = 255;
  }
  return encodePng(size, size, px);
}

/** outline.png: white bars on transparency, 32x32, as Teams requires for the outline icon. */
export function outlineIcon(): Buffer {
  const size = 32;
  const cov = glyphCoverage(size, 1, 0);
  const px = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    px.set([255, 255, 255, Math.round(cov[i]! * 255)], i * 4);
  }
  return encodePng(size, size, px);
}

export function writeIcons(dir = APP_PACKAGE_DIR): void {
  fs.writeFileSync(path.join(dir, 'color.png'), colorIcon());
  fs.writeFileSync(path.join(dir, 'outline.png'), outlineIcon());
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

/** Runs the command; `env` supplies clientId and the TEAMS_* developer details. Returns the exit code. */
export function main(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): number {
  if (argv.includes('--icons')) {
    writeIcons();
    process.stdout.write(`wrote ${path.join(APP_PACKAGE_DIR, 'color.png')} and outline.png\n`);
    return 0;
  }
  const appId = arg(argv, '--app-id') ?? arg(argv, '--client-id') ?? env.clientId;
  if (!appId) {
    process.stderr.write(
      'usage: teams-package --app-id <GUID> [--teams-app-id <GUID>] [--out <file>]\n' +
        '         [--developer-name <name>] [--website-url <URL>] [--privacy-url <URL>] [--terms-url <URL>] [--allow-placeholders]\n' +
        "  --app-id: the Azure Bot's Microsoft App ID (the same value as clientId; read from clientId when omitted)\n" +
        `  developer details: the flags, or ${DEVELOPER_FIELDS.map((f) => f.env).join(', ')}\n`,
    );
    return 2;
  }
  const developer: Partial<Developer> = {};
  for (const f of DEVELOPER_FIELDS) {
    const v = arg(argv, f.flag) ?? env[f.env];
    if (v) developer[f.key] = v;
  }
  try {
    const out = buildPackage({
      appId,
      teamsAppId: arg(argv, '--teams-app-id'),
      out: arg(argv, '--out'),
      developer,
      allowPlaceholders: argv.includes('--allow-placeholders'),
      warn: (m) => void process.stderr.write(`teams-package: ${m}\n`),
    });
    process.stdout.write(`built ${out}\nUpload it in Teams: Apps > Manage your apps > Upload an app.\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`teams-package: ${(err as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) process.exit(main());
