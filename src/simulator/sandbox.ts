import { setMaxListeners } from 'node:events';
import { SimulatedClock } from './clock.js';
import { RequestCounters } from './counters.js';
import type { Account } from './fleet/account.js';
import { FaultInjector } from './faults.js';
import { AuthorizationCodeStore } from './oauth/authorization-codes.js';
import { AuthorizeRequestStore } from './oauth/authorize-requests.js';
import { ConsentStore } from './oauth/consents.js';
import { RefreshTokenStore } from './oauth/refresh-tokens.js';
import { TokenGrants, type TokenSet } from './oauth/token-grants.js';
import { TokenIssuer } from './oauth/token-issuer.js';
import { Powerhub, type PowerhubOptions } from './powerhub/powerhub.js';
import { RateLimits } from './rate-limits.js';
import type { RegisteredClient } from './oauth/client-auth.js';
import { PartnerRegistration } from './regions.js';
import { VehicleWakes } from './vehicle-wakes.js';
import { World } from './world.js';

export type { TokenSet } from './oauth/token-grants.js';

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
  /** When set, a token request that sends a secret must send this one. */
  clientSecret: string | undefined;
  /** When set, the only redirect_uris /authorize accepts (exact match); otherwise any http(s) URL. */
  allowedRedirectUris: readonly string[] | undefined;
  dataPerMinute: number;
  commandsPerMinute: number;
  wakesPerMinute: number;
  /** Wall-clock delay between `wake_up` and an asleep car reporting `online`. */
  wakeDelaySeconds: number;
  /** 'current' = Tesla's mixed reply shapes since 2025-07; 'legacy' = `{code:201,message}` everywhere. */
  energyCommandDialect: 'current' | 'legacy';
  accessTokenLifetimeSeconds: number;
  refreshGraceSeconds: number;
  revokeAccessTokensOnRefresh: boolean;
  /** Sites of the optional `large` account; 0 = no such account. */
  largeAccountSites: number;
  /** Cars of the optional `large` account (more than 100 exercise vehicle-list pagination). */
  largeAccountVehicles?: number;
  /** Days of history before the start time (calendar_history), at least 1. */
  historyDays: number;
  /** An id_token `iss` other than the discovery issuer, as Tesla's documents disagree on hosts. */
  idTokenIssuer: string | undefined;
  /** The modeled Powerhub instance's client credentials and token lifetime. */
  powerhub: PowerhubOptions;
  /** China's separate app (auth.tesla.cn), known to the one OAuth server beside the global client. */
  cnClient: RegisteredClient | undefined;
  /** Every region starts registered (no partner_accounts call needed); default: none, as at Tesla. */
  partnerRegistered: boolean;
}

export class Sandbox {
  world: World;
  /** Over `world`: rebuilt with it on reset. */
  powerhub: Powerhub;
  readonly clock: SimulatedClock;
  readonly refreshTokens: RefreshTokenStore;
  readonly consents = new ConsentStore();
  readonly authorizeRequests = new AuthorizeRequestStore();
  readonly authorizationCodes = new AuthorizationCodeStore();
  readonly tokens: TokenGrants;
  readonly partnerRegistration: PartnerRegistration;
  /** Random faults draw from their own fork of the seed. */
  readonly faults: FaultInjector;
  /** Set through `POST /sim/billing`: the app's billing limit is used up and every Fleet API call is refused. */
  billingLimit: { status: 402 | 403 } | null = null;
  readonly counters = new RequestCounters();
  readonly rateLimits: RateLimits;
  readonly wakes: VehicleWakes;
  /** Aborted on close so that injected latencies do not hold the process open (many wait on it at once). */
  readonly shutdown = new AbortController();

  private constructor(
    readonly options: SandboxOptions,
    clock: SimulatedClock,
    readonly issuer: TokenIssuer,
  ) {
    this.clock = clock;
    this.faults = new FaultInjector(options.seed);
    setMaxListeners(0, this.shutdown.signal);
    this.partnerRegistration = new PartnerRegistration(options.partnerRegistered);
    this.world = new World(options.seed, options.startTime, { largeAccountSites: options.largeAccountSites, largeAccountVehicles: options.largeAccountVehicles ?? 0, historyDays: options.historyDays });
    this.powerhub = this.newPowerhub();
    this.rateLimits = new RateLimits({ data: options.dataPerMinute, commands: options.commandsPerMinute, wakes: options.wakesPerMinute });
    this.wakes = new VehicleWakes(options.wakeDelaySeconds * 1000);
    this.refreshTokens = new RefreshTokenStore(options.refreshGraceSeconds * 1000);
    this.tokens = new TokenGrants(issuer, this.refreshTokens, this.consents, () => this.now(), {
      accessTokenLifetimeS: options.accessTokenLifetimeSeconds,
      revokeAccessTokensOnRefresh: options.revokeAccessTokensOnRefresh,
    });
  }

  static async create(options: SandboxOptions): Promise<Sandbox> {
    const clock = new SimulatedClock(options.startTime, options.speed);
    const issuer = await TokenIssuer.create(clock, options.url, options.idTokenIssuer);
    return new Sandbox(options, clock, issuer);
  }

  get url(): string {
    return this.options.url;
  }

  now(): number {
    return this.clock.now();
  }

  /** Back to the seed's world (regions and Powerhub included); the clock keeps running (it is not part of the world). */
  reset(): void {
    this.world = new World(this.options.seed, this.options.startTime, { largeAccountSites: this.options.largeAccountSites, largeAccountVehicles: this.options.largeAccountVehicles ?? 0, historyDays: this.options.historyDays });
    this.powerhub = this.newPowerhub();
    this.faults.clear();
    this.billingLimit = null;
    this.counters.reset();
    this.rateLimits.reset();
    this.wakes.clear();
    this.refreshTokens.clear();
    this.consents.clear();
    this.authorizeRequests.clear();
    this.authorizationCodes.clear();
    this.partnerRegistration.reset();
    this.issuer.revokeAll();
  }

  /** Powerhub's sites, tokens and dispatches over the current world. */
  private newPowerhub(): Powerhub {
    const { options } = this;
    return new Powerhub(options.powerhub, this.world, options.seed, options.startTime, () => this.clock.tokenNow());
  }

  /**
   * The admin mint: what a consent screen the user completed with exactly these scopes hands the
   * client, so it also replaces the account's consent for the sandbox client. Always includes a
   * refresh token (callers rely on it), unlike a code exchange without `offline_access`.
   */
  issueTokens(account: Account, scopes: readonly string[], options: { expiresIn?: number; nonce?: string; clientId?: string } = {}): Promise<TokenSet> {
    const { clientId = this.options.clientId, ...rest } = options;
    this.consents.set(account.name, clientId, scopes, this.now());
    return this.tokens.start(account, clientId, scopes, { ...rest, withRefreshToken: true });
  }

  /** The app a client id names: the global sandbox client, or China's when configured. */
  registeredClient(clientId: string | undefined): RegisteredClient | undefined {
    if (clientId === this.options.clientId) return this.options;
    return clientId !== undefined && clientId === this.options.cnClient?.clientId ? this.options.cnClient : undefined;
  }
}
