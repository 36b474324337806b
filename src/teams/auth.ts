/**
 * The Agents SDK's AuthConfiguration, built from our parsed Config (config.ts is the only place
 * that reads the environment). The values are the SDK's standard single-connection settings:
 * clientId (the Azure Bot's Microsoft App ID), clientSecret and tenantId.
 */
import { AuthType, type AuthConfiguration } from '@microsoft/agents-hosting';
import type { Config } from '../config';

export type TeamsSettings = NonNullable<Config['teams']>;

const CONNECTION = 'serviceConnection';

export function authConfigFrom(
  teams: Pick<TeamsSettings, 'clientId' | 'clientSecret' | 'tenantId'>,
  opts: { authority?: string } = {},
): AuthConfiguration {
  const connection: AuthConfiguration = {
    clientId: teams.clientId,
    clientSecret: teams.clientSecret,
    tenantId: teams.tenantId,
    ...(teams.clientId ? { authType: AuthType.ClientSecret } : {}),
    ...(opts.authority ? { authority: opts.authority } : {}),
  };
  // An explicit connection map makes this configuration authoritative: the SDK would otherwise
  // merge in "Connections__*" variables from the environment.
  return {
    ...connection,
    connections: new Map([[CONNECTION, connection]]),
    connectionsMap: [{ serviceUrl: '*', connection: CONNECTION }],
  };
}
