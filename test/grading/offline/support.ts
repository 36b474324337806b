/** Shared helpers for the offline grader tests: the shipped library, a grader over it, requests and gold fixtures. */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ScenarioIndex, loadLibrary } from '../../../src/core/scenarios';
import type { GradeRequest, Language, Scenario } from '../../../src/core/types';
import { OfflineGrader } from '../../../src/grading/offline';

export const index = new ScenarioIndex(loadLibrary());
export const grader = new OfflineGrader({ library: index.scenarios });

export function scenario(id: string): Scenario {
  const s = index.scenario(id);
  if (!s) throw new Error(`no scenario ${id}`);
  return s;
}

export function req(s: Scenario, answer: string, language: Language = 'en'): GradeRequest {
  return { scenario: s, criteria: index.criteriaOf(s), answer, followUps: [], language };
}

export interface Fixture {
  id: string;
  scenario: string;
  kind: string;
  language: Language;
  expected: number;
  answer: string;
}

/** The gold answers committed under test/fixtures/gold (graded by hand from the rubric). */
export function fixtures(): Fixture[] {
  const dir = path.resolve(__dirname, '..', '..', 'fixtures', 'gold');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => {
      const doc = parse(readFileSync(path.join(dir, f), 'utf8')) as { scenario: string; answers: Omit<Fixture, 'scenario'>[] };
      return doc.answers.map((a) => ({ ...a, scenario: doc.scenario }));
    });
}
