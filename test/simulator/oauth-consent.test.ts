import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import {
  authorizePath,
  CLIENT_ID,
  consent,
  exchangeCode,
  getPage,
  parseForm,
  pkcePair,
  postForm,
  REDIRECT_URI,
} from './consent-flow.js';
import { accounts, advance, boot, call, get } from './sim-client.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await boot();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await call(sim, 'POST', '/sim/reset');
});

const ALL = 'openid offline_access energy_device_data vehicle_device_data';

describe('authorize page', () => {
  it('renders the sign-in and consent form', async () => {
    const page = await getPage(sim, authorizePath({ scope: ALL, nonce: 'n-1' }));
    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/^text\/html/);
    const form = parseForm(page.html);
    expect(form).toMatchObject({ action: '/oauth2/v3/authorize', method: 'post' });
    expect(form.hidden.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(form.selects.account).toEqual(expect.arrayContaining(['demo', 'small']));
    expect(form.checkboxes).toEqual(ALL.split(' ').map((value) => ({ name: 'scope', value, checked: true, disabled: false })));
    expect(form.buttons).toEqual([
      { name: 'decision', value: 'allow' },
      { name: 'decision', value: 'deny' },
    ]);
  });

  it('shows errors for an unknown client or a bad redirect_uri instead of redirecting', async () => {
    const unknown = await getPage(sim, authorizePath({ scope: ALL, client_id: 'who' }));
    expect(unknown.status).toBe(400);
    expect(unknown.contentType).toMatch(/^text\/html/);
    expect(unknown.html).toContain('unauthorized_client');
    for (const redirect_uri of [undefined, 'not a url', 'ftp://example.com/cb']) {
      const bad = await getPage(sim, authorizePath({ scope: ALL, redirect_uri }));
      expect(bad.status).toBe(400);
      expect(bad.html).toContain('invalid_redirect_url');
    }
  });

  it('only accepts the allowed redirect_uris when they are configured', async () => {
    const strict = await boot({ allowedRedirectUris: [REDIRECT_URI] });
    onTestFinished(() => strict.close());
    expect((await getPage(strict, authorizePath({ scope: ALL }))).status).toBe(200);
    const other = await getPage(strict, authorizePath({ scope: ALL, redirect_uri: 'http://127.0.0.1:9/elsewhere' }));
    expect(other.status).toBe(400);
    expect(other.html).toContain('invalid_redirect_url');
  });

  it('sends request errors back to the client with the state', async () => {
    const res = await fetch(`${sim.url}${authorizePath({ scope: ALL, response_type: 'token' })}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({ error: 'unsupported_response_type', state: 'st-1' });
    const noScope = new URL((await fetch(`${sim.url}${authorizePath({ scope: 'openid bogus' })}`, { redirect: 'manual' })).headers.get('location')!);
    expect(noScope.searchParams.get('error')).toBe('invalid_scope');
    const plain = new URL(
      (await fetch(`${sim.url}${authorizePath({ scope: ALL, code_challenge: 'x', code_challenge_method: 'plain' })}`, { redirect: 'manual' })).headers.get('location')!,
    );
    expect(plain.searchParams.get('error')).toBe('invalid_request');
  });

  it('redirects with access_denied when the user denies', async () => {
    const callback = await consent(sim, { scope: ALL }, { account: 'demo', decision: 'deny' });
    expect(Object.fromEntries(callback.searchParams)).toEqual({ error: 'access_denied', error_description: 'The user denied the request', state: 'st-1' });
    // Nothing was granted.
    expect((await get(sim, '/sim/accounts/demo/consent')).status).toBe(404);
  });

  it('answers a form only once', async () => {
    const form = parseForm((await getPage(sim, authorizePath({ scope: ALL }))).html);
    const fields: [string, string][] = [['request_id', form.hidden.request_id!], ['account', 'demo'], ['decision', 'allow']];
    expect((await postForm(sim, form.action, fields)).status).toBe(302);
    const again = await postForm(sim, form.action, fields);
    expect(again.status).toBe(400);
    expect(again.html).toContain('invalid_request');
  });
});

describe('code exchange', () => {
  it('grants the ticked scopes, with PKCE, a region-prefixed code and Tesla’s callback parameters', async () => {
    const { demo } = await accounts(sim);
    const { verifier, challenge } = pkcePair();
    const callback = await consent(
      sim,
      { scope: ALL, nonce: 'nonce-42', code_challenge: challenge, code_challenge_method: undefined },
      { account: 'demo', scopes: ['openid', 'offline_access', 'energy_device_data'] },
    );
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    const code = callback.searchParams.get('code')!;
    expect(code).toMatch(/^NA_/);
    expect(Object.fromEntries(callback.searchParams)).toEqual({ code, state: 'st-1', locale: 'en-US', issuer: `${sim.url}/oauth2/v3` });

    const badVerifier = await exchangeCode(sim, { code, code_verifier: pkcePair().verifier });
    expect(badVerifier).toEqual({ status: 400, body: { error: 'invalid_grant', error_description: 'PKCE verification failed' } });
    expect((await exchangeCode(sim, { code })).body.error_description).toBe('PKCE verification failed');
    const wrongRedirect = await exchangeCode(sim, { code, code_verifier: verifier, redirect_uri: 'http://127.0.0.1:9/other' });
    expect(wrongRedirect.status).toBe(400);
    expect(wrongRedirect.body.error).toBe('invalid_grant');

    const ok = await exchangeCode(sim, { code, code_verifier: verifier, audience: `${sim.url}/regions/na` });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 28800, state: 'st-1' });
    expect(ok.body.refresh_token).toMatch(/^NA_/);
    const claims = decodeJwt(ok.body.access_token);
    expect(claims).toMatchObject({ iss: `${sim.url}/oauth2/v3/nts`, sub: demo!.userId, azp: CLIENT_ID, ou_code: 'NA' });
    expect(claims.scp).toEqual(['openid', 'offline_access', 'energy_device_data']);
    expect(claims.aud).toContain(`${sim.url}/regions/na`);
    // Granted scopes decide what the Fleet API allows.
    expect((await get(sim, '/api/1/products', ok.body.access_token)).status).toBe(200);
    expect((await get(sim, '/api/1/vehicles', ok.body.access_token)).status).toBe(403);

    // The id_token passes a standard verification against the JWKS.
    const jwks = createRemoteJWKSet(new URL(`${sim.url}/oauth2/v3/discovery/thirdparty/keys`));
    // Dated in wall-clock time (OIDC clients check it against the real clock), unlike access tokens.
    const { payload, protectedHeader } = await jwtVerify(ok.body.id_token, jwks, { issuer: `${sim.url}/oauth2/v3`, audience: CLIENT_ID });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    expect(payload).toMatchObject({ sub: demo!.userId, nonce: 'nonce-42', auth_time: expect.any(Number) });
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(60);

    // Single use.
    expect(await exchangeCode(sim, { code, code_verifier: verifier })).toMatchObject({ status: 400, body: { error: 'invalid_auth_code' } });
    const counters = (await get(sim, '/sim/counters')).body;
    expect(counters.byEndpointAndDevice['token:authorization_code']).toBe(5);
  });

  it('leaves out the refresh token without offline_access and the id_token without openid', async () => {
    const callback = await consent(sim, { scope: 'energy_device_data' }, { account: 'demo' });
    const res = await exchangeCode(sim, { code: callback.searchParams.get('code')! });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'state', 'token_type']);
  });

  it('expires codes after 10 simulated minutes and rejects unknown ones', async () => {
    const callback = await consent(sim, { scope: ALL }, { account: 'demo' });
    await advance(sim, 601);
    const late = await exchangeCode(sim, { code: callback.searchParams.get('code')! });
    expect(late.status).toBe(400);
    expect(late.body.error).toBe('invalid_auth_code');
    expect((await exchangeCode(sim, { code: 'NA_nope' })).body.error).toBe('invalid_auth_code');
  });

  it('prefixes codes with the account’s region', async () => {
    const callback = await consent(sim, { scope: ALL }, { account: 'small' });
    const code = callback.searchParams.get('code')!;
    expect(code).toMatch(/^EU_/);
    const res = await exchangeCode(sim, { code });
    expect(res.body.refresh_token).toMatch(/^EU_/);
    expect(decodeJwt(res.body.access_token).ou_code).toBe('EU');
  });

  it('grants every requested scope when the app requires them', async () => {
    const page = await getPage(sim, authorizePath({ scope: ALL, require_requested_scopes: 'true' }));
    expect(parseForm(page.html).checkboxes.every((c) => c.checked && c.disabled)).toBe(true);
    const callback = await consent(sim, { scope: ALL, require_requested_scopes: 'true' }, { account: 'demo', scopes: [] });
    const res = await exchangeCode(sim, { code: callback.searchParams.get('code')! });
    expect(decodeJwt(res.body.access_token).scp).toEqual(ALL.split(' '));
  });
});

describe('consent reuse', () => {
  it('silently keeps an earlier consent unless prompt_missing_scopes=true', async () => {
    const scopesOf = async (callback: URL) =>
      decodeJwt((await exchangeCode(sim, { code: callback.searchParams.get('code')! })).body.access_token).scp;

    const first = await consent(sim, { scope: ALL }, { account: 'demo', scopes: ['openid', 'energy_device_data'] });
    expect(await scopesOf(first)).toEqual(['openid', 'energy_device_data']);
    expect((await get(sim, '/sim/accounts/demo/consent')).body).toEqual({ account: 'demo', clientId: CLIENT_ID, scopes: ['openid', 'energy_device_data'] });

    // Tesla's quirk: the boxes the user ticks now are ignored.
    const again = await consent(sim, { scope: `${ALL} vehicle_location` }, { account: 'demo' });
    expect(await scopesOf(again)).toEqual(['openid', 'energy_device_data']);

    const prompted = await consent(sim, { scope: `${ALL} vehicle_location`, prompt_missing_scopes: 'true' }, { account: 'demo' });
    expect(await scopesOf(prompted)).toEqual([...ALL.split(' '), 'vehicle_location']);
    expect((await get(sim, '/sim/accounts/demo/consent')).body.scopes).toEqual([...ALL.split(' '), 'vehicle_location']);

    // Consents are per account.
    const other = await consent(sim, { scope: ALL }, { account: 'small', scopes: ['openid'] });
    expect(await scopesOf(other)).toEqual(['openid']);
  });
});

describe('client authentication', () => {
  it('checks a configured secret when one is sent, by post or basic', async () => {
    const confidential = await boot({ clientSecret: 's3cret' });
    onTestFinished(() => confidential.close());
    const code = async () => (await consent(confidential, { scope: ALL }, { account: 'demo' })).searchParams.get('code')!;

    const wrong = await exchangeCode(confidential, { code: await code(), client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('unauthorized_client');
    const basicWrong = await exchangeCode(confidential, { code: await code() }, { authorization: `Basic ${Buffer.from(`${CLIENT_ID}:nope`).toString('base64')}` });
    expect(basicWrong.status).toBe(401);

    expect((await exchangeCode(confidential, { code: await code(), client_secret: 's3cret' })).status).toBe(200);
    const basic = await fetch(`${confidential.url}/oauth2/v3/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${CLIENT_ID}:s3cret`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: await code(), redirect_uri: REDIRECT_URI }).toString(),
    });
    expect(basic.status).toBe(200);
    // A public client (no secret) is fine too.
    expect((await exchangeCode(confidential, { code: await code() })).status).toBe(200);
    // An unknown client is not.
    expect((await exchangeCode(confidential, { code: await code(), client_id: 'who' })).body.error).toBe('unauthorized_client');
  });
});

describe('a standard OIDC client (openid-client)', () => {
  it('discovers, authorizes with PKCE + nonce and validates the id_token', async () => {
    // The simulated clock is frozen in 2025 here: id_tokens must still pass the real-clock checks.
    const live = await boot({ clientSecret: 's3cret' });
    onTestFinished(() => live.close());
    const config = await oidc.discovery(new URL(`${live.url}/oauth2/v3`), CLIENT_ID, undefined, oidc.ClientSecretBasic('s3cret'), {
      execute: [oidc.allowInsecureRequests],
    });
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: 'openid offline_access energy_device_data',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    const params = Object.fromEntries(url.searchParams);
    const callback = await consent(live, params, { account: 'demo' });

    const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true }, { redirect_uri: REDIRECT_URI });
    const { demo } = await accounts(live);
    expect(tokens.claims()).toMatchObject({ iss: `${live.url}/oauth2/v3`, aud: CLIENT_ID, sub: demo!.userId, nonce });
    expect(tokens.refresh_token).toMatch(/^NA_/);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(decodeJwt(refreshed.access_token).scp).toEqual(['openid', 'offline_access', 'energy_device_data']);
  });
});
