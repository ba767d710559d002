import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ReconnectLinks } from '../../src/connections/reconnect-links.js';
import { loadTokenVault } from '../../src/connections/token-vault.js';
import { consentAtTesla } from '../helpers/tesla-consent.js';
import { startTestStack, type TestStack } from '../helpers/test-stack.js';

/**
 * Issue 11 item 5: a reconnect link (in every INSUFFICIENT_SCOPES / ACCOUNT_NEEDS_REAUTH error,
 * which any key of the organization sees) must not let anyone connect *another* Tesla account into
 * the organization: it is bound to its connection's account, works once, and lasts 24 h; consent
 * sessions are purged once used.
 */

const LIVE = `query { sites(first: 1, filter: { hasBattery: true }) { edges { node { liveStatus { percentageCharged } } } } }`;
const ACCOUNTS = `query { teslaAccounts { id teslaUserId grantedScopes } }`;

describe('reconnect links', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** A connection missing energy_device_data: reading a site hands out a reconnect link. */
  async function linkFromError(apiKey: string): Promise<string> {
    const result = await stack.execute(LIVE, {}, apiKey);
    const error = result.errors!.find((e) => e.extensions?.['code'] === 'INSUFFICIENT_SCOPES')!;
    return (error.extensions!['remediation'] as { connectUrl: string }).connectUrl;
  }

  it('reconnects only the account it was made for, once, and purges the consent session', async () => {
    const org = await stack.createOrganization();
    await stack.connectAccount(org.organizationId, 'demo', ['openid', 'offline_access', 'vehicle_device_data']);
    const demo = (await stack.execute<{ teslaAccounts: { teslaUserId: string }[] }, unknown>(ACCOUNTS, {}, org.apiKey)).data!.teslaAccounts[0]!;

    // Someone who sees the error follows the link but signs in with another Tesla account.
    const link = await linkFromError(org.apiKey);
    const opened = await fetch(link, { redirect: 'manual' });
    expect(opened.status).toBe(302);
    const callback = await consentAtTesla(opened.headers.get('location')!, { account: 'small' });
    const refused = await fetch(callback);
    expect(await refused.text()).toContain('another Tesla account');
    const after = await stack.execute<{ teslaAccounts: { teslaUserId: string }[] }, unknown>(ACCOUNTS, {}, org.apiKey);
    expect(after.data!.teslaAccounts.map((c) => c.teslaUserId)).toEqual([demo.teslaUserId]);

    // The link worked once.
    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('already used');

    // A fresh link, with the right account: reconnected with the scopes ticked now.
    const fresh = await linkFromError(org.apiKey);
    const location = (await fetch(fresh, { redirect: 'manual' })).headers.get('location')!;
    const done = await fetch(await consentAtTesla(location, { account: 'demo' }));
    expect(await done.text()).toContain('Tesla account connected');
    const reconnected = await stack.execute<{ teslaAccounts: { teslaUserId: string; grantedScopes: string[] }[] }, unknown>(ACCOUNTS, {}, org.apiKey);
    expect(reconnected.data!.teslaAccounts).toHaveLength(1);
    expect(reconnected.data!.teslaAccounts[0]!.grantedScopes).toContain('energy_device_data');

    // No consent session is kept once used.
    const sessions = await stack.gateway.database.db.selectFrom('connect_sessions').select('id').where('organization_id', '=', org.organizationId).execute();
    expect(sessions).toEqual([]);
  });
});

describe('a reconnect link', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('expires after 24 hours and cannot be re-pointed', async () => {
    const vault = await loadTokenVault(randomBytes(32).toString('base64'), undefined);
    const links = new ReconnectLinks(vault, () => 'https://gw.example', 'https://auth.tesla.com/user/revoke/consent?revoke_client_id=x');
    const target = { id: '11111111-1111-4111-8111-111111111111', organization_id: '22222222-2222-4222-8222-222222222222', tesla_user_id: 'sub-1' };
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 30, 12) });
    const sealed = decodeURIComponent(new URL(links.create(target)).searchParams.get('link')!);
    expect(links.open(sealed)).toMatchObject({ connectionId: target.id, teslaUserId: 'sub-1', organizationId: target.organization_id });
    vi.setSystemTime(Date.UTC(2026, 10, 30, 12) + 24 * 3600_000 + 1000);
    expect(links.open(sealed)).toBeNull();
    // A tampered link does not open.
    expect(links.open(`${sealed.slice(0, -4)}AAAA`)).toBeNull();
  });
});
