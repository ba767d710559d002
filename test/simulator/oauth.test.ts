import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { accounts, advance, boot, call, get, mintToken, START } from './sim-client.js';

let sim: RunningSimulator;
const CLIENT_ID = 'derms-sandbox-client';

beforeAll(async () => {
  sim = await boot();
});
afterAll(() => sim.close());

const refresh = (refreshToken: string, clientId = CLIENT_ID) =>
  call(sim, 'POST', '/oauth2/v3/token', { form: { grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken } });

describe('discovery and JWKS', () => {
  it('serves OIDC discovery at both well-known paths', async () => {
    for (const path of ['/oauth2/v3/thirdparty/.well-known/openid-configuration', '/oauth2/v3/.well-known/openid-configuration']) {
      const doc = (await get(sim, path)).body;
      expect(doc).toMatchObject({
        issuer: `${sim.url}/oauth2/v3`,
        authorization_endpoint: `${sim.url}/oauth2/v3/authorize`,
        token_endpoint: `${sim.url}/oauth2/v3/token`,
        jwks_uri: `${sim.url}/oauth2/v3/discovery/thirdparty/keys`,
      });
    }
  });

  it('mints RS256 access tokens that verify against the JWKS, with Tesla’s claims', async () => {
    const { demo, small } = await accounts(sim);
    const before = Math.floor(Date.now() / 1000);
    const tokens = await mintToken(sim, 'demo');
    const after = Math.ceil(Date.now() / 1000);
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 28800 });
    expect(tokens.refresh_token).toMatch(/^NA_/);
    const jwks = createRemoteJWKSet(new URL(`${sim.url}/oauth2/v3/discovery/thirdparty/keys`));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: `${sim.url}/oauth2/v3/nts`,
      audience: sim.url,
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      azp: CLIENT_ID,
      sub: demo!.userId,
      aud: [sim.url, `${sim.url}/regions/na`, `${sim.url}/regions/eu`, `${sim.url}/oauth2/v3/userinfo`],
      ou_code: 'NA',
      account_type: 'person',
    });
    // Token lifetimes run on the wall clock (gateways judge expiry with their own clock), not the simulated June.
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.iat).toBeLessThanOrEqual(after);
    expect(payload.exp).toBe(payload.iat! + 28800);
    expect(payload.scp).toEqual(['openid', 'offline_access', 'user_data', 'vehicle_device_data', 'vehicle_cmds', 'vehicle_charging_cmds', 'energy_device_data', 'energy_cmds']);
    expect(typeof payload.locale).toBe('string');

    const eu = await mintToken(sim, 'small', { scopes: ['openid', 'energy_device_data'] });
    expect(eu.refresh_token).toMatch(/^EU_/);
    expect(decodeJwt(eu.access_token)).toMatchObject({ ou_code: 'EU', sub: small!.userId, scp: ['openid', 'energy_device_data'] });
  });
});

describe('refresh tokens', () => {
  it('rotates single-use refresh tokens (no grace period)', async () => {
    // Tesla's 24-hour grace is on by default; oauth-refresh.test.ts covers it.
    const sim = await boot({ refreshGraceSeconds: 0 });
    onTestFinished(() => sim.close());
    const refresh = (refreshToken: string) =>
      call(sim, 'POST', '/oauth2/v3/token', { form: { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: refreshToken } });
    const first = await mintToken(sim, 'demo', { scopes: ['openid', 'offline_access', 'energy_device_data'] });
    await advance(sim, 3600);
    const res = await refresh(first.refresh_token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 28800 });
    expect(res.body.refresh_token).toMatch(/^NA_/);
    expect(res.body.refresh_token).not.toBe(first.refresh_token);
    expect(typeof res.body.id_token).toBe('string');
    const claims = decodeJwt(res.body.access_token);
    expect(claims.scp).toEqual(['openid', 'offline_access', 'energy_device_data']);
    // Advancing the clock ages tokens: the new one is dated an hour after the first.
    expect(claims.iat! - decodeJwt(first.access_token).iat!).toBeGreaterThanOrEqual(3600);
    expect((await get(sim, '/api/1/users/region', res.body.access_token)).status).toBe(200);

    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(401);
    expect(reused.body).toEqual({ error: 'login_required', error_description: 'The refresh_token is invalid' });

    // The successor works once, too.
    expect((await refresh(res.body.refresh_token)).status).toBe(200);
    expect((await refresh(res.body.refresh_token)).status).toBe(401);
  });

  it('rejects unknown tokens, wrong clients and unsupported grants', async () => {
    expect((await refresh('NA_unknown')).body.error).toBe('login_required');
    const tokens = await mintToken(sim);
    const wrongClient = await refresh(tokens.refresh_token, 'someone-else');
    expect(wrongClient.status).toBe(400);
    expect(wrongClient.body.error).toBe('unauthorized_client');
    // A failed client check must not spend the token.
    expect((await refresh(tokens.refresh_token)).status).toBe(200);

    const json = await call(sim, 'POST', '/oauth2/v3/token', { body: { grant_type: 'password', client_id: CLIENT_ID } });
    expect(json.status).toBe(400);
    expect(json.body.error).toBe('unsupported_grant_type');
  });

  it('accepts JSON bodies and echoes state', async () => {
    const tokens = await mintToken(sim);
    const res = await call(sim, 'POST', '/oauth2/v3/token', {
      body: { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: tokens.refresh_token, state: 'abc' },
    });
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('abc');
  });
});
