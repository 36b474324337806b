/**
 * The tables both SQL engines share, as kysely sees them. Times are epoch milliseconds (bigint);
 * nested values that the product never queries by (competency totals, seen scenarios, session
 * state, daily documents, job payloads) are JSON text, the same on both engines.
 */
import type { Generated } from 'kysely';

export interface PeopleTable {
  key: string;
  team_key: string;
  user_id: string;
  display_name: string | null;
  language: string | null;
  opt_out: number;
  total_points: number;
  answered: number;
  /** JSON: { totals, seen, streak }. */
  data: string;
}

/** One graded answer: the leaderboard for any window is a query over these. */
export interface AnswersTable {
  id: Generated<number>;
  person_key: string;
  team_key: string;
  scenario_id: string;
  category: string;
  difficulty: string;
  source: string;
  overall: number;
  points: number;
  grader: string;
  at: number;
  /** JSON: per-criterion scores. */
  scores: string;
}

export interface SessionsTable {
  person_key: string;
  last_activity_at: number;
  data: string;
}

export interface DocsTable {
  key: string;
  value: string;
}

export interface ClaimsTable {
  key: string;
  expires_at: number;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: number;
}

export interface JobsTable {
  id: string;
  person_key: string;
  kind: string;
  payload: string;
  owner: string;
  lease_until: number;
  attempts: number;
  created_at: number;
}

export interface UsageTable {
  name: string;
  gradings: number;
  llm_gradings: number;
  fallbacks: number;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
}

export interface Database {
  people: PeopleTable;
  answers: AnswersTable;
  sessions: SessionsTable;
  docs: DocsTable;
  claims: ClaimsTable;
  leases: LeasesTable;
  jobs: JobsTable;
  usage_totals: UsageTable;
}
