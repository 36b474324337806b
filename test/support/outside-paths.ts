/**
 * Finds references to paths outside a repository: relative paths that climb above its root (into
 * a sibling `shared` folder, or `path.join(__dirname, '..', '..', '..')`) and absolute paths into
 * the folders around it. A clone elsewhere has none of those folders, so any such reference breaks it.
 *
 * Relative paths are resolved the way they are used, not matched as text: module specifiers and
 * `__dirname`-anchored paths against the file's folder, `path.join`/`path.resolve` calls evaluated
 * with the file's own constants, shell's `$(dirname "$0")` as the script's folder, Markdown links
 * against the page's folder. A bare relative string has two plausible bases (the file's folder and
 * the working directory, which is the repo root for npm scripts, CI and jest): it must stay inside
 * from both. A path whose base cannot be known statically (`path.join(tmp, '..')`) is not judged.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

/** Folders of the machine itself: an absolute path into them is never a neighbour of the repo. */
const SYSTEM_FOLDERS = [...new Set([os.tmpdir(), '/tmp', '/var', '/usr', '/etc', '/dev', '/proc', '/sys', '/opt', '/bin', '/lib', '/run'])];

/** One reference that leaves the repository. */
export interface OutsideReference {
  /** Repo-relative path of the file holding it. */
  file: string;
  /** 1-based line. */
  line: number;
  /** The text as written. */
  text: string;
  /** Where it resolves to. */
  resolved: string;
}

const CODE = /\.(?:[cm]?[jt]sx?)$/;
/** A `..` path segment anywhere in a string. */
const PARENT_SEGMENT = /(?:^|[\\/])\.\.(?:[\\/]|$)/;

/** True when `target` is `root` or inside it. */
export function isInside(root: string, target: string): boolean {
  const r = path.resolve(root);
  const t = path.resolve(target);
  return t === r || t.startsWith(r.endsWith(path.sep) ? r : r + path.sep);
}

/**
 * References to paths outside `root` in the given files (repo-relative paths). An absolute path
 * counts as outside when it lies under the folder holding the repository but not in the repository
 * (the sibling checkouts and shared folders a developer's machine has and a clone does not).
 */
export function findOutsideReferences(root: string, files: readonly string[]): OutsideReference[] {
  const found: OutsideReference[] = [];
  for (const rel of files) {
    const abs = path.join(root, rel);
    let buf: Buffer;
    try {
      buf = fs.readFileSync(abs);
    } catch {
      continue; // deleted in the working tree but still tracked
    }
    if (buf.includes(0)) continue; // binary (icons)
    const text = buf.toString('utf8');
    const check = new Checker(root, rel, text, found);
    if (CODE.test(rel)) check.code();
    else if (rel.endsWith('.md')) check.markdown();
    else check.plain(text, 0);
  }
  return found;
}

/** Every file git tracks (plus new files not ignored), repo-relative. */
export function trackedFiles(root: string): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  return [...new Set(out.split('\0').filter(Boolean))].sort();
}

class Checker {
  private readonly dir: string;

  constructor(
    private readonly root: string,
    private readonly rel: string,
    private readonly text: string,
    private readonly found: OutsideReference[],
  ) {
    this.dir = path.dirname(path.join(root, rel));
  }

  private lineAt(offset: number): number {
    let line = 1;
    for (let i = 0; i < offset && i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) line++;
    return line;
  }

  private report(offset: number, text: string, resolved: string): void {
    this.found.push({ file: this.rel, line: this.lineAt(offset), text, resolved });
  }

  /**
   * An absolute path: outside when under the repo's parent folder but not in the repo. When that
   * parent is one of the machine's own folders (a clone in /tmp), a path there (/tmp/x) is a
   * temporary file of the machine, not a neighbour of the repo, and is not judged.
   */
  private checkAbsolute(offset: number, text: string, p: string): void {
    const resolved = path.resolve(p);
    if (SYSTEM_FOLDERS.includes(path.dirname(this.root))) return;
    if (!isInside(this.root, resolved) && isInside(path.dirname(this.root), resolved)) this.report(offset, text, resolved);
  }

