import { copyFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { ContentError, LABEL_MAX, SHIPPED_SCENARIOS_DIR, ScenarioIndex, loadLibrary } from '../../src/core/scenarios';
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

describe('checklist labels', () => {
  const lib = loadLibrary();

  it('labels every key point in both languages, short enough for a made/missed checklist', () => {
    const bad: string[] = [];
    for (const s of lib.scenarios)
      s.keyPoints.forEach((k, i) => {
        const l = k.label;
        if (!l) return bad.push(`${s.id}[${i}]: no label`);
        if (l.en.length > LABEL_MAX.en) bad.push(`${s.id}[${i}] en is ${l.en.length} chars: ${l.en}`);
        if (l.ko.length > LABEL_MAX.ko) bad.push(`${s.id}[${i}] ko is ${l.ko.length} chars: ${l.ko}`);
        if (l.en.split(/\s+/).length < 2) bad.push(`${s.id}[${i}] en is one word: ${l.en}`);
        if (/[.。]$/.test(l.en) || /[.。]$/.test(l.ko)) bad.push(`${s.id}[${i}] ends with a period`);
        if (!/[\uAC00-\uD7AF]/.test(l.ko)) bad.push(`${s.id}[${i}] ko has no Korean: ${l.ko}`);
        // A label is a checklist line, not a sentence: no 합니다/한다 verb endings in Korean.
        if (/(니다|한다|했다|이다)$/.test(l.ko)) bad.push(`${s.id}[${i}] ko is a sentence: ${l.ko}`);
      });
    expect(bad).toEqual([]);
  });

  it('gives the key points of one scenario distinct labels', () => {
    for (const s of lib.scenarios)
      for (const lang of ['en', 'ko'] as const) {
        const labels = s.keyPoints.map((k) => k.label![lang]);
        expect({ id: s.id, lang, distinct: new Set(labels).size }).toEqual({ id: s.id, lang, distinct: labels.length });
      }
  });
});

describe('distinct names', () => {
  const lib = loadLibrary();
  /** Products, platforms and calendar words that several scenarios may share; everything else capitalised is a name. */
  const SHARED = new Set(
    ('Azure Entra Epic Excel Guidewire Kubernetes Okta SharePoint Confluence Teams Slack Workday ServiceNow Oracle Python ' +
      'TypeScript Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July ' +
      'August September October November December Mutual Savings Deployed Meanwhile').split(' '),
  );
  /**
   * Capitalised words of what a candidate reads (title, situation, probes, persona) that never occur in lower case
   * anywhere in the library: people, companies, projects.
   */
  function names(): Map<string, Set<string>> {
    const shown = (s: (typeof lib.scenarios)[number]) =>
      [s.title.en, s.situation.en, ...s.probes.map((p) => p.text.en), s.persona?.name ?? '', s.persona?.company.en ?? ''].join(' ');
    const all = lib.scenarios.map((s) => `${shown(s)} ${s.keyPoints.map((k) => k.text.en).join(' ')}`).join(' ');
    const lower = new Set(all.match(/\b[a-z]+\b/g));
    const out = new Map<string, Set<string>>();
    for (const s of lib.scenarios)
      for (const w of shown(s).match(/\b[A-Z][a-z]+\b(?!'t)/g) ?? [])
        if (!lower.has(w.toLowerCase()) && !SHARED.has(w)) out.set(w, (out.get(w) ?? new Set()).add(s.id));
    return out;
  }

  it('gives every person and company one scenario, and no two names the same first five letters', () => {
    const clash: string[] = [];
    const all = [...names()];
    for (const [w, ids] of all) if (ids.size > 1) clash.push(`${w}: ${[...ids].join(', ')}`);
    for (const [a, ia] of all)
      for (const [b, ib] of all)
        if (a < b && a.length >= 6 && b.length >= 6 && a.slice(0, 5) === b.slice(0, 5) && [...ia].some((x) => !ib.has(x)))
          clash.push(`${a} ~ ${b}: ${[...ia, ...ib].join(', ')}`);
    expect(clash).toEqual([]);
  });
});

describe('one voice in Korean', () => {
  const lib = loadLibrary();
  /**
   * Sentences the narrator or interviewer says, with quotations removed: a customer's line or a written
   * rule keeps its own register ("엔지니어링 데이터는 … 나갈 수 없다." is the rule, quoted).
   */
  function sentences(t: string): string[] {
    return t
      .replace(/“[^”]*”|"[^"]*"|‘[^’]*’|'[^']*'/g, '“…”')
      .split(/(?<=[.?!])\s+/)
      .map((x) => x.trim())
      .filter(Boolean);
  }
  /** 해라체 endings: …는가? …인가? …나? …했다. …이다. …한다. …보라. (합니다체 …습니다/…입니다, 청유 …봅시다 pass). */
  const PLAIN = /(?:(?<![니시])다[.!]?|[가-힣]라[.!]?|[는은인던]가\?|[가-힣][나냐니지]\?)$/u;
  const plainSentences = (t: string) => sentences(t).filter((x) => PLAIN.test(x));

  it('recognises 해라체 endings and lets 합니다체 and quoted speech through', () => {
    expect(plainSentences('어떻게 하겠는가? 그대로 답해 보라. 예산이 달려 있다. 규칙은 한 문장이다. CFO는 무엇을 보게 되나?')).toHaveLength(5);
    expect(
      plainSentences(
        '어떻게 하겠습니까? 그대로 답해 보세요. 예산이 달려 있습니다. 규칙은 한 문장입니다. 이렇게 해 봅시다. ' +
          '보안팀의 규칙은 한 문장입니다. "엔지니어링 데이터는 우리 망 밖으로 나갈 수 없다." 그가 “그냥 하자”고 합니다.',
      ),
    ).toEqual([]);
  });

  it('speaks to the candidate in 합니다체 in every situation, probe and persona want', () => {
    const found: string[] = [];
    for (const s of lib.scenarios) {
      const texts: [string, string][] = [
        ['situation', s.situation.ko],
        ...s.probes.map((p, i): [string, string] => [`probes[${i}]`, p.text.ko]),
        ...(s.persona ? [['persona.wants', s.persona.wants.ko] as [string, string]] : []),
      ];
      for (const [field, t] of texts) for (const x of plainSentences(t)) found.push(`${s.id} ${field}: …${x.slice(-30)}`);
    }
    expect(found).toEqual([]);
  });

  it('writes key points as rubric descriptions in plain 한다체, never 합니다체', () => {
    const polite: string[] = [];
    for (const s of lib.scenarios)
      s.keyPoints.forEach((k, i) => {
        for (const x of sentences(k.text.ko)) if (/(?<!아)니다[.]?$|니까\?$|세요[.?]?$/.test(x)) polite.push(`${s.id}[${i}]: …${x.slice(-30)}`);
      });
    expect(polite).toEqual([]);
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

  it('requires a checklist label on every key point, within its length', () => {
    const s = base();
    const kps = s.keyPoints as { label?: unknown }[];
    delete kps[1]!.label;
    expectError({ 'x.yaml': { category: 'tradeoffs', scenarios: [s] } }, /field scenarios\[0\]\.keyPoints\[1\]\.label/);
    const t = base();
    (t.keyPoints as { label: { en: string; ko: string } }[])[0]!.label.ko = '아주 긴 라벨이라서 체크리스트 한 줄에 들어가지 않습니다';
    expectError({ 'x.yaml': { category: 'tradeoffs', scenarios: [t] } }, /field scenarios\[0\]\.keyPoints\[0\]\.label\.ko: must be at most 20 characters/);
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
