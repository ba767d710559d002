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
}

export type Loaders = ConnectionLoaders & SiteLoaders & VehicleLoaders & CommandLoaders & PowerhubLoaders & ApiKeyLoaders;

/** What every resolver sees: who calls, the services, and this request's loaders. */
export interface GatewayContext {
  caller: Caller | null;
  services: Services;
  loaders: Loaders;
}

/** An id no row has: loaders of an unauthenticated request find nothing. */
const NO_ORGANIZATION = '00000000-0000-0000-0000-000000000000';

/** `deadline`: the request's upstream deadline; none for subscription events (they are not requests). */
export function createLoaders(services: Services, caller: Caller | null, deadline?: RequestDeadline): Loaders {
  const organizationId = caller?.organizationId ?? NO_ORGANIZATION;
  const connectionLoaders = createConnectionLoaders(services.connections, organizationId);
  const powerhub = createPowerhubLoaders(services.powerhub, organizationId);
  return {
    ...connectionLoaders,
    ...powerhub.loaders,
    ...createSiteLoaders(services.sites, connectionLoaders, organizationId, powerhub.liveStatusSource, deadline),
    ...createVehicleLoaders(services.vehicles, connectionLoaders, organizationId, deadline),
    ...createCommandLoaders(services.commands, organizationId),
    ...createApiKeyLoaders(services.organizations, organizationId),
  };
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
  return { caller, services, loaders: createLoaders(services, caller, deadline) };
}
