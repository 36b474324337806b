/**
 * The HTTP contract of POST /api/messages: malformed requests get 400, unauthenticated requests
 * get 401 when a client id is configured (the SDK's authorizeJWT decides), and with no client id
 * local traffic is accepted on loopback with a warning.
 */
// See harness.ts: jose (ESM only) cannot load under Jest; no key here gets as far as it.
jest.mock('jose', () => ({
  importJWK: () => Promise.reject(new Error('jose is not loaded under Jest')),
  exportSPKI: () => Promise.reject(new Error('jose is not loaded under Jest')),
}));

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildCore } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createTeamsServer } from '../../src/teams';
import { memoryLogger, personalMessage, startHarness, TENANT, type Harness } from './harness';

describe('POST /api/messages without authentication configured', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('warns that production must set clientId, clientSecret and tenantId, and listens on loopback only', () => {
    const warning = h.log.entries.find((e) => e.level === 'warn' && /no clientId/.test(e.msg ?? ''));
    expect(warning?.msg).toMatch(/Production must set clientId, clientSecret and tenantId/);
    expect(h.server.authenticated).toBe(false);
    expect(h.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('accepts an unauthenticated activity (Emulator / Agents Playground)', async () => {
    expect(await h.post(personalMessage(h.connector.url, 'help'))).toBe(200);
    expect(h.connector.activities).toHaveLength(1);
  });

  it.each([
    ['a body that is not JSON', '{"type": "message", '],
    ['a JSON array', '[]'],
    ['a JSON string', '"hello"'],
    ['an activity without a type', JSON.stringify({ ...personalMessage('http://127.0.0.1:1/', 'hi'), type: undefined })],
    ['an activity with an empty type', JSON.stringify({ ...personalMessage('http://127.0.0.1:1/', 'hi'), type: '' })],
    ['an activity without a conversation id', JSON.stringify({ ...personalMessage('http://127.0.0.1:1/', 'hi'), conversation: {} })],
    ['an activity whose type is not a string', JSON.stringify({ ...personalMessage('http://127.0.0.1:1/', 'hi'), type: 42 })],
  ])('rejects %s with 400 and sends nothing', async (_name, body) => {
    h.connector.clear();
    expect(await h.post(body)).toBe(400);
    expect(h.connector.activities).toEqual([]);
  });

  it('answers 404 for other paths and methods', async () => {
    expect((await fetch(`${h.server.url}/api/other`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${h.server.url}/api/messages`)).status).toBe(404);
  });
});

describe('POST /api/messages with clientId configured', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      teams: {
        clientId: '6f1b2f3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
        clientSecret: 'not-a-real-secret',
        tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('does not warn and reports itself authenticated', () => {
    expect(h.server.authenticated).toBe(true);
    expect(h.log.entries.some((e) => /no clientId/.test(e.msg ?? ''))).toBe(false);
  });

  it('rejects a request without a bearer token with 401 and sends nothing', async () => {
    expect(await h.post(personalMessage(h.connector.url, 'help'))).toBe(401);
    expect(h.connector.activities).toEqual([]);
  });

  it.each([
    ['a token that is not a JWT', 'Bearer not-a-jwt'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['a JWT for another audience', `Bearer ${unsignedJwt({ aud: 'someone-else', iss: 'https://api.botframework.com' })}`],
  ])('rejects %s with 401', async (_name, authorization) => {
    expect(await h.post(personalMessage(h.connector.url, 'help'), { authorization })).toBe(401);
    expect(h.connector.activities).toEqual([]);
  });

  it('checks authentication before reading the body: unauthenticated garbage is 401, not 400', async () => {
    expect(await h.post('{not json')).toBe(401);
  });
});

describe('a 401 says nothing about why', () => {
  const clientId = '6f1b2f3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
  let keys: http.Server;
  let keyRequests = 0;
  let server: Awaited<ReturnType<typeof createTeamsServer>>;
  const log = memoryLogger();
  beforeAll(async () => {
    // The Entra key endpoint, failing: the SDK's message for this names the key callback and the failure.
    keys = http.createServer((_req, res) => {
      keyRequests++;
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal key store failure');
    });
    await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
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
    await new Promise<void>((resolve) => keys.close(() => resolve()));
  });

  it.each([
    ['a token whose signing key cannot be fetched', `Bearer ${unsignedJwt({ aud: clientId, iss: `https://login.microsoftonline.com/${TENANT}/v2.0` })}`],
    ['a token for another audience', `Bearer ${unsignedJwt({ aud: 'someone-else', iss: 'https://api.botframework.com' })}`],
    ['no token', undefined],
  ])('%s: plain 401, the reason only in the log', async (_name, authorization) => {
    const before = log.entries.length;
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(personalMessage('http://127.0.0.1:1/', 'help')),
    });
    const body = await res.text();
    expect(res.status).toBe(401);
    expect(body).toBe('Unauthorized');
    expect(log.entries.slice(before).some((e) => e.level === 'warn' && e.msg === 'Teams request refused')).toBe(true);
  });

  it('the key endpoint was really asked (the first case reached the signature check)', () => {
    expect(keyRequests).toBeGreaterThan(0);
  });
});

/** A syntactically valid JWT that no key signed (the audience check fails before any key fetch). */
function unsignedJwt(payload: Record<string, unknown>): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'RS256', typ: 'JWT', kid: 'test' })}.${b64({ ...payload, exp: Math.floor(Date.now() / 1000) + 600 })}.c2ln`;
}
