import { copyFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { ContentError, SHIPPED_SCENARIOS_DIR, ScenarioIndex, loadLibrary } from '../../src/core/scenarios';
import { CATEGORY_IDS, CRITERION_IDS } from '../../src/core/types';

const guideText = (() => {
  const { readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
  const dir = path.resolve(__dirname, '..', '..', 'guide');
  return {
    'fde-career-guide': readFileSync(path.join(dir, 'fde-career-guide-ko-en.txt'), 'utf8'),
    'what-is-an-fde': readFileSync(path.join(dir, 'what-is-an-fde.txt'), 'utf8'),
  } as Record<'fde-career-guide' | 'what-is-an-fde', string>;
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

  it('quotes the guides verbatim', () => {
    const norm = (x: string) => x.replace(/[\s“”"‘’']+/g, ' ').toLowerCase();
    for (const item of [...lib.scenarios, ...lib.criteria]) {
      expect({ id: item.id, found: norm(guideText[item.guide.source]).includes(norm(item.guide.quote)) }).toEqual({
        id: item.id,
        found: true,
      });
    }
  });
});

describe('every criterion can be earned from the situation', () => {
  const lib = loadLibrary();
  const index = new ScenarioIndex(lib);
  /**
   * Figures a keyword rewards: a number standing on its own or with a unit ("72", "3.6", "50k", "20 days",
   * "360만", "70%"), thousands separators dropped. Identifiers and ordinals are not figures: "p95",
   * "v1", "W-2", "3-way", "1:1", "phase 1", "1차", "1단계", "1인당".
   */
  function figures(t: string): number[] {
    const out: number[] = [];
    const re = /(?<![\p{L}\d.:-])(\d+(?:\.\d+)?)(k|천|만|억)?(?![\d:]|-?way|차|단계|인당|자)/giu;
    const plain = t
      .replace(/(\d),(?=\d{3})/g, '$1')
      .replace(/(\d+)만\s*(\d+)천/g, (_m, a: string, b: string) => String(Number(a) * 1e4 + Number(b) * 1e3));
    for (const m of plain.matchAll(re)) {
      if (/(phase|stage|step|tier|wave|level)\s*$/i.test(plain.slice(0, m.index))) continue;
      const unit = (m[2] ?? '').toLowerCase();
      out.push(Number(m[1]) * (unit === 'k' || unit === '천' ? 1e3 : unit === '만' ? 1e4 : unit === '억' ? 1e8 : 1));
    }
    return out;
  }
  /**
   * A figure the situation gives, or one a candidate works out from two or three of its figures
   * (0.4% of 18,000 is 72 invoices; 72 of them at $50,000 is $3.6M).
   */
  function derivable(n: number, given: number[]): boolean {
    const near = (x: number) => Math.abs(x - n) <= Math.max(0.02 * Math.abs(n), 1e-9);
    const pair = (a: number, b: number) => [a * b, a / b, (a * b) / 100, a * (1 - b / 100), a + b, a - b];
    return given.some((a, i) =>
      near(a) ||
      given.some((b, j) =>
        j !== i && (pair(a, b).some(near) || given.some((c, k) => k !== i && k !== j && near((a * b * c) / 100))),
      ),
    );
  }

  it('rewards no figure the situation never gives or implies (a keyword figure must come from the scenario)', () => {
    const stray: string[] = [];
    for (const s of lib.scenarios)
      for (const lang of ['en', 'ko'] as const) {
        const given = figures([s.title[lang], s.situation[lang], ...s.probes.map((p) => p.text[lang])].join(' '));
        for (const k of s.keyPoints)
          for (const kw of k.keywords[lang])
            for (const n of figures(kw)) if (!derivable(n, given)) stray.push(`${s.id} ${lang}: "${kw}"`);
      }
    expect(stray).toEqual([]);
  });

  it('catches a figure the situation never gives', () => {
    expect(figures('about 70% of volume, W-2 first, phase 1, 1차, p95, 50k')).toEqual([70, 50000]);
    expect(derivable(70, figures('30% of the files miss income fields; 35 underwriters; 19 days'))).toBe(false);
    expect(derivable(72, figures('0.4% of 18,000 invoices'))).toBe(true);
  });

  it('restates a criterion for the scenario where its generic descriptors cannot apply', () => {
    const s = index.scenario('role-and-career-posting-red-flags')!;
    const own = index.criteriaOf(s).find((c) => c.id === 'productionization')!;
    expect(own.levels[5].en).not.toEqual(index.criterion('productionization').levels[5].en);
    expect(own.levels[5].en).not.toMatch(/idempoten|feature flag/i);
    expect(own.nextSteps.map((n) => n.en).join(' ')).not.toMatch(/idempoten|runbook for a prototype/i);
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

  it('rejects a rubric restatement for a criterion the scenario is not graded on', () => {
    const s = base();
    s.criteria = ['tradeoff-judgment', 'communication', 'productionization'];
    s.keyPoints = (s.keyPoints as { criterion: string }[]).filter((k) => (s.criteria as string[]).includes(k.criterion));
    s.rubric = { 'problem-framing': { nextSteps: [{ en: 'Do this.', ko: '이렇게 하세요.' }] } };
    expectError({ 'x.yaml': { category: 'tradeoffs', scenarios: [s] } }, /field scenarios\[0\]\.rubric\.problem-framing: "problem-framing" is not one of this scenario's criteria/);
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
