import { randomUUID } from 'node:crypto';
import type { RemediationLinks } from './upstream-errors.js';
import type { TokenVault } from './token-vault.js';

/**
 * Reconnect links travel in error messages (any key of the organization sees them) and in emails,
 * so they must not be a back door: each is bound to one connection's Tesla account (the consent
 * must come back with the same `sub`), expires in 24 h, and works once (ConnectFlow remembers
 * its id).
 */
export const RECONNECT_LINK_TTL_MS = 24 * 3600_000;

/** The account a reconnect link is for. */
export interface ReconnectTarget {
  id: string;
  organization_id: string;
  tesla_user_id: string;
  /** The account's Fleet API region ('na', 'eu', 'cn'): a `cn` account's consent is held by China's app. */
  region?: string | null;
}

/**
 * Tesla's revoke-consent page of China's separate Tesla, for the CN app's client id. Tesla documents
 * the global page (`https://auth.tesla.com/user/revoke/consent?revoke_client_id=…`, Fleet API
 * "Third-party tokens"); auth.tesla.cn serves auth.tesla.com's paths (authorize and token:
 * python-tesla-fleet-api `tesla/oauth.py`), so China's page is the same path on auth.tesla.cn.
 */
export function chinaRevokeConsentUrl(clientId: string): string {
  return `https://auth.tesla.cn/user/revoke/consent?revoke_client_id=${encodeURIComponent(clientId)}`;
}

export interface OpenedReconnectLink {
  linkId: string;
  organizationId: string;
  connectionId: string;
  teslaUserId: string;
  scopes: string[] | null;
  expiresAt: Date;
}

/**
 * Links a customer follows to fix a connection: Tesla's revoke-consent page for our client id, and
 * our own reconnect link. The reconnect link is sealed by the token vault (authenticated
 * encryption), so it cannot be forged or pointed at another organization or account, and needs no
 * storage until it is used.
 */
export class ReconnectLinks {
  constructor(
    private readonly vault: TokenVault,
    private readonly publicUrl: () => string,
    /** The global app's revoke page (auth.tesla.com, TESLA_CLIENT_ID). */
    private readonly revokeConsentUrl: string,
    /** China's (auth.tesla.cn, TESLA_CN_CLIENT_ID) when the gateway has a CN app; null: `cn` accounts are the global app's. */
    private readonly chinaRevokeConsentUrl: string | null = null,
  ) {}

  /** The revoke page of the app that holds the account's consent: China's for region `cn` when the gateway has a CN app. */
  revokeConsentUrlFor(connection: Pick<ReconnectTarget, 'region'>): string {
    return connection.region === 'cn' && this.chinaRevokeConsentUrl ? this.chinaRevokeConsentUrl : this.revokeConsentUrl;
  }

  /** Remediation for an existing connection: revoke page, and a link that reconnects that account only. */
  forConnection(connection: ReconnectTarget, scopes?: readonly string[]): RemediationLinks {
    return { revokeConsentUrl: this.revokeConsentUrlFor(connection), connectUrl: this.create(connection, scopes) };
  }

  /** Remediation where no connection exists yet (an import that failed): no reconnect link to hand out. */
  withoutConnection(): RemediationLinks {
    return { revokeConsentUrl: this.revokeConsentUrl, connectUrl: null };
  }

  create(connection: ReconnectTarget, scopes?: readonly string[]): string {
    const payload = { n: randomUUID(), o: connection.organization_id, c: connection.id, u: connection.tesla_user_id, s: scopes ?? null, e: Date.now() + RECONNECT_LINK_TTL_MS };
    const sealed = this.vault.seal(JSON.stringify(payload)).ciphertext;
    return `${this.publicUrl()}/oauth/tesla/connect?link=${encodeURIComponent(sealed)}`;
  }

  /** What a link was made for; null when forged, garbled, of the old unbound kind, or expired. */
  open(link: string): OpenedReconnectLink | null {
    try {
      const p = JSON.parse(this.vault.open(link)) as { n?: unknown; o?: unknown; c?: unknown; u?: unknown; s: string[] | null; e: number };
      if (typeof p.n !== 'string' || typeof p.o !== 'string' || typeof p.c !== 'string' || typeof p.u !== 'string' || !(p.e > Date.now())) return null;
      return { linkId: p.n, organizationId: p.o, connectionId: p.c, teslaUserId: p.u, scopes: p.s, expiresAt: new Date(p.e) };
    } catch {
      return null;
    }
  }
}
