import type { World } from '../world.js';
import { PowerhubTokens } from './access-tokens.js';
import { PowerhubDispatches } from './dispatches.js';
import { PowerhubSites } from './powerhub-sites.js';

/**
 * One modeled Powerhub instance (Tesla's Grid Services API is partner-only; the contract is
 * DESIGN §11): its client credentials, tokens, sites and dispatches over the sandbox world.
 * `/sim/reset` builds a new one with the new world.
 */

export interface PowerhubOptions {
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds: number;
}

export const DEFAULT_POWERHUB_CLIENT_ID = 'derms-sandbox-powerhub';
export const DEFAULT_POWERHUB_CLIENT_SECRET = 'derms-sandbox-powerhub-secret';
export const DEFAULT_POWERHUB_TOKEN_LIFETIME_S = 3600;

export class Powerhub {
  readonly sites: PowerhubSites;
  readonly tokens: PowerhubTokens;
  readonly dispatches: PowerhubDispatches;

  constructor(
    readonly options: PowerhubOptions,
    world: World,
    seed: number,
    startTime: number,
    tokenNow: () => number,
  ) {
    this.sites = new PowerhubSites(world, seed, startTime);
    this.tokens = new PowerhubTokens(options.tokenLifetimeSeconds, tokenNow);
    this.dispatches = new PowerhubDispatches(this.sites);
  }
}
