/**
 * With a client id, an activity whose serviceUrl is not the host in its token's `serviceurl`
 * claim is refused (400) by the Agents SDK's check, which server.ts turns on. The token is real:
 * signed here with an RSA key served from a local JWKS endpoint that the server's authority
 * points at, and verified by the SDK's own middleware.
 */
// jose is ESM only and cannot load under Jest; jwks-rsa needs just these two functions, which
// node:crypto provides (a public KeyObject exports its SPKI PEM itself).
jest.mock('jose', () => {
  const { createPublicKey } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return {
    importJWK: async (jwk: import('node:crypto').JsonWebKey) => createPublicKey({ key: jwk, format: 'jwk' }),
    exportSPKI: async () => {
      throw new Error('not used: KeyObject exports itself');
    },
  };
});

import { createSign, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildCore } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createTeamsServer } from '../../src/teams';
import { FakeConnector } from '../support/fake-connector';
import { memoryLogger, personalMessage, TENANT } from './harness';

const clientId = '6f1b2f3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'local-test-key';

let keys: http.Server;
let connector: FakeConnector;
let server: Awaited<ReturnType<typeof createTeamsServer>>;
beforeAll(async () => {
  keys = http.createServer((req, res) => {
    if (req.url?.endsWith('/discovery/v2.0/keys')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' }] }));
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
  connector = await new FakeConnector().start();
  const log = memoryLogger();
  const core = buildCore(loadConfig({ CHANNELS: 'teams', GRADER: 'offline' }), log);
  server = await createTeamsServer(core, {
    port: 0,
    host: '127.0.0.1',
    log,
    teams: { clientId, clientSecret: 'not-a-real-secret', tenantId: TENANT },
    authority: `http://127.0.0.1:${(keys.address() as AddressInfo).port}/${TENANT}`,
  });
});
afterAll(async () => {
  await server.stop();
  await connector.stop();
  await new Promise<void>((resolve) => keys.close(() => resolve()));
});

/** A token as Azure Bot Service issues it, naming the connector it is valid for. */
function token(serviceurl: string): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'RS256', typ: 'JWT', kid: KID })}.${b64({
    aud: clientId,
    iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
    tid: TENANT,
    serviceurl,
    iat: now,
    nbf: now,
    exp: now + 600,
  })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(privateKey).toString('base64url')}`;
}

async function post(activity: object, bearer: string): Promise<number> {
  const res = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(activity),
  });
  await res.arrayBuffer();
  await server.idle();
  return res.status;
}

test('a valid token for one connector cannot send the bot to another host: 400, nothing sent', async () => {
  const status = await post(personalMessage('https://evil.example/', 'help'), token(connector.url));
  expect(status).toBe(400);
  expect(connector.activities).toEqual([]);
  expect(await server.idle()).toBeUndefined();
});

test('the same token with its own serviceUrl passes that check (the token itself is accepted)', async () => {
  // It goes on to fetch a token for the connector from the authority, which this test's key
  // server cannot issue, so the answer is not a success; what matters is that it is not the 400.
  const status = await post(personalMessage(connector.url, 'help'), token(connector.url));
  expect(status).not.toBe(400);
  expect(status).not.toBe(401);
});
