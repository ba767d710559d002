import { randomUUID } from 'node:crypto';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { SimulatedClock } from '../clock.js';
import { ouCode, type Account } from '../fleet/account.js';

/**
 * Signs and checks the sandbox's RS256 access tokens, shaped like Tesla's (tesla-fleet-api.md
 * §1.2): `iss …/oauth2/v3/nts`, `scp`, `ou_code`, 8-hour lifetime. Times come from the simulated
 * clock so tests can expire a token by advancing it. Each token carries a `jti` the issuer
 * remembers, so a world reset invalidates every token handed out before it.
 */

export const ACCESS_TOKEN_LIFETIME_S = 28_800;

export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  scp: string[];
  ou_code: 'NA' | 'EU';
  jti: string;
}

export type VerifyResult =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: 'invalid' | 'expired' };

export class TokenIssuer {
  private readonly liveTokenIds = new Set<string>();

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly publicJwk: JWK,
    private readonly clock: SimulatedClock,
    readonly baseUrl: string,
    readonly clientId: string,
  ) {}

  static async create(clock: SimulatedClock, baseUrl: string, clientId: string): Promise<TokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return new TokenIssuer(privateKey, publicKey, { ...jwk, kid, alg: 'RS256', use: 'sig' }, clock, baseUrl, clientId);
  }

  get accessTokenIssuer(): string {
    return `${this.baseUrl}/oauth2/v3/nts`;
  }

  /** The OIDC issuer of the discovery document and of id tokens. */
  get oidcIssuer(): string {
    return `${this.baseUrl}/oauth2/v3`;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  async mintAccessToken(account: Account, scopes: readonly string[], expiresIn = ACCESS_TOKEN_LIFETIME_S): Promise<string> {
    const iat = Math.floor(this.clock.now() / 1000);
    const jti = randomUUID();
    this.liveTokenIds.add(jti);
    return new SignJWT({
      azp: this.clientId,
      scp: [...scopes],
      amr: ['pwd', 'mfa', 'otp'],
      auth_time: iat,
      ou_code: ouCode(account.region),
      locale: account.locale,
      account_type: 'person',
      open_source: false,
      account_id: account.vaultUuid,
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid, typ: 'JWT' })
      .setIssuer(this.accessTokenIssuer)
      .setSubject(account.userId)
      .setAudience([this.baseUrl, `${this.baseUrl}/oauth2/v3/userinfo`])
      .setIssuedAt(iat)
      .setExpirationTime(iat + expiresIn)
      .setJti(jti)
      .sign(this.privateKey);
  }

  async mintIdToken(account: Account, nonce?: string): Promise<string> {
    const iat = Math.floor(this.clock.now() / 1000);
    return new SignJWT({ email: account.email, name: account.fullName, ...(nonce ? { nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid, typ: 'JWT' })
      .setIssuer(this.oidcIssuer)
      .setSubject(account.userId)
      .setAudience(this.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_LIFETIME_S)
      .sign(this.privateKey);
  }

  async verify(token: string): Promise<VerifyResult> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.accessTokenIssuer,
        algorithms: ['RS256'],
        currentDate: new Date(this.clock.now()),
      });
      const claims = payload as AccessTokenClaims;
      if (typeof claims.jti !== 'string' || !this.liveTokenIds.has(claims.jti)) return { ok: false, reason: 'invalid' };
      if (!Array.isArray(claims.scp) || typeof claims.sub !== 'string') return { ok: false, reason: 'invalid' };
      return { ok: true, claims };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
    }
  }

  /** Forget every token issued so far (world reset). */
  revokeAll(): void {
    this.liveTokenIds.clear();
  }
}