  /** A relative path with `..` segments, judged against each plausible base. */
  private checkRelative(offset: number, text: string, p: string, bases: readonly string[]): void {
    for (const base of bases) {
      const resolved = path.resolve(base, p);
      if (!isInside(this.root, resolved)) return this.report(offset, text, resolved);
    }
  }

  private checkToken(offset: number, raw: string, token: string, bases: readonly string[]): void {
    if (token.includes('://')) return; // URLs
    if (path.isAbsolute(token)) this.checkAbsolute(offset, raw, token);
    else if (PARENT_SEGMENT.test(token)) this.checkRelative(offset, raw, token, bases);
  }

  /**
   * Path-like tokens of free text (configs, YAML, shell, prose, string literals), each judged
   * against both bases; shell's `$(dirname "$0")` is read as the file's own folder.
   */
  plain(text: string, start: number): void {
    const bases = [this.dir, this.root];
    const anchored = /"?\$\(\s*dirname\s+"?\$(?:0|\{0\}|\{BASH_SOURCE\[0\]\}|BASH_SOURCE)"?\s*\)"?/g;
    for (const m of text.matchAll(/"?\$\(\s*dirname[^)]*\)"?[^\s"'`()<>,;=|&]*|[^\s"'`()[\]{}<>,;=|&*]+/g)) {
      const raw = m[0];
      const token = raw.replace(anchored, this.dir);
      this.checkToken(start + m.index, raw, token, token === raw ? bases : [this.dir]);
    }
  }

  /** Markdown: link targets against the page's folder, other text against both bases. */
  markdown(): void {
    let rest = this.text;
    for (const m of this.text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)|<([^>\s]+)>/g)) {
      const target = (m[1] ?? m[2] ?? '').split('#')[0]!;
      if (target && !target.includes('://') && !target.startsWith('mailto:')) {
        if (path.isAbsolute(target)) this.checkAbsolute(m.index, target, target);
        else this.checkRelative(m.index, target, target, [this.dir]);
      }
      rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length);
    }
    this.plain(rest, 0);
  }

  /** TypeScript / JavaScript: module specifiers, evaluated path expressions, then other strings. */
  code(): void {
    const kind = this.rel.endsWith('x') ? ts.ScriptKind.TSX : this.rel.match(/\.[cm]?js$/) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
    const sf = ts.createSourceFile(this.rel, this.text, ts.ScriptTarget.Latest, true, kind);
    const constants = new Map<string, ts.Expression[]>();
    const collect = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        const list = constants.get(node.name.text) ?? [];
        list.push(node.initializer);
        constants.set(node.name.text, list);
      }
      ts.forEachChild(node, collect);
    };
    collect(sf);

    const judged = new Set<ts.Node>();
    /** `path.join(…)`, `join(…)` (a named import) and friends; not `array.join`. */
    const pathCall = (node: ts.CallExpression): 'join' | 'resolve' | 'dirname' | undefined => {
      const callee = node.expression;
      const name = ts.isIdentifier(callee)
        ? callee.text
        : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && /^(?:path|posix|win32)$/.test(callee.expression.text)
          ? callee.name.text
          : '';
      return name === 'join' || name === 'resolve' || name === 'dirname' ? name : undefined;
    };
    /** Set while evaluating when the value derives from the repo's own location. */
    let anchored = false;
    /** The path an expression statically evaluates to (absolute, or relative text), or undefined. */
    const evaluate = (node: ts.Expression, depth = 0): string | undefined => {
      if (depth > 20) return undefined;
      if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node)) return evaluate(node.expression, depth + 1);
      if (ts.isStringLiteralLike(node)) return node.text;
      if (ts.isIdentifier(node)) {
        if (node.text === '__dirname' || node.text === '__filename') anchored = true;
        if (node.text === '__dirname') return this.dir;
        if (node.text === '__filename') return path.join(this.root, this.rel);
        const defs = constants.get(node.text);
        if (defs?.length !== 1) return undefined; // unknown or shadowed: not judged
        return evaluate(defs[0]!, depth + 1);
      }
      if (ts.isTemplateExpression(node)) {
        let out = node.head.text;
        for (const span of node.templateSpans) {
          const v = evaluate(span.expression, depth + 1);
          if (v === undefined) return undefined;
          out += v + span.literal.text;
        }
        return out;
      }
      if (ts.isCallExpression(node)) {
        if (node.expression.getText(sf) === 'process.cwd') {
          anchored = true;
          return this.root;
        }
        const name = pathCall(node);
        if (!name) return undefined;
        const args = node.arguments.map((a) => evaluate(a, depth + 1));
        if (args.some((a) => a === undefined)) return undefined;
        const parts = args as string[];
        if (name === 'dirname') return parts[0] === undefined ? undefined : path.dirname(parts[0]);
        if (name === 'resolve') return path.resolve(this.root, ...parts);
        return path.join(...parts);
      }
      return undefined;
    };

    const visit = (node: ts.Node): void => {
      // import x from '…', export … from '…', import('…'), require('…'), jest.mock('…')
      const specifier =
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)
          ? node.moduleSpecifier
          : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)
            ? node.argument.literal
            : undefined;
      if (specifier) {
        judged.add(specifier);
        if (specifier.text.startsWith('.')) this.checkRelative(specifier.getStart(sf), specifier.text, specifier.text, [this.dir]);
      }
      if (ts.isCallExpression(node)) {
        const callee = node.expression.getText(sf);
        const first = node.arguments[0];
        if (first && ts.isStringLiteralLike(first) && /^(?:require|import|jest\.(?:mock|requireActual|unmock|doMock))$/.test(callee)) {
          judged.add(first);
          if (first.text.startsWith('.')) this.checkRelative(first.getStart(sf), first.text, first.text, [this.dir]);
        }
        if (pathCall(node)) {
          anchored = false;
          const value = evaluate(node);
          if (value !== undefined) {
            const resolved = path.resolve(this.root, value);
            // Derived from the repo's location (or relative, so from the working directory): any
            // escape counts. From an absolute literal: only the folders around the repo count.
            const fromRepo = anchored || !path.isAbsolute(value);
            if (!isInside(this.root, resolved) && (fromRepo || isInside(path.dirname(this.root), resolved)))
              this.report(node.getStart(sf), node.getText(sf), resolved);
          }
          // Its literal arguments were judged as part of the call (or cannot be, with an unknown base).
          const mark = (n: ts.Node): void => {
            if (ts.isStringLiteralLike(n) || ts.isTemplateExpression(n)) judged.add(n);
            ts.forEachChild(n, mark);
          };
          node.arguments.forEach(mark);
        }
      }
      // String tests (`rel.startsWith('..')`, `seg === '..'`) compare text; they refer to no path.
      const compared =
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        /^(?:startsWith|endsWith|includes|indexOf|lastIndexOf|split|replace|replaceAll)$/.test(node.expression.name.text)
          ? node.arguments
          : ts.isBinaryExpression(node) && /^[!=]==?$/.test(node.operatorToken.getText(sf))
            ? [node.left, node.right]
            : [];
      for (const n of compared) if (ts.isStringLiteralLike(n)) judged.add(n);
      if (ts.isNewExpression(node) && node.expression.getText(sf) === 'URL' && node.arguments?.[0] && ts.isStringLiteralLike(node.arguments[0])) {
        judged.add(node.arguments[0]);
        const url = node.arguments[0].text;
        if (node.arguments.length > 1) this.checkToken(node.arguments[0].getStart(sf), url, url, [this.dir]);
      }
      if (ts.isStringLiteralLike(node) && !judged.has(node)) this.plain(node.text, node.getStart(sf) + 1);
      if (ts.isTemplateExpression(node) && !judged.has(node)) {
        judged.add(node);
        const value = evaluate(node);
        if (value !== undefined) this.plain(value, node.getStart(sf));
        else for (const part of [node.head, ...node.templateSpans.map((s) => s.literal)]) this.plain(part.text, part.getStart(sf));
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
}
