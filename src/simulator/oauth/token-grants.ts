import type { Account } from '../fleet/account.js';
import type { ConsentStore } from './consents.js';
import type { GrantChain, RefreshTokenStore } from './refresh-tokens.js';
import type { TokenIssuer } from './token-issuer.js';

/**
 * Token sets for grant chains: a chain starts when a consent completes (code exchange or admin
 * mint) and grows with each refresh. Tesla's rules applied here (tesla-fleet-api.md §2.5): a
 * refresh invalidates the access tokens issued before it in the chain (since 2024-02), refreshed
 * tokens carry the consent's *current* scopes, and revoking a consent kills every chain of it.
 */

export interface TokenGrantSettings {
  accessTokenLifetimeS: number;
  revokeAccessTokensOnRefresh: boolean;
}

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

export interface StartOptions {
  /** Tesla hands out a refresh token only with `offline_access`; the admin mint always does. */
  withRefreshToken: boolean;
  /** Per-token override of the access token lifetime (admin mint). */
  expiresIn?: number | undefined;
  nonce?: string | undefined;
  /** Simulated epoch ms of the sign-in; defaults to now. */
  authTime?: number | undefined;
}

export class TokenGrants {
  constructor(
    private readonly issuer: TokenIssuer,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly consents: ConsentStore,
    private readonly now: () => number,
    private readonly settings: TokenGrantSettings,
  ) {}

  start(account: Account, clientId: string, scopes: readonly string[], options: StartOptions): Promise<TokenSet> {
    const chain = this.refreshTokens.openChain(account.name, clientId, scopes, options.authTime ?? this.now());
    return this.issue(account, chain, scopes, options);
  }

  /** Spends a refresh token; null means `login_required`. */
  async refresh(token: string, findAccount: (name: string) => Account | undefined): Promise<TokenSet | null> {
    const chain = this.refreshTokens.spend(token, this.now());
    const account = chain ? findAccount(chain.accountName) : undefined;
    if (!chain || !account) return null;
    const scopes = this.consents.get(chain.accountName, chain.clientId)?.scopes ?? chain.scopes;
    if (this.settings.revokeAccessTokensOnRefresh) this.issuer.revokeChain(chain.id);
    return this.issue(account, chain, scopes, { withRefreshToken: true });
  }

  /** The owner withdrew the app's access: the consent and every token of it stop working. */
  revokeConsent(accountName: string, clientId: string): { hadConsent: boolean; revokedChains: number } {
    const chains = this.refreshTokens.chainsOf(accountName, clientId);
    for (const chain of chains) {
      this.refreshTokens.revoke(chain);
      this.issuer.revokeChain(chain.id);
    }
    return { hadConsent: this.consents.remove(accountName, clientId), revokedChains: chains.length };
  }

  private async issue(account: Account, chain: GrantChain, scopes: readonly string[], options: StartOptions): Promise<TokenSet> {
    const expiresIn = options.expiresIn ?? this.settings.accessTokenLifetimeS;
    const common = { clientId: chain.clientId, authTime: chain.authTime };
    const accessToken = await this.issuer.mintAccessToken(account, scopes, { ...common, chainId: chain.id, expiresIn });
    const idToken = scopes.includes('openid')
      ? await this.issuer.mintIdToken(account, { ...common, expiresIn: this.settings.accessTokenLifetimeS, nonce: options.nonce })
      : undefined;
    return {
      access_token: accessToken,
      ...(options.withRefreshToken ? { refresh_token: this.refreshTokens.issue(chain, account.region, this.now()) } : {}),
      ...(idToken ? { id_token: idToken } : {}),
      expires_in: expiresIn,
      token_type: 'Bearer',
    };
  }
}
