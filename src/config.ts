/**
 * The only place that reads the environment. A zod schema turns it into a typed Config once at
 * start; every bad variable is reported by name, all at once.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const intIn = (min: number, max: number, dflt: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return dflt;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const list = optionalString.transform((v) =>
  v ? v.split(/[,\s]+/).map((x) => x.trim()).filter(Boolean) : [],
);

const url = optionalString.refine((v) => !v || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL');

const envSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  FDE_SCENARIOS_DIR: optionalString,
  FDE_SESSION_IDLE_MINUTES: intIn(1, 24 * 60, 60),
  FDE_ADMINS: list,
  GRADER: z.enum(['auto', 'llm', 'offline']).default('auto'),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url,
  OPENAI_MODEL: optionalString,
  GRADER_TIMEOUT_MS: intIn(1000, 600_000, 30_000),
  GRADER_MAX_RETRIES: intIn(0, 5, 2),
  GRADER_MAX_CONCURRENCY: intIn(1, 256, 4),
  GRADER_QUEUE_TIMEOUT_MS: intIn(0, 3_600_000, 120_000),
  CHANNELS: list,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: url,
  PORT: intIn(1, 65535, 3000),
  TEAMS_PORT: intIn(1, 65535, 3978),
  FDE_STORE: z.enum(['memory', 'sqlite', 'postgres']).optional(),
  FDE_DATA_DIR: optionalString,
  DATABASE_URL: optionalString.refine((v) => !v || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// (or postgresql://) URL'),
  FDE_JOB_LEASE_MS: intIn(1000, 600_000, 30_000),
  XDG_DATA_HOME: optionalString,
  HOME: optionalString,
  clientId: optionalString,
  clientSecret: optionalString,
  tenantId: optionalString,
});

export const DEFAULT_OPENAI_MODEL = 'gpt-4.1-mini';

export interface Config {
  /** Unset when LOG_LEVEL is not given: servers then log at info, the terminal at warn. */
  logLevel?: NonNullable<z.infer<typeof envSchema>['LOG_LEVEL']>;
  scenarioDirs: string[];
  sessionIdleMs: number;
  admins: string[];
  grader: {
    mode: 'auto' | 'llm' | 'offline';
    /** What will actually run: the LLM when asked for, or in auto mode when a key or base URL is set. */
    effective: 'llm' | 'offline';
    apiKey?: string;
    baseURL?: string;
    model: string;
    timeoutMs: number;
    maxRetries: number;
    maxConcurrency: number;
    /** How long a grading may wait for a free model slot before the offline grader stands in. */
    queueTimeoutMs: number;
  };
  channels: ('slack' | 'teams')[];
  store: {
    /** memory (throwaway), sqlite (the default: a file under dataDir), postgres (DATABASE_URL). */
    kind: 'memory' | 'sqlite' | 'postgres';
    /** FDE_DATA_DIR, else $XDG_DATA_HOME/fde-coach, else ~/.local/share/fde-coach. */
    dataDir: string;
    databaseUrl?: string;
    /**
     * How long a grading job stays with the process grading it without a heartbeat; after that
     * another process (or the next start) takes it over.
     */
    jobLeaseMs: number;
  };
  slack?: {
    botToken: string;
    mode: 'http' | 'socket';
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    port: number;
  };
  teams?: {
    port: number;
    clientId?: string;
    clientSecret?: string;
    tenantId?: string;
  };
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from an environment (process.env by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];

  const requested = e.CHANNELS.map((c) => c.toLowerCase());
  for (const c of requested) if (c !== 'slack' && c !== 'teams') problems.push(`CHANNELS: unknown channel "${c}" (use slack, teams)`);

  const slackPresent = Boolean(e.SLACK_BOT_TOKEN || e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN);
  const teamsPresent = Boolean(e.clientId || e.clientSecret || e.tenantId);
  const channels = (requested.length ? requested : [slackPresent && 'slack', teamsPresent && 'teams']).filter(
    (c): c is 'slack' | 'teams' => c === 'slack' || c === 'teams',
  );

  let slack: Config['slack'];
  if (channels.includes('slack')) {
    if (!e.SLACK_BOT_TOKEN) problems.push('SLACK_BOT_TOKEN is missing (the xoxb- bot token from OAuth & Permissions)');
    if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET)
      problems.push(
        'Slack needs SLACK_APP_TOKEN (xapp-, Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode); neither is set',
      );
    if (e.SLACK_APP_TOKEN && !e.SLACK_APP_TOKEN.startsWith('xapp-'))
      problems.push('SLACK_APP_TOKEN must be an app-level token starting with xapp-');
    if (e.SLACK_BOT_TOKEN && e.SLACK_BOT_TOKEN.startsWith('xapp-'))
      problems.push('SLACK_BOT_TOKEN is an app-level token (xapp-); use the bot token (xoxb-)');
    if (e.SLACK_BOT_TOKEN) {
      slack = {
        botToken: e.SLACK_BOT_TOKEN,
        mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
        signingSecret: e.SLACK_SIGNING_SECRET,
        appToken: e.SLACK_APP_TOKEN,
        apiUrl: e.SLACK_API_URL,
        port: e.PORT,
      };
    }
  }

  let teams: Config['teams'];
  if (channels.includes('teams')) {
    if (e.clientId && (!e.clientSecret || !e.tenantId))
      problems.push('Teams authentication needs clientId, clientSecret and tenantId together; some are missing');
    teams = { port: e.TEAMS_PORT, clientId: e.clientId, clientSecret: e.clientSecret, tenantId: e.tenantId };
  }

  const llmConfigured = Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL);
  if (e.GRADER === 'llm' && !llmConfigured)
    problems.push('GRADER=llm needs OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (a local OpenAI-compatible server)');

  const storeKind = e.FDE_STORE ?? (e.DATABASE_URL ? 'postgres' : 'sqlite');
  if (storeKind === 'postgres' && !e.DATABASE_URL)
    problems.push('FDE_STORE=postgres needs DATABASE_URL (postgres://user:password@host:5432/db)');
  const dataDir = e.FDE_DATA_DIR
    ? path.resolve(e.FDE_DATA_DIR)
    : path.join(e.XDG_DATA_HOME ?? path.join(e.HOME ?? os.homedir(), '.local', 'share'), 'fde-coach');

  if (problems.length) throw new ConfigError(problems);

  return {
    logLevel: e.LOG_LEVEL,
    scenarioDirs: e.FDE_SCENARIOS_DIR
      ? e.FDE_SCENARIOS_DIR.split(new RegExp(`[,${path.delimiter}]`)).map((d) => d.trim()).filter(Boolean)
      : [],
    sessionIdleMs: e.FDE_SESSION_IDLE_MINUTES * 60_000,
    admins: e.FDE_ADMINS,
    grader: {
      mode: e.GRADER,
      effective: e.GRADER === 'offline' ? 'offline' : e.GRADER === 'llm' || llmConfigured ? 'llm' : 'offline',
      apiKey: e.OPENAI_API_KEY,
      baseURL: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL ?? DEFAULT_OPENAI_MODEL,
      timeoutMs: e.GRADER_TIMEOUT_MS,
      maxRetries: e.GRADER_MAX_RETRIES,
      maxConcurrency: e.GRADER_MAX_CONCURRENCY,
      queueTimeoutMs: e.GRADER_QUEUE_TIMEOUT_MS,
    },
    channels,
    store: { kind: storeKind, dataDir, databaseUrl: e.DATABASE_URL, jobLeaseMs: e.FDE_JOB_LEASE_MS },
    slack,
    teams,
  };
}
