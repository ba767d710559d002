/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A dispatch to end */
export type CancelDispatchInput = {
  /** Dispatch global ID */
  dispatchId: string | number;
};

/** What a command does */
export type CommandKind =
  /** Moves one site's settings for a dispatch or FLEET_API program event */
  | 'DISPATCH_SITE'
  /** Dispatches one site through Powerhub for a POWERHUB program event */
  | 'POWERHUB_DISPATCH_SITE'
  /** Puts one site's customer settings back after a dispatch or FLEET_API program event */
  | 'RESTORE_SITE'
  /** Sets a site's backup reserve (setBackupReserve) */
  | 'SET_BACKUP_RESERVE'
  /** Sets a vehicle's charge limit (setChargeLimit) */
  | 'SET_CHARGE_LIMIT'
  /** Sets a vehicle's charging current (setChargingAmps) */
  | 'SET_CHARGING_AMPS'
  /** Sets a site's export rule and grid charging (setGridImportExport) */
  | 'SET_GRID_IMPORT_EXPORT'
  /** Sets a site's operation mode (setOperationMode) */
  | 'SET_OPERATION_MODE'
  /** Turns a site's Storm Watch on or off (setStormMode) */
  | 'SET_STORM_MODE'
  /** Starts a vehicle charging (startVehicleCharging) */
  | 'START_CHARGING'
  /** Stops a vehicle charging (stopVehicleCharging) */
  | 'STOP_CHARGING'
  /** Wakes a vehicle (wakeVehicle) */
  | 'WAKE_VEHICLE';

/** Tesla's `command_signing` from the vehicle list, as Tesla reports it. It does not tell whether unsigned REST commands work: a car showing ALLOWED may still require the Vehicle Command Protocol (see Vehicle.commandProtocolRequired, which the gateway routes by). */
export type CommandSigning =
  /** Tesla: allowed (signed commands accepted) */
  | 'ALLOWED'
  /** Tesla: off */
  | 'OFF'
  /** Tesla: required (signed commands only) */
  | 'REQUIRED'
  /** Tesla did not report it, or reported a value the gateway does not recognise */
  | 'UNKNOWN';

/** PENDING → QUEUED → SENT → SUCCEEDED | FAILED | CANCELLED | EXPIRED */
export type CommandStatus =
  /** Cancelled before it was sent (cancelCommand, or its dispatch or event was cancelled) */
  | 'CANCELLED'
  /** Not sent in time (15 minutes), or the car stayed offline */
  | 'EXPIRED'
  /** Tesla or the device refused it; reason says why */
  | 'FAILED'
  /** Stored, not yet queued for sending */
  | 'PENDING'
  /** Waiting to be sent (or sent again after a retryable failure, or held by a rate limit) */
  | 'QUEUED'
  /** Sent to Tesla; the answer (and, where checked, the read-back) is awaited */
  | 'SENT'
  /** Tesla accepted it (and the read-back, where checked, shows it took effect) */
  | 'SUCCEEDED';

/** How to ask the customer for consent; every field is optional */
export type CreateConnectLinkInput = {
  /** Where the customer signs in to Tesla; default GLOBAL */
  authRegion?: TeslaAuthRegion | null | undefined;
  /** Where to send the customer after consent, with `status` and `accountId` (or `error`) added; at most 2048 characters */
  redirectAfter?: string | null | undefined;
  /** Tesla scopes to ask for (default: read and command energy and vehicles); openid and offline_access are always added */
  scopes?: Array<string> | null | undefined;
};

/** A battery dispatch over many sites */
export type DispatchBatteryInput = {
  /** Allow battery export (DISCHARGE) or grid charging (CHARGE) for the dispatch, restored afterwards */
  enableGridInteraction: boolean;
  /** Replaying a key returns the first command and sends nothing again; at most 255 characters */
  idempotencyKey?: string | null | undefined;
  /** What the batteries are asked to do */
  mode: DispatchMode;
  /** Per site, kW: more than 0, at most 10000 */
  powerKw?: number | null | undefined;
  /** 1 to 10000 sites */
  siteIds: Array<string | number>;
  /** When to restore the customer settings; one hour from now when omitted */
  until?: string | null | undefined;
};

/** CHARGE and DISCHARGE move energy (with the grid when enableGridInteraction); IDLE holds the charge; SELF_CONSUMPTION runs the home */
export type DispatchMode =
  /** Charge the batteries: reserve 100 % under an all-day off-peak tariff (from the grid when enableGridInteraction) */
  | 'CHARGE'
  /** Discharge the batteries: reserve 0 % under an all-day peak tariff (exported when enableGridInteraction) */
  | 'DISCHARGE'
  /** Hold the charge where it is: the reserve is set to the current state of charge */
  | 'IDLE'
  /** Run the home from solar and battery (Tesla: self_consumption) */
  | 'SELF_CONSUMPTION';

