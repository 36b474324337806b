import { copyFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { ContentError, SHIPPED_SCENARIOS_DIR, ScenarioIndex, loadLibrary } from '../../src/core/scenarios';
import { CATEGORY_IDS, CRITERION_IDS } from '../../src/core/types';

// The guides are not part of the repository (nothing in it may read outside it): the check runs
// when FDE_GUIDE_DIR names a folder holding them, and is skipped otherwise.
const guideText = (() => {
  const { readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
  const dir = process.env.FDE_GUIDE_DIR;
  if (!dir) return undefined;
  try {
    return {
      'fde-career-guide': readFileSync(path.join(dir, 'fde-career-guide-ko-en.txt'), 'utf8'),
      'what-is-an-fde': readFileSync(path.join(dir, 'what-is-an-fde.txt'), 'utf8'),
    } as Record<'fde-career-guide' | 'what-is-an-fde', string>;
  } catch {
    return undefined;
  }
})();

describe('shipped content', () => {
  const lib = loadLibrary();
  const index = new ScenarioIndex(lib);

  it('defines every criterion with EN and KO level descriptors', () => {
    expect(lib.criteria.map((c) => c.id).sort()).toEqual([...CRITERION_IDS].sort());
    for (const c of lib.criteria) for (const lvl of [1, 3, 5] as const) {
      expect(c.levels[lvl].en.length).toBeGreaterThan(20);
      expect(c.levels[lvl].ko.length).toBeGreaterThan(10);
    }
  });

  it('ships at least 36 scenarios over all 8 categories, 5+ in the core three', () => {
    expect(lib.scenarios.length).toBeGreaterThanOrEqual(36);
    const count = (c: string) => lib.scenarios.filter((s) => s.category === c).length;
    for (const c of CATEGORY_IDS) expect(count(c)).toBeGreaterThanOrEqual(3);
    for (const c of ['problem-framing', 'tradeoffs', 'customer-escalation']) expect(count(c)).toBeGreaterThanOrEqual(5);
    expect(new Set(lib.scenarios.map((s) => s.difficulty))).toEqual(new Set(['easy', 'medium', 'hard']));
  });

  it('gives every customer-escalation scenario a persona and every scenario Korean text', () => {
    for (const s of lib.scenarios) {
      if (s.category === 'customer-escalation') expect(s.persona).toBeDefined();
      expect(s.situation.ko).toMatch(/[\uAC00-\uD7AF]/);
      expect(index.criteriaOf(s)).toHaveLength(s.criteria.length);
    }
  });

  (guideText ? it : it.skip)('quotes the guides verbatim', () => {
    const norm = (x: string) => x.replace(/[\s“”"‘’']+/g, ' ').toLowerCase();
    for (const item of [...lib.scenarios, ...lib.criteria]) {
      expect({ id: item.id, found: norm(guideText![item.guide.source]).includes(norm(item.guide.quote)) }).toEqual({
        id: item.id,
        found: true,
      });
    }
  });
});

describe('broken content', () => {
  function sandbox(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fde-content-'));
    for (const f of ['criteria.yaml', 'categories.yaml']) copyFileSync(path.join(SHIPPED_SCENARIOS_DIR, f), path.join(dir, f));
    return dir;
  }
  const base = () => {
    const s = loadLibrary().scenarios.find((x) => x.category === 'tradeoffs')!;
    const { sourceFile: _f, category: _c, ...rest } = s;
    return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
  };
  function expectError(files: Record<string, unknown>, match: RegExp, extra = false): ContentError {
    const dir = sandbox();
    const target = extra ? mkdtempSync(path.join(os.tmpdir(), 'fde-extra-')) : dir;
    for (const [name, doc] of Object.entries(files))
      writeFileSync(path.join(target, name), typeof doc === 'string' ? doc : stringify(doc));
    let err: unknown;
    try {
      loadLibrary({ dir, extraDirs: extra ? [target] : [] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ContentError);
    expect((err as Error).message).toMatch(match);
    return err as ContentError;
  }

  it('names file, scenario id and field for a missing translation', () => {
    const s = base();
    (s.title as Record<string, string>).ko = '';
    const err = expectError({ 'tradeoffs.yaml': { category: 'tradeoffs', scenarios: [s] } }, /tradeoffs\.yaml: scenario ".+": field scenarios\[0\]\.title\.ko/);
    expect(err.scenarioId).toBe(s.id);
  });

  it('rejects an unknown criterion', () => {
    const s = base();
    s.criteria = ['problem-framing', 'telepathy', 'communication'];
    expectError({ 'x.yaml': { category: 'tradeoffs', scenarios: [s] } }, /field scenarios\[0\]\.criteria\[1\]: unknown criterion "telepathy"/);
  });

  it('rejects duplicate ids across files', () => {
    const s = base();
    expectError(
      { 'a.yaml': { category: 'tradeoffs', scenarios: [s] }, 'b.yaml': { category: 'tradeoffs', scenarios: [s] } },
      /b\.yaml: scenario ".+": field scenarios\[0\]\.id: duplicate id, first defined in .*a\.yaml/,
    );
  });

  it('requires a persona in customer-escalation', () => {
    const s = base();
    expectError({ 'e.yaml': { category: 'customer-escalation', scenarios: [s] } }, /field scenarios\[0\]\.persona/);
  });

  it('reports invalid YAML with the file name', () => {
    expectError({ 'bad.yaml': 'category: tradeoffs\nscenarios: [\n  - id: x' }, /bad\.yaml: field \(root\): invalid YAML/);
  });

  it('loads and validates a team folder from FDE_SCENARIOS_DIR like shipped content', () => {
    const s = base();
    s.id = 'acme-custom-tradeoff';
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fde-team-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'acme.yaml'), stringify({ category: 'tradeoffs', scenarios: [s] }));
    const lib = loadLibrary({ extraDirs: [dir] });
    expect(lib.scenarios.find((x) => x.id === 'acme-custom-tradeoff')?.sourceFile).toBe(path.join(dir, 'acme.yaml'));
    const bad = { ...s, id: 'acme-broken', keyPoints: [] };
    expectError({ 'acme.yaml': { category: 'tradeoffs', scenarios: [bad] } }, /acme\.yaml: scenario "acme-broken": field scenarios\[0\]\.keyPoints/, true);
  });

  it('rejects a missing extra folder clearly', () => {
    expect(() => loadLibrary({ extraDirs: ['/nonexistent/fde'] })).toThrow(/nonexistent\/fde.*not a readable folder/);
  });
});
