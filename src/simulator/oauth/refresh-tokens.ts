import { randomBytes, randomUUID } from 'node:crypto';
import { ouCode, type Region } from '../fleet/account.js';

/**
 * Opaque, region-prefixed (`NA_…`/`EU_…`) refresh tokens, grouped in grant chains: one chain per
 * completed consent (code exchange or admin mint), each refresh adding a link. Tesla's rules
 * (tesla-fleet-api.md §2.5):
 * - single use: spending the chain's newest token issues its successor, which supersedes every
 *   earlier unspent token of the chain;
 * - the most recently spent token stays usable for a grace period (24 h at Tesla) so a client
 *   that lost the response can retry; each such retry issues a fresh pair again;
 * - older, spent-beyond-grace, unknown, revoked or 3-month-old tokens are `login_required`.
 * With a grace of 0 a second spend fails loudly, which catches two gateway instances spending the
 * same token. Tesla does not say whether a grace retry supersedes the first successor; here it
 * does (only the newest issued token and the last spent one are ever valid).
 */

const REFRESH_LIFETIME_MS = 90 * 86_400_000;

export interface GrantChain {
  id: string;
  accountName: string;
  clientId: string;
  /** Scopes at the start of the chain; refreshes use the consent's current scopes when there is one. */
  scopes: string[];
  /** Simulated epoch ms of the sign-in that started the chain. */
  authTime: number;
  revoked: boolean;
  /** The only unspent token of the chain that is still valid. */
  newest?: string;
  lastSpent?: { token: string; at: number };
}

export class RefreshTokenStore {
  private readonly chains = new Map<string, GrantChain>();
  private readonly tokens = new Map<string, { chainId: string; expiresAt: number }>();

  constructor(private readonly graceMs: number) {}

  openChain(accountName: string, clientId: string, scopes: readonly string[], authTime: number): GrantChain {
    const chain: GrantChain = { id: randomUUID(), accountName, clientId, scopes: [...scopes], authTime, revoked: false };
    this.chains.set(chain.id, chain);
    return chain;
  }

  issue(chain: GrantChain, region: Region, now: number): string {
    const token = `${ouCode(region)}_${randomBytes(32).toString('hex')}`;
    this.tokens.set(token, { chainId: chain.id, expiresAt: now + REFRESH_LIFETIME_MS });
    chain.newest = token;
    return token;
  }

  /** The chain a token belongs to, without spending it (for checks that must not burn the token). */
  peek(token: string): GrantChain | undefined {
    const entry = this.tokens.get(token);
    return entry ? this.chains.get(entry.chainId) : undefined;
  }

  /** Spends the token and returns its chain, or null if it cannot be used; the caller issues the successor. */
  spend(token: string, now: number): GrantChain | null {
    const entry = this.tokens.get(token);
    const chain = entry ? this.chains.get(entry.chainId) : undefined;
    if (!entry || !chain || chain.revoked || entry.expiresAt <= now) return null;
    if (chain.newest === token) {
      delete chain.newest;
      chain.lastSpent = { token, at: now };
      return chain;
    }
    const inGrace = chain.lastSpent?.token === token && now - chain.lastSpent.at < this.graceMs;
    return inGrace ? chain : null;
  }

  chainsOf(accountName: string, clientId: string): GrantChain[] {
    return [...this.chains.values()].filter((c) => c.accountName === accountName && c.clientId === clientId && !c.revoked);
  }

  revoke(chain: GrantChain): void {
    chain.revoked = true;
    delete chain.newest;
    delete chain.lastSpent;
  }

  clear(): void {
    this.chains.clear();
    this.tokens.clear();
  }
}