/** What the site may export: PV_ONLY (solar only), BATTERY_OK (solar and battery), NEVER */
export type ExportRule =
  /** Solar and battery may both be exported (Tesla: battery_ok; "Everything" in the Tesla app) */
  | 'BATTERY_OK'
  /** Nothing is exported (Tesla: never) */
  | 'NEVER'
  /** Only solar is exported; the battery never discharges to the grid (Tesla: pv_only) */
  | 'PV_ONLY';

/** An energy flow across the grid connection */
export type GridFlow =
  /** Battery energy exported to the grid (a discharge with grid interaction) */
  | 'EXPORT'
  /** The battery charging from the grid */
  | 'GRID_CHARGING';

/** Tesla's live_status grid_status: whether the utility grid is up at the site */
export type GridStatus =
  /** The grid is up (Tesla: Active) */
  | 'ACTIVE'
  /** The grid is down or disconnected, e.g. an outage (Tesla: Inactive) */
  | 'INACTIVE'
  /** Tesla does not know, or reported a value the gateway does not recognise */
  | 'UNKNOWN';

/** POLL: live status read by the gateway; CALENDAR_HISTORY: Tesla’s 5-minute energy buckets, for time before polling began */
export type HistorySource =
  /** Tesla's calendar_history 5-minute energy buckets, turned into average power (no state of charge) */
  | 'CALENDAR_HISTORY'
  /** Live status the gateway polled and stored */
  | 'POLL';

/** Where a live status was read */
export type LiveStatusSource =
  /** Tesla's Fleet API live_status of the site */
  | 'FLEET_API'
  /** Powerhub's latest telemetry (the site is linked to the organization's Powerhub account) */
  | 'POWERHUB';

/** SELF_CONSUMPTION (Tesla: self_consumption), TIME_BASED_CONTROL (Tesla: autonomous), BACKUP (Tesla: backup) */
export type OperationMode =
  /** Backup-only: the battery is kept full for outages (Tesla: backup) */
  | 'BACKUP'
  /** Self-Powered: the battery powers the home from solar (Tesla: self_consumption) */
  | 'SELF_CONSUMPTION'
  /** Time-Based Control: the battery follows the utility rate plan (Tesla: autonomous) */
  | 'TIME_BASED_CONTROL';

/** Ascending or descending */
export type OrderDirection =
  /** Smallest (or A) first */
  | 'ASC'
  /** Largest (or Z) first */
  | 'DESC';

/** SCHEDULED → ACTIVE → COMPLETED, or CANCELLED, or FAILED */
export type ProgramEventStatus =
  /** Its sites are being moved */
  | 'ACTIVE'
  /** Cancelled before or during the event */
  | 'CANCELLED'
  /** Ended at its end; restores follow, staggered */
  | 'COMPLETED'
  /** Could not start (reason says why) */
  | 'FAILED'
  /** Waiting for its start */
  | 'SCHEDULED';

/** What the program is for */
export type ProgramKind =
  /** Reduce load (or export) when the utility calls an event */
  | 'DEMAND_RESPONSE'
  /** Frequency, capacity or other services for a grid operator */
  | 'GRID_SERVICES'
  /** Lower the system's or a feeder's peak */
  | 'PEAK_SHAVING'
  /** Keep batteries charged ahead of outages */
  | 'RESILIENCY'
  /** A virtual power plant: aggregated batteries bid or dispatched as one resource */
  | 'VPP';

/** How events reach the batteries */
export type ProgramTransport =
  /** Tesla's Fleet API: per-site settings moved for the event and restored afterwards (DESIGN §8) */
  | 'FLEET_API'
  /** Tesla's Grid Services API (Powerhub): one direct power dispatch for the event's sites */
  | 'POWERHUB';

/** What stands in the way of moving battery energy across the grid connection */
export type ReadinessBlockerCode =
  /** Tesla no longer accepts the account: the customer must connect again */
  | 'ACCOUNT_NEEDS_REAUTH'
  /** The export setting is locked by the installer or utility; enableGridInteraction cannot change it */
  | 'EXPORT_NOT_PERMITTED'
  /** The export rule is NEVER: the site exports nothing */
  | 'EXPORT_RULE_NEVER'
  /** The export rule is PV_ONLY: the battery may not export */
  | 'EXPORT_RULE_PV_ONLY'
  /** Grid charging is off in the customer settings; enableGridInteraction can allow it for an event */
  | 'GRID_CHARGING_DISALLOWED'
  /** Grid charging is off and locked by the installer or utility */
  | 'GRID_CHARGING_NOT_PERMITTED'
  /** The customer did not grant the energy_cmds scope */
  | 'MISSING_ENERGY_CMDS_SCOPE'
  /** The site has no battery: there is nothing to dispatch */
  | 'NO_BATTERY'
  /** Storm Watch is active: the battery is held full for an outage */
  | 'STORM_MODE_ACTIVE';

