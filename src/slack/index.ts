/**
 * The Slack channel: `startSlack(core)` for main.ts, `createSlackApp(core, options)` for tests
 * and benchmarks. Thin by design (DESIGN.md): ack, parse, call the core, render, send.
 */
import type { Core } from '../app';
import type { RunningChannel } from '../channel';
import { createSlackApp, type SlackAppOptions } from './app';

export { createSlackApp, EVENTS_PATH, HEALTH_PATH, type SlackApp, type SlackAppOptions } from './app';
export { parseCommand, parseDmCommand, type SlackCommand } from './commands/parse';
export { COMMAND } from './listeners/commands';
export { createSlackDailyPublisher, slackRef } from './daily-publisher';

/** Starts Slack from core.config.slack (HTTP or Socket Mode) and returns the running channel. */
export async function startSlack(core: Core, options: SlackAppOptions = {}): Promise<RunningChannel> {
  const slack = createSlackApp(core, options);
  await slack.start();
  return {
    platform: 'slack',
    deliver: (delivery) => slack.deliver(delivery),
    dailyPublisher: slack.dailyPublisher,
    stop: () => slack.stop(),
  };
}
