import { SimulatedClock } from './clock.js';
import { RequestCounters } from './counters.js';
import type { Account } from './fleet/account.js';
import { FaultInjector } from './faults.js';
import { RefreshTokenStore } from './oauth/refresh-tokens.js';
import { ACCESS_TOKEN_LIFETIME_S, TokenIssuer } from './oauth/token-issuer.js';
import { DataRateLimiter } from './rate-limits.js';
import { World } from './world.js';

/**
 * Everything one running simulator holds: the world, its clock, the OAuth server's state and
 * the test controls. The HTTP layer is a thin shell around this.
 */

export interface SandboxOptions {
  url: string;
  seed: number;
  speed: number;
  startTime: number;
  clientId: string;
  dataPerMinute: number;
}

export interface TokenSet {
  access_token: string;
  refresh_token: string;
  id_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

export class Sandbox {
  world: World;
  readonly clock: SimulatedClock;
  readonly refreshTokens = new RefreshTokenStore();
  readonly faults = new FaultInjector();
  readonly counters = new RequestCounters();
  readonly rateLimiter: DataRateLimiter;
  /** Aborted on close so that injected latencies do not hold the process open. */
  readonly shutdown = new AbortController();

  private constructor(
    readonly options: SandboxOptions,
    clock: SimulatedClock,
    readonly issuer: TokenIssuer,
  ) {
    this.clock = clock;
    this.world = new World(options.seed, options.startTime);
    this.rateLimiter = new DataRateLimiter(options.dataPerMinute);
  }

  static async create(options: SandboxOptions): Promise<Sandbox> {
    const clock = new SimulatedClock(options.startTime, options.speed);
    const issuer = await TokenIssuer.create(clock, options.url, options.clientId);
    return new Sandbox(options, clock, issuer);
  }

  get url(): string {
    return this.options.url;
  }

  now(): number {
    return this.clock.now();
  }

  /** Back to the seed's world; the clock keeps running (it is not part of the world). */
  reset(): void {
    this.world = new World(this.options.seed, this.options.startTime);
    this.faults.clear();
    this.counters.reset();
    this.rateLimiter.reset();
    this.refreshTokens.clear();
    this.issuer.revokeAll();
  }

  /** What a completed consent (or a refresh) hands the client. */
  async issueTokens(
    account: Account,
    scopes: readonly string[],
    options: { expiresIn?: number; nonce?: string } = {},
  ): Promise<TokenSet> {
    const expiresIn = options.expiresIn ?? ACCESS_TOKEN_LIFETIME_S;
    const accessToken = await this.issuer.mintAccessToken(account, scopes, expiresIn);
    const refreshToken = this.refreshTokens.issue(account, scopes, this.options.clientId, this.now());
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      ...(scopes.includes('openid') ? { id_token: await this.issuer.mintIdToken(account, options.nonce) } : {}),
      expires_in: expiresIn,
      token_type: 'Bearer',
    };
  }
}