/** Which sites to include; the conditions given must all hold */
export type SiteFilter = {
  /** Only sites of this TeslaAccount */
  accountId?: string | number | null | undefined;
  /** Only sites with (true) or without (false) a battery */
  hasBattery?: boolean | null | undefined;
  /** Only sites with (true) or without (false) solar */
  hasSolar?: boolean | null | undefined;
  /** Case-insensitive part of the site name; at most 200 characters */
  nameContains?: string | null | undefined;
};

/** How Query.sites is sorted. By a sample's figure: ties, and sites without the figure (no sample yet, or its latest poll failed: always last), go by name; the order is taken over at most 10000 sites matching the filter, from the latest samples at the time of each page, so a site whose figure changed between pages may move from one page to another. */
export type SiteOrder = {
  /** ASC (default) or DESC */
  direction?: OrderDirection;
  /** What to sort by */
  field: SiteOrderField;
};

/** What Query.sites is sorted by: the name, or a figure of each site's latest polled sample (the one siteTelemetry and fleetTelemetry deliver; sites are polled while some subscription watches them) */
export type SiteOrderField =
  /** Battery power, W (positive: discharging) */
  | 'BATTERY_POWER'
  /** Grid power, W (positive: importing) */
  | 'GRID_POWER'
  /** The site name (then id) */
  | 'NAME'
  /** When the latest sample was taken: ASC lists the stalest sites first */
  | 'SAMPLED_AT'
  /** Solar power, W */
  | 'SOLAR_POWER'
  /** Battery state of charge, % */
  | 'STATE_OF_CHARGE';

/** ACTIVE: usable. NEEDS_REAUTH: Tesla refused its tokens; the customer must connect again. REVOKED: disconnected, tokens erased. */
export type TeslaAccountStatus =
  /** Usable: Tesla accepts its tokens */
  | 'ACTIVE'
  /** Tesla refused its tokens; the customer must connect again */
  | 'NEEDS_REAUTH'
  /** Disconnected (disconnectTeslaAccount): its tokens are erased */
  | 'REVOKED';

/** Which Tesla the customer consents at: China is a separate Tesla with its own sign-in and app credentials */
export type TeslaAuthRegion =
  /** auth.tesla.cn: accounts in mainland China; needs the gateway's CN app (TESLA_CN_CLIENT_ID, TESLA_CN_CLIENT_SECRET) */
  | 'CN'
  /** auth.tesla.com: accounts in North America, Europe and Asia-Pacific (the default) */
  | 'GLOBAL';

/** Tesla's connectivity state; ASLEEP and OFFLINE cars are not woken by reads */
export type VehicleState =
  /** Asleep: a command wakes it first (a billed wake) (Tesla: asleep) */
  | 'ASLEEP'
  /** Unreachable, or asleep on some firmware (Tesla: offline) */
  | 'OFFLINE'
  /** Awake and reachable: vehicle_data and commands work (Tesla: online) */
  | 'ONLINE'
  /** Tesla reported a state the gateway does not recognise */
  | 'UNKNOWN';

export type CrSignInQueryVariables = Exact<{ [key: string]: never; }>;


export type CrSignInQuery = { sites: { totalCount: number } };

export type CrFleetSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type CrFleetSubscription = { fleetTelemetry: { computedAt: string, siteCount: number, reportingSiteCount: number, staleSiteCount: number, pendingSiteCount: number, solarPowerW: number, batteryPowerW: number, loadPowerW: number, gridPowerW: number, energyLeftWh: number, totalPackEnergyWh: number, energyAboveReserveWh: number, meanBackupReservePercent: number | null, meanPercentageCharged: number | null, oldestSampleAgeSeconds: number | null, stateOfChargeHistogram: Array<{ fromPercent: number, toPercent: number, siteCount: number }> } };

export type CrReadinessFragment = { canExportBattery: boolean, canChargeFromGrid: boolean, blockers: Array<{ code: ReadinessBlockerCode, blocks: Array<GridFlow>, message: string, remediation: string, liftedByGridInteraction: boolean }> };

export type CrSettingsFragment = { backupReservePercent: number | null, operationMode: OperationMode | null, exportRule: ExportRule | null, gridChargingAllowed: boolean | null, stormModeEnabled: boolean | null };

