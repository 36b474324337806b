import { ConfigError, DEFAULT_OPENAI_MODEL, loadConfig } from '../src/config';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has working defaults with nothing set: offline grader, no channels', () => {
    const c = loadConfig({});
    expect(c.grader).toMatchObject({ mode: 'auto', effective: 'offline', model: DEFAULT_OPENAI_MODEL, timeoutMs: 30_000, maxRetries: 2, maxConcurrency: 4 });
    expect(c.channels).toEqual([]);
    expect(c.sessionIdleMs).toBe(60 * 60_000);
    expect(c.logLevel).toBeUndefined();
  });

  it('uses the LLM in auto mode when a key or a base URL is set, and offline when forced', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x' }).grader.effective).toBe('llm');
    expect(loadConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1' }).grader.effective).toBe('llm');
    expect(loadConfig({ OPENAI_API_KEY: 'sk-x', GRADER: 'offline' }).grader.effective).toBe('offline');
  });

  it('starts the channels whose settings are present; CHANNELS narrows it', () => {
    const slackSocket = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' };
    expect(loadConfig(slackSocket).slack).toMatchObject({ mode: 'socket', botToken: 'xoxb-1' });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '4000' }).slack).toMatchObject({ mode: 'http', port: 4000 });
    expect(loadConfig({ ...slackSocket, CHANNELS: 'teams' }).channels).toEqual(['teams']);
    expect(loadConfig({ ...slackSocket, CHANNELS: 'slack,teams' }).channels).toEqual(['slack', 'teams']);
  });

  it('names every missing or bad variable at once', () => {
    const p = problems({ SLACK_BOT_TOKEN: 'xoxb-1', GRADER: 'llm', CHANNELS: 'slack,irc' });
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/CHANNELS: unknown channel "irc"/),
        expect.stringMatching(/SLACK_APP_TOKEN .* or SLACK_SIGNING_SECRET/),
        expect.stringMatching(/GRADER=llm needs OPENAI_API_KEY/),
      ]),
    );
    const both = problems({ PORT: 'eighty', GRADER_TIMEOUT_MS: '5' }).join('\n');
    expect(both).toMatch(/PORT: must be a whole number/);
    expect(both).toMatch(/GRADER_TIMEOUT_MS: must be a whole number from 1000/);
    expect(problems({ CHANNELS: 'slack' })).toEqual(expect.arrayContaining([expect.stringMatching(/SLACK_BOT_TOKEN is missing/)]));
    expect(problems({ SLACK_BOT_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' })).toEqual([
      expect.stringMatching(/SLACK_BOT_TOKEN is an app-level token/),
    ]);
    expect(problems({ clientId: 'abc' })).toEqual([expect.stringMatching(/clientId, clientSecret and tenantId together/)]);
    expect(problems({ OPENAI_BASE_URL: 'localhost:11434' })).toEqual([expect.stringMatching(/OPENAI_BASE_URL: must be an http/)]);
  });

  it('splits extra scenario folders and admins', () => {
    const c = loadConfig({ FDE_SCENARIOS_DIR: '/a:/b, /c', FDE_ADMINS: 'U1, U2 U3' });
    expect(c.scenarioDirs).toEqual(['/a', '/b', '/c']);
    expect(c.admins).toEqual(['U1', 'U2', 'U3']);
  });
});
