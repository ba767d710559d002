import { randomBytes } from 'node:crypto';
import { ouCode, type Region } from '../fleet/account.js';

/**
 * Authorization codes: region-prefixed like Tesla's (`NA_…`, tesla-fleet-api.md §1.2), single
 * use, 10 simulated minutes. A failed exchange (bad PKCE verifier, wrong redirect_uri) does not
 * spend the code, so a test can retry with the right values.
 */

export interface CodeGrant {
  accountName: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string;
  nonce?: string;
  codeChallenge?: string;
  /** Simulated epoch ms of the sign-in (the id_token's `auth_time`). */
  authTime: number;
}

export const CODE_LIFETIME_MS = 10 * 60_000;

export class AuthorizationCodeStore {
  private readonly codes = new Map<string, { grant: CodeGrant; expiresAt: number; used: boolean }>();

  issue(grant: CodeGrant, region: Region, now: number): string {
    const code = `${ouCode(region)}_${randomBytes(24).toString('hex')}`;
    this.codes.set(code, { grant, expiresAt: now + CODE_LIFETIME_MS, used: false });
    return code;
  }

  /** The grant behind a code that can still be exchanged; unknown, used or expired → undefined. */
  find(code: string, now: number): CodeGrant | undefined {
    const entry = this.codes.get(code);
    return entry && !entry.used && entry.expiresAt > now ? entry.grant : undefined;
  }

  markUsed(code: string): void {
    const entry = this.codes.get(code);
    if (entry) entry.used = true;
  }

  clear(): void {
    this.codes.clear();
  }
}