export type CrLiveFragment = { timestamp: string | null, solarPowerW: number, batteryPowerW: number, loadPowerW: number, gridPowerW: number, percentageCharged: number | null, energyLeftWh: number | null, totalPackEnergyWh: number | null, gridStatus: GridStatus | null, stormModeActive: boolean | null, source: LiveStatusSource };

export type CrSitesPageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  filter?: SiteFilter | null | undefined;
  orderBy?: SiteOrder | null | undefined;
}>;


export type CrSitesPageQuery = { sites: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, components: { battery: boolean, solar: boolean, batteryCount: number, nameplatePowerW: number | null, nameplateEnergyWh: number | null }, settings: { backupReservePercent: number | null, operationMode: OperationMode | null, exportRule: ExportRule | null, gridChargingAllowed: boolean | null, stormModeEnabled: boolean | null } | null, gridReadiness: { canExportBattery: boolean, canChargeFromGrid: boolean, blockers: Array<{ code: ReadinessBlockerCode, blocks: Array<GridFlow>, message: string, remediation: string, liftedByGridInteraction: boolean }> } | null } }> } };

export type CrSiteTelemetrySubscriptionVariables = Exact<{
  siteIds: Array<string | number> | string | number;
}>;


export type CrSiteTelemetrySubscription = { siteTelemetry: { sampledAt: string, ageSeconds: number, stale: boolean, error: string | null, site: { id: string }, liveStatus: { timestamp: string | null, solarPowerW: number, batteryPowerW: number, loadPowerW: number, gridPowerW: number, percentageCharged: number | null, energyLeftWh: number | null, totalPackEnergyWh: number | null, gridStatus: GridStatus | null, stormModeActive: boolean | null, source: LiveStatusSource } | null } };

export type CrSiteDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type CrSiteDetailQuery = { site: { id: string, name: string, energySiteId: string, timeZone: string | null, components: { battery: boolean, solar: boolean, batteryCount: number, nameplatePowerW: number | null, nameplateEnergyWh: number | null }, powerwalls: Array<{ din: string }>, liveStatus: { timestamp: string | null, solarPowerW: number, batteryPowerW: number, loadPowerW: number, gridPowerW: number, percentageCharged: number | null, energyLeftWh: number | null, totalPackEnergyWh: number | null, gridStatus: GridStatus | null, stormModeActive: boolean | null, source: LiveStatusSource } | null, settings: { backupReservePercent: number | null, operationMode: OperationMode | null, exportRule: ExportRule | null, gridChargingAllowed: boolean | null, stormModeEnabled: boolean | null } | null, gridReadiness: { canExportBattery: boolean, canChargeFromGrid: boolean, blockers: Array<{ code: ReadinessBlockerCode, blocks: Array<GridFlow>, message: string, remediation: string, liftedByGridInteraction: boolean }> } | null } | null };

export type CrSiteHistoryQueryVariables = Exact<{
  id: string | number;
  start: string;
  end: string;
}>;


export type CrSiteHistoryQuery = { site: { id: string, history: Array<{ timestamp: string, source: HistorySource, solarPowerW: number | null, batteryPowerW: number | null, loadPowerW: number | null, gridPowerW: number | null, percentageCharged: number | null }> } | null };

export type CrSiteHistoryPendingQueryVariables = Exact<{
  id: string | number;
  start: string;
  end: string;
}>;


export type CrSiteHistoryPendingQuery = { site: { id: string, historyPendingDays: Array<string> } | null };

export type CrSitesReadinessQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type CrSitesReadinessQuery = { nodes: Array<
    | { id: string, name: string, components: { battery: boolean }, settings: { backupReservePercent: number | null, operationMode: OperationMode | null, exportRule: ExportRule | null, gridChargingAllowed: boolean | null, stormModeEnabled: boolean | null } | null, gridReadiness: { canExportBattery: boolean, canChargeFromGrid: boolean, blockers: Array<{ code: ReadinessBlockerCode, blocks: Array<GridFlow>, message: string, remediation: string, liftedByGridInteraction: boolean }> } | null }
    | Record<PropertyKey, never>
   | null> };

export type CrProgressFragment = { total: number, queued: number, sent: number, succeeded: number, failed: number, cancelled: number, expired: number, restoresPending: number };

export type CrCommandCoreFragment = { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, updatedAt: string, pairingUrl: string | null, target:
    | { __typename: 'Site', id: string, name: string }
    | { __typename: 'Vehicle', id: string, vin: string }
   };

