import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { CLIENT_ID, getPage, parseForm, postForm } from './consent-flow.js';
import { advance, boot, call, get, mintToken } from './sim-client.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await boot();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/sim/reset');
});

const refreshOn = (target: RunningSimulator, refreshToken: string) =>
  call(target, 'POST', '/oauth2/v3/token', { form: { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: refreshToken } });
const refresh = (refreshToken: string) => refreshOn(sim, refreshToken);

const LOGIN_REQUIRED = { error: 'login_required', error_description: 'The refresh_token is invalid' };
const INVALID_BEARER = { response: null, error: 'invalid bearer token', error_description: '' };

describe('refresh rotation with Tesla’s grace period', () => {
  it('lets the most recently spent token be reused within the grace period, each time for a fresh pair', async () => {
    const a = (await mintToken(sim)).refresh_token;
    const b = await refresh(a);
    expect(b.status).toBe(200);
    const c = await refresh(a);
    expect(c.status).toBe(200);
    expect(c.body.refresh_token).not.toBe(b.body.refresh_token);
    // The retry's pair is the live one; the first successor is cycled out.
    expect((await refresh(b.body.refresh_token)).body).toEqual(LOGIN_REQUIRED);
    expect((await refresh(c.body.refresh_token)).status).toBe(200);
    // `a` is no longer the most recently spent token.
    const stale = await refresh(a);
    expect(stale.status).toBe(401);
    expect(stale.body).toEqual(LOGIN_REQUIRED);
  });

  it('ends the grace period after refreshGraceSeconds', async () => {
    const a = (await mintToken(sim)).refresh_token;
    const b = (await refresh(a)).body.refresh_token;
    await advance(sim, 86_400);
    expect((await refresh(a)).body).toEqual(LOGIN_REQUIRED);
    expect((await refresh(b)).status).toBe(200);
  });

  it('is strictly single use with refreshGraceSeconds: 0', async () => {
    const strict = await boot({ refreshGraceSeconds: 0 });
    onTestFinished(() => strict.close());
    const a = (await mintToken(strict)).refresh_token;
    const b = await refreshOn(strict, a);
    expect(b.status).toBe(200);
    expect((await refreshOn(strict, a)).body).toEqual(LOGIN_REQUIRED);
    expect((await refreshOn(strict, b.body.refresh_token)).status).toBe(200);
  });

  it('counts token calls per grant type', async () => {
    const a = (await mintToken(sim)).refresh_token;
    await call(sim, 'POST', '/sim/counters/reset');
    await refresh(a);
    await refresh('NA_unknown');
    const counters = (await get(sim, '/sim/counters')).body;
    expect(counters.byEndpoint.token).toBe(2);
    expect(counters.byEndpointAndDevice['token:refresh_token']).toBe(2);
  });
});

describe('access tokens and refreshes', () => {
  it('invalidates the access tokens issued before a refresh in the same grant chain', async () => {
    const first = await mintToken(sim);
    const unrelated = await mintToken(sim);
    const second = (await refresh(first.refresh_token)).body;
    const old = await get(sim, '/api/1/products', first.access_token);
    expect(old.status).toBe(401);
    expect(old.body).toEqual(INVALID_BEARER);
    expect((await get(sim, '/api/1/products', second.access_token)).status).toBe(200);
    expect((await get(sim, '/api/1/products', unrelated.access_token)).status).toBe(200);
    // A grace retry is a refresh too.
    const third = (await refresh(first.refresh_token)).body;
    expect((await get(sim, '/api/1/products', second.access_token)).status).toBe(401);
    expect((await get(sim, '/api/1/products', third.access_token)).status).toBe(200);
  });

  it('keeps earlier access tokens with revokeAccessTokensOnRefresh: false', async () => {
    const lenient = await boot({ revokeAccessTokensOnRefresh: false });
    onTestFinished(() => lenient.close());
    const first = await mintToken(lenient);
    expect((await refreshOn(lenient, first.refresh_token)).status).toBe(200);
    expect((await get(lenient, '/api/1/products', first.access_token)).status).toBe(200);
  });

  it('uses accessTokenLifetimeSeconds for every access token, unless a mint asks otherwise', async () => {
    const short = await boot({ accessTokenLifetimeSeconds: 600 });
    onTestFinished(() => short.close());
    const minted = await mintToken(short);
    expect(minted.expires_in).toBe(600);
    const claims = decodeJwt(minted.access_token);
    expect(claims.exp! - claims.iat!).toBe(600);
    const refreshed = (await refreshOn(short, minted.refresh_token)).body;
    expect(refreshed.expires_in).toBe(600);
    expect((await mintToken(short, 'demo', { expiresIn: 60 })).expires_in).toBe(60);
    await advance(short, 601);
    expect((await get(short, '/api/1/products', refreshed.access_token)).body.error).toBe('token expired (401)');
  });
});

