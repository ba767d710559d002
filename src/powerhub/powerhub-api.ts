/**
 * What the gateway needs from Tesla's Grid Services API ("Powerhub"): list the sites an
 * operator's Powerhub account manages, read their latest telemetry in bulk, and place, read and
 * cancel direct power dispatches for groups of sites.
 *
 * Tesla's Powerhub API is partner-only (only its token call is public), so the wire contract
 * behind this interface is a MODEL (DESIGN §11), served by the sandbox simulator under
 * `/powerhub`. A partner holding Tesla's specification replaces one module, `powerhub-client.ts`
 * (and its `powerhub-responses.ts`), keeping this interface; nothing else in the gateway speaks
 * Powerhub's wire format.
 */

export interface PowerhubSite {
  /** Powerhub's own id for the site. */
  siteId: string;
  /** The Fleet API `energy_site_id` (decimal text); null for a site no Fleet API account shows. */
  energySiteId: string | null;
  /** The site gateway's DIN. */
  din: string | null;
  name: string | null;
  groupIds: string[];
  nameplatePowerKw: number | null;
  nameplateEnergyKwh: number | null;
}

/** One site's latest reading, in kW with Tesla's signs: battery + = discharging, grid + = importing. */
export interface PowerhubTelemetry {
  siteId: string;
  timestamp: Date;
  batteryPowerKw: number | null;
  solarPowerKw: number | null;
  loadPowerKw: number | null;
  gridPowerKw: number | null;
  /** State of energy, 0–100. */
  soePercent: number | null;
  /** A grid-services set-point is running the battery. */
  gridServicesActive: boolean;
}

export type PowerhubDispatchMode = 'discharge' | 'charge';
export type PowerhubSiteStatus = 'accepted' | 'rejected';
export type PowerhubDispatchState = 'scheduled' | 'active' | 'completed' | 'cancelled';

export interface PowerhubDispatchInput {
  siteIds: readonly string[];
  mode: PowerhubDispatchMode;
  /** Each site's battery set-point (kW, positive in both modes). */
  perSiteKw: number;
  start: Date;
  end: Date;
  /** Powerhub answers a repeated key with the first dispatch, so a retried create never doubles up. */
  idempotencyKey: string;
}

export interface PowerhubSiteAck {
  siteId: string;
  status: PowerhubSiteStatus;
  /** Why a site was rejected (e.g. `storm watch active`); null when accepted. */
  reason: string | null;
}

export interface PowerhubDispatchAck {
  dispatchId: string;
  sites: PowerhubSiteAck[];
}

export interface PowerhubDispatch {
  dispatchId: string;
  state: PowerhubDispatchState;
  sites: Array<PowerhubSiteAck & { deliveredKwh: number }>;
}

/**
 * Failures are `GatewayError`s (DESIGN §6): `RATE_LIMITED` (retryAfterSeconds),
 * `UPSTREAM_UNAVAILABLE` (upstreamStatus; `PowerhubAuthError` when the client credentials are
 * refused), `NOT_FOUND` for an unknown dispatch.
 */
export interface PowerhubApi {
  /** Every site, all pages read. */
  listSites(): Promise<PowerhubSite[]>;
  /** Latest readings of these sites (any number; unknown ids are simply absent). */
  latestTelemetry(siteIds: readonly string[]): Promise<PowerhubTelemetry[]>;
  createDispatch(input: PowerhubDispatchInput): Promise<PowerhubDispatchAck>;
  getDispatch(dispatchId: string): Promise<PowerhubDispatch>;
  /** Sites return to their own operation from now; cancelling a finished dispatch is a no-op. */
  cancelDispatch(dispatchId: string): Promise<void>;
}