export type CrCommandFragment = { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, updatedAt: string, pairingUrl: string | null, dispatch: { id: string, progress: { total: number, queued: number, sent: number, succeeded: number, failed: number, cancelled: number, expired: number, restoresPending: number } } | null, target:
    | { __typename: 'Site', id: string, name: string }
    | { __typename: 'Vehicle', id: string, vin: string }
   };

export type CrDispatchBatteryMutationVariables = Exact<{
  input: DispatchBatteryInput;
}>;


export type CrDispatchBatteryMutation = { dispatchBattery: { dispatch: { id: string, mode: DispatchMode, until: string, enableGridInteraction: boolean, progress: { total: number, queued: number, sent: number, succeeded: number, failed: number, cancelled: number, expired: number, restoresPending: number } } | null, commands: Array<{ id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, updatedAt: string, pairingUrl: string | null, dispatch: { id: string, progress: { total: number, queued: number, sent: number, succeeded: number, failed: number, cancelled: number, expired: number, restoresPending: number } } | null, target:
        | { __typename: 'Site', id: string, name: string }
        | { __typename: 'Vehicle', id: string, vin: string }
       }> } };

export type CrDispatchQueryVariables = Exact<{
  id: string | number;
}>;


export type CrDispatchQuery = { dispatch: { id: string, mode: DispatchMode, until: string, cancelledAt: string | null, progress: { total: number, queued: number, sent: number, succeeded: number, failed: number, cancelled: number, expired: number, restoresPending: number }, commands: { edges: Array<{ node: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, updatedAt: string, pairingUrl: string | null, target:
            | { __typename: 'Site', id: string, name: string }
            | { __typename: 'Vehicle', id: string, vin: string }
           } }> } } | null };

export type CrDispatchProgressQueryVariables = Exact<{
  id: string | number;
}>;


export type CrDispatchProgressQuery = { dispatch: { id: string, progress: { total: number, queued: number, sent: number, succeeded: number, failed: number, cancelled: number, expired: number, restoresPending: number } } | null };

export type CrCancelDispatchMutationVariables = Exact<{
  input: CancelDispatchInput;
}>;


export type CrCancelDispatchMutation = { cancelDispatch: { dispatch: { id: string, cancelledAt: string | null, progress: { total: number, queued: number, sent: number, succeeded: number, failed: number, cancelled: number, expired: number, restoresPending: number } } } };

export type CrCommandUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type CrCommandUpdatedSubscription = { commandUpdated: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, updatedAt: string, pairingUrl: string | null, dispatch: { id: string, progress: { total: number, queued: number, sent: number, succeeded: number, failed: number, cancelled: number, expired: number, restoresPending: number } } | null, target:
      | { __typename: 'Site', id: string, name: string }
      | { __typename: 'Vehicle', id: string, vin: string }
     } };

export type CrProgramEventUpdatedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type CrProgramEventUpdatedSubscription = { programEventUpdated: { id: string, status: ProgramEventStatus } };

export type CrProgramsQueryVariables = Exact<{ [key: string]: never; }>;


export type CrProgramsQuery = { programs: { totalCount: number, edges: Array<{ node: { id: string, name: string, kind: ProgramKind, transport: ProgramTransport, capacity: { siteCount: number, reportingSiteCount: number, availableDischargeKw: number, availableChargeKw: number, energyAboveReserveWh: number }, events: { edges: Array<{ node: { id: string, mode: DispatchMode, status: ProgramEventStatus, start: string, end: string, requestedKw: number, reason: string | null, performance: { deliveredKw: number | null, energyDeliveredWh: number | null } | null } }> } } }> } };

export type CrAccountsQueryVariables = Exact<{ [key: string]: never; }>;


export type CrAccountsQuery = { teslaAccounts: Array<{ id: string, status: TeslaAccountStatus, region: string, teslaUserId: string, grantedScopes: Array<string>, missingScopes: Array<string>, lastRefreshedAt: string | null, capabilities: { readEnergy: boolean, commandEnergy: boolean, readVehicles: boolean, commandVehicles: boolean, vehicleLocation: boolean } }>, vehicles: { totalCount: number, edges: Array<{ node: { id: string, vin: string, displayName: string | null, state: VehicleState | null, keyPaired: boolean | null, commandSigning: CommandSigning, commandProtocolRequired: boolean | null, pairingUrl: string } }> } };

export type CrConnectLinkMutationVariables = Exact<{
  input: CreateConnectLinkInput;
}>;


