/**
 * A store that stops answering while the bot runs: the turn answers "couldn't save, try again"
 * (EN/KO), nothing throws out of the coach, and what was stored before stays as it was.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCoach } from '../../src/core/coach';
import type { Person } from '../../src/core/ports';
import { ScenarioIndex, loadLibrary } from '../../src/core/scenarios';
import { createGrader } from '../../src/grading';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/core/ports';
import { openSqliteStore } from '../../src/store/sqlite';

const library = new ScenarioIndex(loadLibrary());
const person: Person = { platform: 'slack', teamId: 'T1', userId: 'U1' };

test('the database goes away mid-run: the turn says it could not save, in the person\'s language', async () => {
  const store = await openSqliteStore(mkdtempSync(path.join(os.tmpdir(), 'fde-gone-')));
  const coach = createCoach({ library, store, grader: createGrader(loadConfig({ GRADER: 'offline' }), silentLogger) });
  const [scenario] = await coach.start(person, { category: 'tradeoffs' });
  expect(scenario!.kind).toBe('scenario');
  // The database handle closes under the running coach, as when the disk or server goes away.
  await store.db.destroy();
  const en = await coach.answer(person, 'I would ship behind a feature flag with a rollback and tell the owner by Friday.');
  expect(en).toEqual([expect.objectContaining({ kind: 'notice', code: 'store-unavailable', notGraded: true })]);
  expect((en[0] as { text: string }).text).toMatch(/^I couldn't save that just now/);
  const ko = await coach.answer(person, '기능 플래그 뒤에 배포하고 롤백을 준비하겠습니다.');
  expect((ko[0] as { text: string }).text).toMatch(/^지금은 저장하지 못해/);
  expect(await coach.stats(person).catch((e: Error) => e.name)).toBe('StoreUnavailableError');
});
