/**
 * The Microsoft Teams channel on the Microsoft 365 Agents SDK (@microsoft/agents-hosting), the
 * supported successor of botbuilder: same Bot Framework protocol, same Azure Bot registration.
 */
import type { Core } from '../app';
import type { RunningChannel } from '../channel';
import { createTeamsServer, type TeamsServer } from './server';

export { createTeamsServer, type TeamsServer, type TeamsServerOptions } from './server';
export { authConfigFrom } from './auth';
export { findChannelReference, referenceFromActivity, toConversationReference, type StoredReference } from './references';
export { createTeamsDailyPublisher, postRef } from './daily';

/** Starts POST /api/messages on config.teams.port (TEAMS_PORT, default 3978). */
export async function startTeams(core: Core): Promise<RunningChannel & TeamsServer> {
  return createTeamsServer(core, { port: core.config.teams?.port ?? 3978 });
}
