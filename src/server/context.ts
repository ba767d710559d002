import { createConnectionLoaders, type ConnectionLoaders } from '../connections/connection-loaders.js';
import type { Bus } from '../bus/bus.js';
import type { TelemetryFeed } from '../telemetry/telemetry-feed.js';
import type { TelemetryHistory } from '../telemetry/telemetry-history.js';
import { createCommandLoaders, type CommandLoaders } from '../commands/command-loaders.js';
import type { CommandService } from '../commands/command-service.js';
import type { DispatchService } from '../dispatch/dispatch-service.js';
import type { EventPerformanceService } from '../programs/event-performance-service.js';
import type { ProgramEventService } from '../programs/program-event-service.js';
import type { ProgramService } from '../programs/program-service.js';
import type { ConnectFlow } from '../connections/connect-flow.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { RowCaches } from '../cache/row-caches.js';
import type { SiteReserves } from '../telemetry/site-reserves.js';
import { createPowerhubLoaders, type PowerhubLoaders } from '../powerhub/powerhub-loaders.js';
import type { PowerhubService } from '../powerhub/powerhub-service.js';
import { createApiKeyLoaders, type ApiKeyLoaders } from '../organizations/api-key-loaders.js';
import type { Caller, OrganizationService } from '../organizations/organization-service.js';
import { createSiteLoaders, type SiteLoaders } from '../sites/site-loaders.js';
import type { SiteService } from '../sites/site-service.js';
import { RequestDeadline } from '../upstream/request-deadline.js';
import { createVehicleLoaders, type VehicleLoaders } from '../vehicles/vehicle-loaders.js';
import type { VehicleService } from '../vehicles/vehicle-service.js';

export interface Services {
  /** Pub/sub across instances: what subscriptions listen to. */
  gatewayBus: Bus;
  telemetry: TelemetryFeed;
  telemetryHistory: TelemetryHistory;
  organizations: OrganizationService;
  connections: ConnectionService;
  connectFlow: ConnectFlow;
  commands: CommandService;
  dispatches: DispatchService;
  programs: ProgramService;
  programEvents: ProgramEventService;
  eventPerformance: EventPerformanceService;
  sites: SiteService;
  vehicles: VehicleService;
  /** Powerhub accounts, links and live reads; null when POWERHUB_URL is not set. */
  powerhub: PowerhubService | null;
  /** `REQUEST_DEADLINE_MS`: the overall upstream deadline of one GraphQL request over HTTP. */
  requestDeadlineMs: number;
  /** Sites' backup reserves for fleet figures, kept five minutes per instance. */
  siteReserves: SiteReserves;
  /** This instance's site, Tesla-account and Powerhub-link rows for request reads (`ROW_CACHE_TTL_S`). */
  rows: RowCaches;
  /** `powerhub` for request reads: its site links through `rows` (mutations use `powerhub`). */
  powerhubReads: PowerhubService | null;
}

export type Loaders = ConnectionLoaders & SiteLoaders & VehicleLoaders & CommandLoaders & PowerhubLoaders & ApiKeyLoaders;

/** What every resolver sees: who calls, the services, and this request's loaders. */
export interface GatewayContext {
  caller: Caller | null;
  services: Services;
  loaders: Loaders;
  /** This request's upstream deadline (HTTP only): for a resolver that reads Tesla outside the loaders. */
  deadline?: RequestDeadline | undefined;
}

/** An id no row has: loaders of an unauthenticated request find nothing. */
const NO_ORGANIZATION = '00000000-0000-0000-0000-000000000000';

/**
 * A request's loaders, each group built on first use: most requests touch two or three of the
 * dozens of loaders, and building all of them was a measurable share of a small request's cost.
 * The loader properties (`siteById`, …) are getters on the prototype, defined once (defineLoaderGetters).
 */