describe('consent changes', () => {
  it('gives refreshed access tokens the consent’s current scopes', async () => {
    const first = await mintToken(sim);
    expect((await get(sim, '/api/1/vehicles', first.access_token)).status).toBe(200);
    const edited = await call(sim, 'POST', '/sim/accounts/demo/consent', { body: { scopes: ['openid', 'offline_access', 'energy_device_data'] } });
    expect(edited.body).toEqual({ account: 'demo', clientId: CLIENT_ID, scopes: ['openid', 'offline_access', 'energy_device_data'] });
    // Existing access tokens keep their scopes until they are replaced.
    expect((await get(sim, '/api/1/vehicles', first.access_token)).status).toBe(200);
    const refreshed = (await refresh(first.refresh_token)).body;
    expect(decodeJwt(refreshed.access_token).scp).toEqual(['openid', 'offline_access', 'energy_device_data']);
    expect((await get(sim, '/api/1/vehicles', refreshed.access_token)).status).toBe(403);
    expect((await get(sim, '/api/1/products', refreshed.access_token)).status).toBe(200);
  });

  it('stops every token of the account for that client when the consent is revoked (admin)', async () => {
    const one = await mintToken(sim);
    const two = await mintToken(sim);
    const other = await mintToken(sim, 'small');
    const revoked = await call(sim, 'POST', '/sim/accounts/demo/revoke-consent', { body: {} });
    expect(revoked.body).toEqual({ account: 'demo', clientId: CLIENT_ID, hadConsent: true, revokedChains: 2 });
    for (const tokens of [one, two]) {
      expect((await get(sim, '/api/1/products', tokens.access_token)).body).toEqual(INVALID_BEARER);
      expect((await refresh(tokens.refresh_token)).body).toEqual(LOGIN_REQUIRED);
    }
    expect((await get(sim, '/sim/accounts/demo/consent')).status).toBe(404);
    expect((await get(sim, '/api/1/products', other.access_token)).status).toBe(200);
    expect((await refresh(other.refresh_token)).status).toBe(200);
    // A new consent works again.
    expect((await get(sim, '/api/1/products', (await mintToken(sim)).access_token)).status).toBe(200);
  });

  it('revokes through Tesla’s revoke-consent page and returns to back_url', async () => {
    const tokens = await mintToken(sim);
    const backUrl = 'http://127.0.0.1:9/settings?tab=tesla';
    const page = await getPage(sim, `/user/revoke/consent?revoke_client_id=${CLIENT_ID}&back_url=${encodeURIComponent(backUrl)}`);
    expect(page.status).toBe(200);
    const form = parseForm(page.html);
    expect(form).toMatchObject({ action: '/user/revoke/consent', method: 'post', hidden: { revoke_client_id: CLIENT_ID, back_url: backUrl } });
    expect(form.selects.account).toEqual(expect.arrayContaining(['demo', 'small']));
    expect(form.buttons).toEqual([{ name: 'action', value: 'revoke' }]);

    const answer = await postForm(sim, form.action, [...Object.entries(form.hidden), ['account', 'demo'], ['action', 'revoke']]);
    expect(answer.status).toBe(302);
    expect(answer.location?.toString()).toBe(backUrl);
    expect((await get(sim, '/api/1/products', tokens.access_token)).status).toBe(401);
    expect((await refresh(tokens.refresh_token)).body).toEqual(LOGIN_REQUIRED);

    // Without back_url the page confirms; an unknown client is refused.
    const again = await postForm(sim, '/user/revoke/consent', [['revoke_client_id', CLIENT_ID], ['account', 'small'], ['action', 'revoke']]);
    expect(again.status).toBe(200);
    expect(again.html).toContain('revoked');
    expect((await getPage(sim, '/user/revoke/consent?revoke_client_id=someone')).status).toBe(400);
  });
});
