/**
 * `fde-coach export` / `import`: a team's data as one JSON document (people with every graded
 * answer, points, streaks, settings; daily settings, posts and answers; conversation references;
 * usage totals), so a team moves from the SQLite file to PostgreSQL, or keeps a portable backup.
 * Sessions and in-flight jobs are not exported: they are minutes-long and tied to one process.
 */
import type { HistoryEntry, Store, UsageTotals, UserRecord } from '../core/ports';

export const EXPORT_FORMAT = 'fde-coach-export';
export const EXPORT_VERSION = 1;

export interface ExportData {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  /** Every person, history oldest first and complete (not trimmed). */
  people: (Omit<UserRecord, 'history'> & { answers: HistoryEntry[] })[];
  docs: { key: string; value: unknown }[];
  usage: UsageTotals;
}

export class ImportError extends Error {
  readonly code = 'IMPORT_INVALID';
}

/** Everything in the store, or only the teams named (team keys like "slack:T123"). */
export async function exportData(store: Store, opts: { teams?: string[]; now?: Date } = {}): Promise<ExportData> {
  const teams = opts.teams?.length ? opts.teams : await store.listTeams();
  const people: ExportData['people'] = [];
  for (const team of teams) {
    for (const u of await store.listUsers(team)) {
      const { history: _h, ...rest } = u;
      people.push({ ...rest, answers: await store.answersOf(u.key) });
    }
  }
  const inTeams = (key: string) => !opts.teams?.length || opts.teams.some((t) => key.includes(t));
  const docs = (await store.listDocs<unknown>('')).filter((d) => inTeams(d.key));
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: (opts.now ?? new Date()).toISOString(),
    people,
    docs,
    usage: await store.getUsage(),
  };
}

/** Checks the shape enough to refuse a wrong file before writing anything. */
export function parseExport(text: string): ExportData {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ImportError(`not JSON: ${(err as Error).message}`);
  }
  const d = data as Partial<ExportData>;
  if (d?.format !== EXPORT_FORMAT) throw new ImportError(`not an fde-coach export (format is ${JSON.stringify(d?.format)})`);
  if (typeof d.version !== 'number' || d.version > EXPORT_VERSION)
    throw new ImportError(`export version ${d.version} is newer than this fde-coach understands (${EXPORT_VERSION})`);
  if (!Array.isArray(d.people) || !Array.isArray(d.docs)) throw new ImportError('people and docs must be lists');
  for (const [i, p] of d.people.entries())
    if (typeof p?.key !== 'string' || typeof p.teamKey !== 'string' || !Array.isArray(p.answers))
      throw new ImportError(`people[${i}] needs key, teamKey and answers`);
  return d as ExportData;
}

/**
 * Writes an export into a store. People already there keep what they have and gain the answers
 * they lack (importing the same file twice changes nothing); documents are replaced.
 */
export async function importData(store: Store, data: ExportData): Promise<{ people: number; answers: number; docs: number }> {
  let answers = 0;
  for (const p of data.people) {
    const { answers: list, ...rest } = p;
    const history = [...list].reverse();
    await store.withLock(`person:${p.key}`, async () => {
      const existing = await store.getUser(p.key);
      const stored = existing ? (await store.answersOf(p.key)).length : 0;
      answers += Math.max(0, list.length - stored);
      await store.putUser({ ...rest, answered: Math.max(rest.answered, list.length), history });
    });
  }
  for (const d of data.docs) await store.putDoc(d.key, d.value);
  // Usage totals are counters: added once, into a store that has none yet.
  if (data.usage?.gradings && (await store.getUsage()).gradings === 0) await store.commitGrade({ usage: data.usage });
  return { people: data.people.length, answers, docs: data.docs.length };
}
