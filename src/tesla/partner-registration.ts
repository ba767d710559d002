import { createPublicKey } from 'node:crypto';
import { TeslaApiError } from './errors.js';
import type { FleetApiClient } from './fleet-api-client.js';
import { DEFAULT_REQUESTED_SCOPES } from './scopes.js';
import { TeslaOAuthError } from './tesla-oauth.js';

/**
 * Tesla's one-time partner registration (tesla-fleet-api.md §2.6, §11): in each region, a partner
 * token (client_credentials, `audience` = that region's Fleet base), then
 * `POST /api/1/partner_accounts {domain}` — Tesla fetches the domain's well-known public key — and
 * `GET /api/1/partner_accounts/public_key?domain=` to see the key Tesla now holds, compared with the
 * key the gateway serves. Until this succeeds every Fleet API call there answers 412. Knows nothing
 * of the gateway's database.
 */

export interface PartnerRegion {
  region: string;
  baseUrl: string;
  /** A partner token for this base (each region may have its own app: China does). */
  partnerToken(audience: string, scopes: readonly string[]): Promise<string>;
}

export type PartnerRegistrationStatus = 'registered' | 'key_mismatch' | 'failed';

export interface PartnerRegistrationOutcome {
  region: string;
  baseUrl: string;
  status: PartnerRegistrationStatus;
  /** What happened, in words a person acts on; never a token. */
  message: string;
}

export interface RegisterPartnerOptions {
  regions: readonly PartnerRegion[];
  /** The host of PUBLIC_URL, without scheme or port: what customers see when pairing a key. */
  domain: string;
  /** The PEM the gateway serves at the well-known path. */
  publicKeyPem: string;
  clientFor(baseUrl: string, partnerToken: string): FleetApiClient;
  /** Scopes asked for in the partner token; default the ones the gateway uses. */
  scopes?: readonly string[];
}

export async function registerPartner(options: RegisterPartnerOptions): Promise<PartnerRegistrationOutcome[]> {
  const ours = p256KeyHex(options.publicKeyPem);
  if (!ours) throw new Error('the gateway\'s public key is not a P-256 (prime256v1) public key: fix TESLA_PUBLIC_KEY_FILE');
  const scopes = options.scopes ?? DEFAULT_REQUESTED_SCOPES.filter((s) => s !== 'offline_access');
  // One region at a time: a handful of calls, and the printed outcome reads in order.
  const outcomes: PartnerRegistrationOutcome[] = [];
  for (const region of options.regions) {
    outcomes.push(await registerIn(region, options, scopes, ours));
  }
  return outcomes;
}

async function registerIn(region: PartnerRegion, options: RegisterPartnerOptions, scopes: readonly string[], ours: string): Promise<PartnerRegistrationOutcome> {
  const outcome = (status: PartnerRegistrationStatus, message: string) => ({ region: region.region, baseUrl: region.baseUrl, status, message });
  try {
    const token = await region.partnerToken(region.baseUrl, scopes);
    const client = options.clientFor(region.baseUrl, token);
    await client.registerPartnerAccount(options.domain);
    const { public_key: theirs } = await client.partnerPublicKey(options.domain);
    if (p256KeyHex(theirs) !== ours) {
      return outcome(
        'key_mismatch',
        `registered ${options.domain}, but Tesla holds another public key than the one this gateway serves: serve the key of your command proxy's private key at /.well-known/appspecific/com.tesla.3p.public-key.pem and run tesla:register again`,
      );
    }
    return outcome('registered', `registered ${options.domain}; Tesla holds the key this gateway serves`);
  } catch (error) {
    return outcome('failed', describe(error));
  }
}

function describe(error: unknown): string {
  if (error instanceof TeslaOAuthError) return `Tesla refused the partner token (${error.teslaError ?? error.kind}): check TESLA_CLIENT_ID and TESLA_CLIENT_SECRET`;
  if (error instanceof TeslaApiError) {
    // Tesla's own words help here (e.g. the key could not be fetched); capped, never a token.
    const words = (error.teslaError ?? error.message).slice(0, 300);
    return `${error.endpoint} answered ${error.status || 'nothing'}: ${words}`;
  }
  return error instanceof Error ? error.message.slice(0, 300) : String(error);
}

/**
 * A P-256 public key as its uncompressed point in hex (`04‖x‖y`), from PEM, base64 DER or hex —
 * the forms Tesla and client libraries report it in — or null when it is none of them.
 */
export function p256KeyHex(text: string | null | undefined): string | null {
  if (!text) return null;
  const trimmed = text.trim();
  if (/^04[0-9a-f]{128}$/i.test(trimmed)) return trimmed.toLowerCase();
  try {
    const key = trimmed.includes('BEGIN') ? createPublicKey(trimmed) : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') return null;
    const jwk = key.export({ format: 'jwk' });
    return `04${Buffer.from(jwk.x!, 'base64url').toString('hex')}${Buffer.from(jwk.y!, 'base64url').toString('hex')}`;
  } catch {
    return null;
  }
}
