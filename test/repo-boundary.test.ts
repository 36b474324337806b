/**
 * Nothing in the repository may refer to a path above its root: a clone anywhere else has no
 * sibling folders (the `shared` folder next to a developer's checkout, say), so such a reference
 * breaks `npm test` there. Every tracked file is checked: source, tests, scripts, configs, docs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findOutsideReferences, trackedFiles } from './support/outside-paths';

const ROOT = path.resolve(__dirname, '..');

test('no tracked file refers to a path above the repository root', () => {
  const files = trackedFiles(ROOT);
  // The listing is real: it holds the sources, the tests and this file.
  expect(files).toEqual(expect.arrayContaining(['package.json', 'src/main.ts', 'test/repo-boundary.test.ts', '.ci/run']));
  expect(findOutsideReferences(ROOT, files)).toEqual([]);
});

describe('the check itself', () => {
  // A throwaway repo inside a parent folder that also holds a "shared" sibling, as on a dev machine.
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'fde-boundary-'));
  const root = path.join(parent, 'repo');
  // The fixtures spell the parent segment as ${UP} so that this file holds no escape itself.
  const UP = '.'.repeat(2);
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text.replaceAll('${UP}', UP));
  };
  afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

  const files: Record<string, string> = {
    // Escapes: each line is one reference that leaves the repo.
    'test/a/bad-join.test.ts': "const s = path.join(__dirname, '${UP}', '${UP}', '${UP}', 'shared', 'x.json');\n",
    'test/a/bad-root.test.ts': "const root = path.join(__dirname, '${UP}', '${UP}');\nconst s = readFileSync(path.join(root, '${UP}', 'shared', 'y.json'));\n",
    'test/a/bad-resolve.ts': "export const DIR = path.resolve(__dirname, '${UP}/${UP}/${UP}', 'guide');\n",
    'test/a/bad-import.ts': "import x from '${UP}/${UP}/${UP}/elsewhere/mod';\n",
    'test/a/bad-require.js': "const x = require('${UP}/${UP}/${UP}/elsewhere');\n",
    'src/bad-literal.ts': "const f = readFileSync('${UP}/shared/schemas/s.json');\n",
    'src/bad-template.ts': 'const f = `${__dirname}/${UP}/${UP}/shared/guide.txt`;\n',
    'src/bad-absolute.ts': `const f = '${path.join(parent, 'shared', 'guide.txt')}';\n`,
    'src/bad-dirname.ts': "const root = path.resolve(__dirname, '${UP}');\nconst up = path.dirname(root);\n",
    'scripts/bad.sh': 'cd "$(dirname "$0")/${UP}/${UP}"\ncat ${UP}/shared/file\n',
    'docs/bad.md': 'See [the guide](${UP}/${UP}/shared/guide.md) and `${UP}/shared/schemas/`.\n',
    'config/bad.json': '{ "extends": "${UP}/${UP}/base.json" }\n',
    // Stays inside: none of these may be reported.
    'src/ok.ts':
      "import { x } from '${UP}/src/ok2';\nconst a = path.join(__dirname, '${UP}', 'prompts');\nconst b = path.resolve(__dirname, '${UP}', 'scenarios');\n" +
      "const c = path.join(os.tmpdir(), '${UP}', 'x');\nconst d = '/usr/include/node';\nconst e = 'Loading...';\n// ${UP}/shared in a comment is not a reference\n",
    'src/deep/ok.ts': "import { y } from '${UP}/${UP}/src/ok';\nconst p = path.join(__dirname, '${UP}', '${UP}', 'package.json');\n",
    'scripts/ok.sh': 'cd "$(dirname "$0")/${UP}"\nnode bin/x.js\n',
    'docs/ok.md': 'Paste [`manifest.yml`](${UP}/manifest.yml); see <https://example.com/${UP}/x>.\n',
    'bin/ok.js': "const entry = path.join(__dirname, '${UP}', 'dist', 'main.js');\n",
    'src/ok-compare.ts': "if (rel.startsWith('${UP}') || seg === '${UP}' || p.split('${UP}/').length > 1) throw new Error('outside');\n",
  };
  for (const [rel, text] of Object.entries(files)) write(rel, text);

  const found = findOutsideReferences(root, Object.keys(files));
  const lines = (file: string) => found.filter((f) => f.file === file).map((f) => f.line);

  it('reports every escape, with its file and line', () => {
    expect(lines('test/a/bad-join.test.ts')).toEqual([1]);
    expect(lines('test/a/bad-root.test.ts')).toEqual([2]);
    expect(lines('test/a/bad-resolve.ts')).toEqual([1]);
    expect(lines('test/a/bad-import.ts')).toEqual([1]);
    expect(lines('test/a/bad-require.js')).toEqual([1]);
    expect(lines('src/bad-literal.ts')).toEqual([1]);
    expect(lines('src/bad-template.ts')).toEqual([1]);
    expect(lines('src/bad-absolute.ts')).toEqual([1]);
    expect(lines('src/bad-dirname.ts')).toEqual([2]);
    expect(lines('scripts/bad.sh')).toEqual([1, 2]);
    expect(lines('docs/bad.md')).toEqual([1, 1]);
    expect(lines('config/bad.json')).toEqual([1]);
    expect(found.find((f) => f.file === 'test/a/bad-join.test.ts')?.resolved).toBe(path.join(parent, 'shared', 'x.json'));
  });

  it('leaves paths that stay inside alone', () => {
    expect(found.filter((f) => !f.file.includes('bad'))).toEqual([]);
  });
});

describe('a clone that lives in the machine\'s temporary folder (as CI may put it)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fde-clone-'));
  const UP = '.'.repeat(2);
  fs.mkdirSync(path.join(root, 'scripts'));
  fs.writeFileSync(path.join(root, 'scripts', 'cluster.sh'), `dir="$(mktemp -d /tmp/fde-pg.XXXXXX)"\ncat ${UP}/shared/file\n`);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("does not take the machine's temporary files for the repo's neighbours, and still catches a climb", () => {
    expect(findOutsideReferences(root, ['scripts/cluster.sh']).map((f) => f.line)).toEqual([2]);
  });
});
