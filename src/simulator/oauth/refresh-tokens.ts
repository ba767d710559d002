import { randomBytes } from 'node:crypto';
import { ouCode, type Account } from '../fleet/account.js';

/**
 * Opaque, region-prefixed (`NA_…`/`EU_…`), single-use refresh tokens. Spending one issues its
 * successor; a spent, unknown or expired token is `login_required`, as at Tesla. (Tesla's 24-hour
 * grace for the most recently spent token is deliberately not modelled: reuse must fail loudly
 * in tests so that two gateway instances spending the same token are caught.)
 */

const REFRESH_LIFETIME_MS = 90 * 86_400_000;

export interface RefreshGrant {
  accountName: string;
  scopes: string[];
  clientId: string;
  expiresAt: number;
  spent: boolean;
}

export class RefreshTokenStore {
  private readonly grants = new Map<string, RefreshGrant>();

  issue(account: Account, scopes: readonly string[], clientId: string, now: number): string {
    const token = `${ouCode(account.region)}_${randomBytes(32).toString('hex')}`;
    this.grants.set(token, { accountName: account.name, scopes: [...scopes], clientId, expiresAt: now + REFRESH_LIFETIME_MS, spent: false });
    return token;
  }

  /** Marks the token spent and returns its grant, or null if it cannot be used. */
  spend(token: string, now: number): RefreshGrant | null {
    const grant = this.grants.get(token);
    if (!grant || grant.spent || grant.expiresAt <= now) return null;
    grant.spent = true;
    return grant;
  }

  peek(token: string): RefreshGrant | undefined {
    return this.grants.get(token);
  }

  clear(): void {
    this.grants.clear();
  }
}
