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
import { ouCode, type Account, type OuCode } from '../fleet/account.js';
import { audienceBaseUrls } from '../regions.js';

/**
 * Signs and checks the sandbox's RS256 access tokens, shaped like Tesla's (tesla-fleet-api.md
 * §1.2): `iss …/oauth2/v3/nts`, `scp`, `ou_code`, `aud` listing the regional Fleet bases, 8-hour
 * lifetime by default. Times run on the clock's tokenNow() (wall clock plus advances), so a
 * gateway's real clock agrees with them and tests can still expire a token by advancing the clock. Each token carries a `jti` the issuer remembers with its grant chain, so a
 * refresh, a revoked consent or a world reset can invalidate tokens handed out before it.
 */

export const ACCESS_TOKEN_LIFETIME_S = 28_800;

export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  scp: string[];
  ou_code: OuCode;
  azp: string;
  jti: string;
}

export interface AccessTokenRequest {
  chainId: string;
  clientId: string;
  expiresIn: number;
  /** Simulated epoch ms of the sign-in. */
  authTime: number;
}

export interface IdTokenRequest {
  clientId: string;
  expiresIn: number;
  authTime: number;
  nonce?: string | undefined;
}

export type VerifyResult =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: 'invalid' | 'expired' };

/** Verified tokens remembered at most (then forgotten all at once). */
const VERIFIED_TOKENS_KEPT = 10_000;

export class TokenIssuer {
  /**
   * Tokens whose signature was checked, with their claims: an RS256 check per call was a tenth of
   * the simulator's time in a fleet dispatch. Expiry and revocation are still checked every call.
   */
  private readonly verified = new Map<string, AccessTokenClaims>();
  /** jti → grant chain of every access token that has not been revoked. */
  private readonly liveTokens = new Map<string, string>();

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly publicJwk: JWK,
    private readonly clock: SimulatedClock,
    readonly baseUrl: string,
    /** When set, id_tokens carry this `iss` instead of the discovery issuer (Tesla's hosts differ by document and environment). */
    private readonly idTokenIssuer?: string,
  ) {}

  static async create(clock: SimulatedClock, baseUrl: string, idTokenIssuer?: string): Promise<TokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    return new TokenIssuer(privateKey, publicKey, { ...jwk, kid, alg: 'RS256', use: 'sig' }, clock, baseUrl, idTokenIssuer);
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

  async mintAccessToken(account: Account, scopes: readonly string[], request: AccessTokenRequest): Promise<string> {
    const iat = Math.floor(this.clock.tokenNow() / 1000);
    const jti = randomUUID();
    this.liveTokens.set(jti, request.chainId);
    return new SignJWT({
      azp: request.clientId,
      scp: [...scopes],
      amr: ['pwd', 'mfa', 'otp'],
      auth_time: Math.floor(request.authTime / 1000),
      ou_code: ouCode(account.region),
      locale: account.locale,
      account_type: 'person',
      open_source: false,
      account_id: account.vaultUuid,
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid, typ: 'JWT' })
      .setIssuer(this.accessTokenIssuer)
      .setSubject(account.userId)
      // The unprefixed (global) base first: existing callers verify with `audience: url`.
      .setAudience([this.baseUrl, ...audienceBaseUrls(this.baseUrl, account.region), `${this.baseUrl}/oauth2/v3/userinfo`])
      .setIssuedAt(iat)
      .setExpirationTime(iat + request.expiresIn)
      .setJti(jti)
      .sign(this.privateKey);
  }

  /**
   * A partner token (client_credentials grant): the app itself, no person behind it. `aud` is the
   * Fleet base it asked for; the partner endpoints (`partner_accounts`) take only these.
   */
  async mintPartnerToken(clientId: string, scopes: readonly string[], audience: string, expiresIn: number): Promise<string> {
    const iat = Math.floor(this.clock.tokenNow() / 1000);
    const jti = randomUUID();
    this.liveTokens.set(jti, `partner:${clientId}`);
    return new SignJWT({ azp: clientId, scp: [...scopes], gty: 'client-credentials' })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid, typ: 'JWT' })
      .setIssuer(this.accessTokenIssuer)
      .setSubject(`partner:${clientId}`)
      .setAudience([audience])
      .setIssuedAt(iat)
      .setExpirationTime(iat + expiresIn)
      .setJti(jti)
      .sign(this.privateKey);
  }

  /**
   * An OIDC id_token a standard client accepts: iss = the discovery issuer, aud = client_id.
   * Unlike access tokens it is dated in wall-clock time: OIDC clients (openid-client) check
   * iat/exp against the real clock, and a frozen or far-away simulated clock would make them
   * reject every id_token. `auth_time` keeps the simulated distance to the sign-in.
   */
  async mintIdToken(account: Account, request: IdTokenRequest): Promise<string> {
    const wallNow = Date.now();
    const iat = Math.floor(wallNow / 1000);
    const authTime = Math.floor((wallNow - Math.max(0, this.clock.now() - request.authTime)) / 1000);
    return new SignJWT({
      email: account.email,
      name: account.fullName,
      auth_time: authTime,
      ...(request.nonce ? { nonce: request.nonce } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.publicJwk.kid, typ: 'JWT' })
      .setIssuer(this.idTokenIssuer ?? this.oidcIssuer)
      .setSubject(account.userId)
      .setAudience(request.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + request.expiresIn)
      .sign(this.privateKey);
  }

  async verify(token: string): Promise<VerifyResult> {
    let claims = this.verified.get(token);
    if (!claims) {
      try {
        const { payload } = await jwtVerify(token, this.publicKey, {
          issuer: this.accessTokenIssuer,
          algorithms: ['RS256'],
          currentDate: new Date(this.clock.tokenNow()),
        });
        claims = payload as AccessTokenClaims;
      } catch (error) {
        const code = (error as { code?: string }).code;
        return { ok: false, reason: code === 'ERR_JWT_EXPIRED' ? 'expired' : 'invalid' };
      }
      if (typeof claims.jti !== 'string' || !Array.isArray(claims.scp) || typeof claims.sub !== 'string' || typeof claims.azp !== 'string') return { ok: false, reason: 'invalid' };
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.clear();
      this.verified.set(token, claims);
    } else if (typeof claims.exp === 'number' && claims.exp <= Math.floor(this.clock.tokenNow() / 1000)) {
      // What jwtVerify says of an expired token (its clock may have moved since the signature was checked).
      return { ok: false, reason: 'expired' };
    }
    if (!this.liveTokens.has(claims.jti)) return { ok: false, reason: 'invalid' };
    return { ok: true, claims };
  }

  /** Invalidates every access token of one grant chain issued so far. */
  revokeChain(chainId: string): void {
    for (const [jti, chain] of this.liveTokens) if (chain === chainId) this.liveTokens.delete(jti);
  }

  /** Forget every token issued so far (world reset). */
  revokeAll(): void {
    this.liveTokens.clear();
  }
}
