import { createPublicKey } from 'node:crypto';
import type { Region } from '../fleet/account.js';
import { isRegion, regionBaseUrl } from '../regions.js';
import type { Handler, HttpContext } from './context.js';
import { notFound, teslaError, teslaOk, type Reply } from './replies.js';
import type { Router } from './router.js';

/**
 * Tesla's partner endpoints (tesla-fleet-api.md §2.6, developer.tesla.com "Partner Endpoints"):
 * `POST /api/1/partner_accounts {domain}` registers the app in the region of the host it is sent to,
 * after Tesla fetched the PEM P-256 key from `https://<domain>/.well-known/appspecific/
 * com.tesla.3p.public-key.pem`; `GET /api/1/partner_accounts/public_key?domain=` shows the key
 * Tesla holds. Both take only a partner token (client_credentials) whose audience is that host.
 * Neither is subject to the 412 of an unregistered region: registering is how it goes away.
 * Tesla does not publish its refusal texts here; ours name the cause. The unprefixed `/api/1` host
 * stands for NA. The simulator fetches a domain at `https://<domain>` unless `/sim/partner-domains`
 * says where it is served (a sandbox gateway listens on http://localhost:<port>).
 */

export const PUBLIC_KEY_PATH = '/.well-known/appspecific/com.tesla.3p.public-key.pem';
const KEY_FETCH_TIMEOUT_MS = 5_000;

interface PartnerCaller {
  clientId: string;
  region: Region;
}

function regionOf(ctx: HttpContext): Region | undefined {
  const region = ctx.params.region;
  if (region === undefined) return 'na';
  return isRegion(region) ? region : undefined;
}

async function authenticatePartner(ctx: HttpContext): Promise<PartnerCaller | Reply> {
  const region = regionOf(ctx);
  if (!region) return notFound();
  const token = /^Bearer\s+(\S+)\s*$/i.exec(ctx.req.headers.authorization ?? '')?.[1];
  if (!token) return teslaError(401, 'invalid bearer token');
  const result = await ctx.sandbox.issuer.verify(token);
  if (!result.ok) return teslaError(401, result.reason === 'expired' ? 'token expired (401)' : 'invalid bearer token');
  if (result.claims['gty'] !== 'client-credentials') {
    return teslaError(403, 'This endpoint requires a partner authentication token (grant_type=client_credentials)');
  }
  const audiences = ([] as unknown[]).concat(result.claims.aud ?? []);
  const host = ctx.params.region === undefined ? ctx.sandbox.url : regionBaseUrl(ctx.sandbox.url, region);
  if (!audiences.includes(host)) return teslaError(401, `the partner token's audience is not ${host}`);
  return { clientId: result.claims.azp, region };
}

/** The uncompressed P-256 point in hex (`04‖x‖y`), or why the text is not such a key. */
export function p256PointHex(pem: string): { hex: string } | { problem: string } {
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      return { problem: 'is not an EC key on the secp256r1 (prime256v1) curve' };
    }
    const jwk = key.export({ format: 'jwk' });
    return { hex: `04${Buffer.from(jwk.x!, 'base64url').toString('hex')}${Buffer.from(jwk.y!, 'base64url').toString('hex')}` };
  } catch {
    return { problem: 'is not a PEM-encoded public key' };
  }
}

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;

const register: Handler = async (ctx) => {
  const { sandbox } = ctx;
  sandbox.counters.record('partner_accounts');
  const caller = await authenticatePartner(ctx);
  if (!('clientId' in caller)) return caller;
  const body = await ctx.body();
  const domain = typeof body.domain === 'string' ? body.domain.trim().toLowerCase() : '';
  if (!DOMAIN.test(domain)) return teslaError(400, 'domain must be a host name such as example.com (no scheme, port or path)');
  const keyUrl = `${sandbox.partnerRegistration.originOf(domain)}${PUBLIC_KEY_PATH}`;
  let pem: string;
  try {
    const response = await fetch(keyUrl, { signal: AbortSignal.any([AbortSignal.timeout(KEY_FETCH_TIMEOUT_MS), sandbox.shutdown.signal]) });
    if (!response.ok) return teslaError(400, `could not fetch the public key at https://${domain}${PUBLIC_KEY_PATH}: HTTP ${response.status}`);
    pem = await response.text();
  } catch {
    return teslaError(400, `could not fetch the public key at https://${domain}${PUBLIC_KEY_PATH}`);
  }
  const key = p256PointHex(pem);
  if ('problem' in key) return teslaError(400, `the key at https://${domain}${PUBLIC_KEY_PATH} ${key.problem}`);
  const now = sandbox.now();
  sandbox.partnerRegistration.register(caller.region, { domain, publicKeyHex: key.hex, registeredAt: now });
  const stamp = new Date(now).toISOString();
  return teslaOk({
    client_id: caller.clientId,
    domain,
    name: 'derms-gateway sandbox app',
    description: 'registered with the derms-gateway simulator',
    public_key: key.hex,
    ca: null,
    csr: null,
    csr_updated_at: null,
    issuer: null,
    enterprise_tier: 'pay_as_you_go',
    created_at: stamp,
    updated_at: stamp,
  });
};

const publicKey: Handler = async (ctx) => {
  const { sandbox } = ctx;
  sandbox.counters.record('partner_public_key');
  const caller = await authenticatePartner(ctx);
  if (!('clientId' in caller)) return caller;
  const domain = (ctx.url.searchParams.get('domain') ?? '').trim().toLowerCase();
  const account = sandbox.partnerRegistration.account(caller.region);
  if (!account || account.domain !== domain) return notFound();
  return teslaOk({ public_key: account.publicKeyHex });
};

export function addPartnerAccountRoutes(router: Router<Handler>): void {
  // The public_key path before any catch-all; the router takes the first match.
  for (const prefix of ['', '/regions/:region']) {
    router.add('GET', `${prefix}/api/1/partner_accounts/public_key`, publicKey).add('POST', `${prefix}/api/1/partner_accounts`, register);
  }
}