export type CrConnectLinkMutation = { createConnectLink: { authorizationUrl: string, expiresAt: string, scopes: Array<string> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CrReadinessFragmentDoc = new TypedDocumentString(`
    fragment CrReadiness on GridReadiness {
  canExportBattery
  canChargeFromGrid
  blockers {
    code
    blocks
    message
    remediation
    liftedByGridInteraction
  }
}
    `, {"fragmentName":"CrReadiness"}) as unknown as TypedDocumentString<CrReadinessFragment, unknown>;
export const CrSettingsFragmentDoc = new TypedDocumentString(`
    fragment CrSettings on SiteSettings {
  backupReservePercent
  operationMode
  exportRule
  gridChargingAllowed
  stormModeEnabled
}
    `, {"fragmentName":"CrSettings"}) as unknown as TypedDocumentString<CrSettingsFragment, unknown>;
export const CrLiveFragmentDoc = new TypedDocumentString(`
    fragment CrLive on SiteLiveStatus {
  timestamp
  solarPowerW
  batteryPowerW
  loadPowerW
  gridPowerW
  percentageCharged
  energyLeftWh
  totalPackEnergyWh
  gridStatus
  stormModeActive
  source
}
    `, {"fragmentName":"CrLive"}) as unknown as TypedDocumentString<CrLiveFragment, unknown>;
export const CrCommandCoreFragmentDoc = new TypedDocumentString(`
    fragment CrCommandCore on Command {
  id
  kind
  status
  reason
  attempts
  updatedAt
  pairingUrl
  target {
    __typename
    ... on Site {
      id
      name
    }
    ... on Vehicle {
      id
      vin
    }
  }
}
    `, {"fragmentName":"CrCommandCore"}) as unknown as TypedDocumentString<CrCommandCoreFragment, unknown>;
export const CrProgressFragmentDoc = new TypedDocumentString(`
    fragment CrProgress on DispatchProgress {
  total
  queued
  sent
  succeeded
  failed
  cancelled
  expired
  restoresPending
}
    `, {"fragmentName":"CrProgress"}) as unknown as TypedDocumentString<CrProgressFragment, unknown>;
export const CrCommandFragmentDoc = new TypedDocumentString(`
    fragment CrCommand on Command {
  ...CrCommandCore
  dispatch {
    id
    progress {
      ...CrProgress
    }
  }
}
    fragment CrProgress on DispatchProgress {
  total
  queued
  sent
  succeeded
  failed
  cancelled
  expired
  restoresPending
}
fragment CrCommandCore on Command {
  id
  kind
  status
  reason
  attempts
  updatedAt
  pairingUrl
  target {
    __typename
    ... on Site {
      id
      name
    }
    ... on Vehicle {
      id
      vin
    }
  }
}`, {"fragmentName":"CrCommand"}) as unknown as TypedDocumentString<CrCommandFragment, unknown>;
export const CrSignInDocument = new TypedDocumentString(`
    query CrSignIn {
  sites(first: 1) {
    totalCount
  }
}
    `) as unknown as TypedDocumentString<CrSignInQuery, CrSignInQueryVariables>;
export const CrFleetDocument = new TypedDocumentString(`
    subscription CrFleet {
  fleetTelemetry {
    computedAt
    siteCount
    reportingSiteCount
    staleSiteCount
    pendingSiteCount
    solarPowerW
    batteryPowerW
    loadPowerW
    gridPowerW
    energyLeftWh
    totalPackEnergyWh
    energyAboveReserveWh
    meanBackupReservePercent
    meanPercentageCharged
    oldestSampleAgeSeconds
    stateOfChargeHistogram {
      fromPercent
      toPercent
      siteCount
    }
  }
}
    `) as unknown as TypedDocumentString<CrFleetSubscription, CrFleetSubscriptionVariables>;
export const CrSitesPageDocument = new TypedDocumentString(`
    query CrSitesPage($first: Int, $after: String, $last: Int, $before: String, $filter: SiteFilter, $orderBy: SiteOrder) {
  sites(
    first: $first
    after: $after
    last: $last
    before: $before
    filter: $filter
    orderBy: $orderBy
  ) {
    totalCount
    pageInfo {
      hasNextPage
      hasPreviousPage
      startCursor
      endCursor
    }
    edges {
      node {
        id
        name
        components {
          battery
          solar
          batteryCount
          nameplatePowerW
          nameplateEnergyWh
        }
        settings {
          ...CrSettings
        }
        gridReadiness {
          ...CrReadiness
        }
      }
    }
  }
}
    fragment CrReadiness on GridReadiness {
  canExportBattery
  canChargeFromGrid
  blockers {
    code
    blocks
    message
    remediation
    liftedByGridInteraction
  }
}
fragment CrSettings on SiteSettings {
  backupReservePercent
  operationMode
  exportRule
  gridChargingAllowed
  stormModeEnabled
}`) as unknown as TypedDocumentString<CrSitesPageQuery, CrSitesPageQueryVariables>;
export const CrSiteTelemetryDocument = new TypedDocumentString(`
    subscription CrSiteTelemetry($siteIds: [ID!]!) {
  siteTelemetry(siteIds: $siteIds) {
    site {
      id
    }
    sampledAt
    ageSeconds
    stale
    error
    liveStatus {
      ...CrLive
    }
  }
}
    fragment CrLive on SiteLiveStatus {
  timestamp
  solarPowerW
  batteryPowerW
  loadPowerW
  gridPowerW
  percentageCharged
  energyLeftWh
  totalPackEnergyWh
  gridStatus
  stormModeActive
  source
}`) as unknown as TypedDocumentString<CrSiteTelemetrySubscription, CrSiteTelemetrySubscriptionVariables>;
export const CrSiteDetailDocument = new TypedDocumentString(`
    query CrSiteDetail($id: ID!) {
  site(id: $id) {
    id
    name
    energySiteId
    timeZone
    components {
      battery
      solar
      batteryCount
      nameplatePowerW
      nameplateEnergyWh
    }
    powerwalls {
      din
    }
    liveStatus {
      ...CrLive
    }
    settings {
      ...CrSettings
    }
    gridReadiness {
      ...CrReadiness
    }
  }
}
    fragment CrReadiness on GridReadiness {
  canExportBattery
  canChargeFromGrid
  blockers {
    code
    blocks
    message
    remediation
    liftedByGridInteraction
  }
}
fragment CrSettings on SiteSettings {
  backupReservePercent
  operationMode
  exportRule
  gridChargingAllowed
  stormModeEnabled
}
fragment CrLive on SiteLiveStatus {
  timestamp
  solarPowerW
  batteryPowerW
  loadPowerW
  gridPowerW
  percentageCharged
  energyLeftWh
  totalPackEnergyWh
  gridStatus
  stormModeActive
  source
}`) as unknown as TypedDocumentString<CrSiteDetailQuery, CrSiteDetailQueryVariables>;
export const CrSiteHistoryDocument = new TypedDocumentString(`
    query CrSiteHistory($id: ID!, $start: DateTime!, $end: DateTime!) {
  site(id: $id) {
    id
    history(start: $start, end: $end, interval: FIVE_MINUTES) {
      timestamp
      source
      solarPowerW
      batteryPowerW
      loadPowerW
      gridPowerW
      percentageCharged
    }
  }
}
    `) as unknown as TypedDocumentString<CrSiteHistoryQuery, CrSiteHistoryQueryVariables>;
export const CrSiteHistoryPendingDocument = new TypedDocumentString(`
    query CrSiteHistoryPending($id: ID!, $start: DateTime!, $end: DateTime!) {
  site(id: $id) {
    id
    historyPendingDays(start: $start, end: $end)
  }
}
    `) as unknown as TypedDocumentString<CrSiteHistoryPendingQuery, CrSiteHistoryPendingQueryVariables>;
export const CrSitesReadinessDocument = new TypedDocumentString(`
    query CrSitesReadiness($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on Site {
      id
      name
      components {
        battery
      }
      settings {
        ...CrSettings
      }
      gridReadiness {
        ...CrReadiness
      }
    }
  }
}
    fragment CrReadiness on GridReadiness {
  canExportBattery
  canChargeFromGrid
  blockers {
    code
    blocks
    message
    remediation
    liftedByGridInteraction
  }
}
fragment CrSettings on SiteSettings {
  backupReservePercent
  operationMode
  exportRule
  gridChargingAllowed
  stormModeEnabled
}`) as unknown as TypedDocumentString<CrSitesReadinessQuery, CrSitesReadinessQueryVariables>;
export const CrDispatchBatteryDocument = new TypedDocumentString(`
    mutation CrDispatchBattery($input: DispatchBatteryInput!) {
  dispatchBattery(input: $input) {
    dispatch {
      id
      mode
      until
      enableGridInteraction
      progress {
        ...CrProgress
      }
    }
    commands {
      ...CrCommand
    }
  }
}
    fragment CrProgress on DispatchProgress {
  total
  queued
  sent
  succeeded
  failed
  cancelled
  expired
  restoresPending
}
fragment CrCommandCore on Command {
  id
  kind
  status
  reason
  attempts
  updatedAt
  pairingUrl
  target {
    __typename
    ... on Site {
      id
      name
    }
    ... on Vehicle {
      id
      vin
    }
  }
}
fragment CrCommand on Command {
  ...CrCommandCore
  dispatch {
    id
    progress {
      ...CrProgress
    }
  }
}`) as unknown as TypedDocumentString<CrDispatchBatteryMutation, CrDispatchBatteryMutationVariables>;
export const CrDispatchDocument = new TypedDocumentString(`
    query CrDispatch($id: ID!) {
  dispatch(id: $id) {
    id
    mode
    until
    cancelledAt
    progress {
      ...CrProgress
    }
    commands(first: 50) {
      edges {
        node {
          ...CrCommandCore
        }
      }
    }
  }
}
    fragment CrProgress on DispatchProgress {
  total
  queued
  sent
  succeeded
  failed
  cancelled
  expired
  restoresPending
}
fragment CrCommandCore on Command {
  id
  kind
  status
  reason
  attempts
  updatedAt
  pairingUrl
  target {
    __typename
    ... on Site {
      id
      name
    }
    ... on Vehicle {
      id
      vin
    }
  }
}`) as unknown as TypedDocumentString<CrDispatchQuery, CrDispatchQueryVariables>;
export const CrDispatchProgressDocument = new TypedDocumentString(`
    query CrDispatchProgress($id: ID!) {
  dispatch(id: $id) {
    id
    progress {
      ...CrProgress
    }
  }
}
    fragment CrProgress on DispatchProgress {
  total
  queued
  sent
  succeeded
  failed
  cancelled
  expired
  restoresPending
}`) as unknown as TypedDocumentString<CrDispatchProgressQuery, CrDispatchProgressQueryVariables>;
export const CrCancelDispatchDocument = new TypedDocumentString(`
    mutation CrCancelDispatch($input: CancelDispatchInput!) {
  cancelDispatch(input: $input) {
    dispatch {
      id
      cancelledAt
      progress {
        ...CrProgress
      }
    }
  }
}
    fragment CrProgress on DispatchProgress {
  total
  queued
  sent
  succeeded
  failed
  cancelled
  expired
  restoresPending
}`) as unknown as TypedDocumentString<CrCancelDispatchMutation, CrCancelDispatchMutationVariables>;
export const CrCommandUpdatedDocument = new TypedDocumentString(`
    subscription CrCommandUpdated {
  commandUpdated {
    ...CrCommand
  }
}
    fragment CrProgress on DispatchProgress {
  total
  queued
  sent
  succeeded
  failed
  cancelled
  expired
  restoresPending
}
fragment CrCommandCore on Command {
  id
  kind
  status
  reason
  attempts
  updatedAt
  pairingUrl
  target {
    __typename
    ... on Site {
      id
      name
    }
    ... on Vehicle {
      id
      vin
    }
  }
}
fragment CrCommand on Command {
  ...CrCommandCore
  dispatch {
    id
    progress {
      ...CrProgress
    }
  }
}`) as unknown as TypedDocumentString<CrCommandUpdatedSubscription, CrCommandUpdatedSubscriptionVariables>;
export const CrProgramEventUpdatedDocument = new TypedDocumentString(`
    subscription CrProgramEventUpdated {
  programEventUpdated {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<CrProgramEventUpdatedSubscription, CrProgramEventUpdatedSubscriptionVariables>;
export const CrProgramsDocument = new TypedDocumentString(`
    query CrPrograms {
  programs(first: 10) {
    totalCount
    edges {
      node {
        id
        name
        kind
        transport
        capacity {
          siteCount
          reportingSiteCount
          availableDischargeKw
          availableChargeKw
          energyAboveReserveWh
        }
        events(first: 8) {
          edges {
            node {
              id
              mode
              status
              start
              end
              requestedKw
              reason
              performance {
                deliveredKw
                energyDeliveredWh
              }
            }
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CrProgramsQuery, CrProgramsQueryVariables>;
export const CrAccountsDocument = new TypedDocumentString(`
    query CrAccounts {
  teslaAccounts {
    id
    status
    region
    teslaUserId
    grantedScopes
    missingScopes
    lastRefreshedAt
    capabilities {
      readEnergy
      commandEnergy
      readVehicles
      commandVehicles
      vehicleLocation
    }
  }
  vehicles(first: 100) {
    totalCount
    edges {
      node {
        id
        vin
        displayName
        state
        keyPaired
        commandSigning
        commandProtocolRequired
        pairingUrl
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CrAccountsQuery, CrAccountsQueryVariables>;
export const CrConnectLinkDocument = new TypedDocumentString(`
    mutation CrConnectLink($input: CreateConnectLinkInput!) {
  createConnectLink(input: $input) {
    authorizationUrl
    expiresAt
    scopes
  }
}
    `) as unknown as TypedDocumentString<CrConnectLinkMutation, CrConnectLinkMutationVariables>;