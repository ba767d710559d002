import type { RemediationLinks } from './upstream-errors.js';
import type { TokenVault } from './token-vault.js';

/** Reconnect links travel in error messages and emails; they start a fresh consent when opened. */
const RECONNECT_LINK_TTL_MS = 7 * 24 * 3600_000;

/**
 * Links a customer follows to fix a connection: Tesla's revoke-consent page for our client id, and
 * our own reconnect link. The reconnect link is sealed by the token vault (authenticated
 * encryption), so it cannot be forged or pointed at another organization, and needs no storage.
 */
export class ReconnectLinks {
  constructor(
    private readonly vault: TokenVault,
    private readonly publicUrl: () => string,
    private readonly revokeConsentUrl: string,
  ) {}

  forOrganization(organizationId: string, scopes?: readonly string[]): RemediationLinks {
    return { revokeConsentUrl: this.revokeConsentUrl, connectUrl: this.create(organizationId, scopes) };
  }

  create(organizationId: string, scopes?: readonly string[]): string {
    const sealed = this.vault.seal(JSON.stringify({ o: organizationId, s: scopes ?? null, e: Date.now() + RECONNECT_LINK_TTL_MS })).ciphertext;
    return `${this.publicUrl()}/oauth/tesla/connect?link=${encodeURIComponent(sealed)}`;
  }

  /** The organization and scopes a link was made for; null when forged, garbled or expired. */
  open(link: string): { organizationId: string; scopes: string[] | null } | null {
    try {
      const payload = JSON.parse(this.vault.open(link)) as { o: string; s: string[] | null; e: number };
      if (typeof payload.o !== 'string' || payload.e < Date.now()) return null;
      return { organizationId: payload.o, scopes: payload.s };
    } catch {
      return null;
    }
  }
}