class RequestLoaders {
  private connectionGroup?: ConnectionLoaders;
  private powerhubGroup?: ReturnType<typeof createPowerhubLoaders>;
  private siteGroup?: SiteLoaders;
  private vehicleGroup?: VehicleLoaders;
  private commandGroup?: CommandLoaders;
  private apiKeyGroup?: ApiKeyLoaders;

  constructor(
    private readonly services: Services,
    private readonly organizationId: string,
    private readonly deadline: RequestDeadline | undefined,
  ) {}

  connections(): ConnectionLoaders {
    return (this.connectionGroup ??= createConnectionLoaders(this.services.connections, this.organizationId, this.services.rows));
  }

  private powerhubLoaders() {
    return (this.powerhubGroup ??= createPowerhubLoaders(this.services.powerhubReads, this.organizationId));
  }

  powerhub(): PowerhubLoaders {
    return this.powerhubLoaders().loaders;
  }

  sites(): SiteLoaders {
    return (this.siteGroup ??= createSiteLoaders(
      this.services.sites,
      this.connections(),
      this.organizationId,
      this.powerhubLoaders().liveStatusSource,
      this.deadline,
      this.services.rows,
    ));
  }

  vehicles(): VehicleLoaders {
    return (this.vehicleGroup ??= createVehicleLoaders(this.services.vehicles, this.connections(), this.organizationId, this.deadline));
  }

  commands(): CommandLoaders {
    return (this.commandGroup ??= createCommandLoaders(
      this.services.commands,
      { dispatchesByIds: (org, ids) => this.services.dispatches.dispatchesByIds(org, ids), eventsByIds: (org, ids) => this.services.programEvents.eventsByIds(org, ids) },
      this.organizationId,
    ));
  }

  apiKeys(): ApiKeyLoaders {
    return (this.apiKeyGroup ??= createApiKeyLoaders(this.services.organizations, this.organizationId));
  }
}

/** The groups in the order the loaders were once spread into one object (a later name wins). */
const GROUPS = ['connections', 'powerhub', 'sites', 'vehicles', 'commands', 'apiKeys'] as const;

let gettersDefined = false;

/** Makes each loader name a getter of its group, learning the names from one throwaway set of loaders. */
function defineLoaderGetters(services: Services): void {
  gettersDefined = true;
  const sample = new RequestLoaders(services, NO_ORGANIZATION, undefined);
  for (const group of GROUPS) {
    for (const name of Object.keys(sample[group]())) {
      Object.defineProperty(RequestLoaders.prototype, name, {
        configurable: true,
        enumerable: false,
        get(this: RequestLoaders) {
          return (this[group]() as Record<string, unknown>)[name];
        },
      });
    }
  }
}

/** `deadline`: the request's upstream deadline; none for subscription events (they are not requests). */
export function createLoaders(services: Services, caller: Caller | null, deadline?: RequestDeadline): Loaders {
  if (!gettersDefined) defineLoaderGetters(services);
  return new RequestLoaders(services, caller?.organizationId ?? NO_ORGANIZATION, deadline) as unknown as Loaders;
}

/** Reads `Authorization: Bearer <api key>`; a missing or unknown key yields no caller. */
export async function authenticate(services: Services, authorization: string | null | undefined): Promise<Caller | null> {
  const match = authorization?.match(/^Bearer\s+(\S+)$/i);
  if (!match?.[1]) return null;
  return services.organizations.authenticate(match[1]);
}

/**
 * `options.requestDeadline`: the request is a query or mutation over HTTP, whose upstream reads
 * share one deadline (`REQUEST_DEADLINE_MS`, counted from here); WebSocket contexts have none.
 */
export async function createContext(services: Services, authorization: string | null | undefined, options: { requestDeadline?: boolean } = {}): Promise<GatewayContext> {
  const deadline = options.requestDeadline ? new RequestDeadline(services.requestDeadlineMs) : undefined;
  const caller = await authenticate(services, authorization);
  return { caller, services, loaders: createLoaders(services, caller, deadline), deadline };
}
