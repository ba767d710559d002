/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** A baseline; omitted fields take the program's (or the defaults: PRE_EVENT_WINDOW, 60 min, 5 of 10 days, 3 h, 20 %) */
export type BaselineInput = {
  /** 0–100 */
  adjustmentCapPercent?: number | null | undefined;
  /** 0–12 */
  adjustmentHours?: number | null | undefined;
  /** How the baseline is estimated */
  method?: BaselineMethod | null | undefined;
  /** 5–1440, a multiple of 5 */
  windowMinutes?: number | null | undefined;
  /** 1 ≤ x ≤ y */
  x?: number | null | undefined;
  /** y ≤ 30 */
  y?: number | null | undefined;
};

/** How the counterfactual grid power is estimated */
export type BaselineMethod =
  /** Mean grid power over windowMinutes before the start */
  | 'PRE_EVENT_WINDOW'
  /** Per interval, the mean of the X highest-import days among the Y most recent eligible weekdays, with a capped same-day adjustment */
  | 'X_OF_Y_DAYS';

/** A command to cancel */
export type CancelCommandInput = {
  /** Command global ID */
  commandId: string | number;
};

/** A dispatch to end */
export type CancelDispatchInput = {
  /** Dispatch global ID */
  dispatchId: string | number;
};

/** A program event to cancel */
export type CancelProgramEventInput = {
  /** ProgramEvent global ID */
  eventId: string | number;
};

/** Which commands to include; the conditions given must all hold */
export type CommandFilter = {
  /** Only commands created at or after this instant */
  createdAfter?: string | null | undefined;
  /** Only commands created before this instant */
  createdBefore?: string | null | undefined;
  /** Only commands of one of these kinds */
  kinds?: Array<CommandKind> | null | undefined;
  /** Only commands with one of these statuses */
  statuses?: Array<CommandStatus> | null | undefined;
  /** A Site or Vehicle */
  targetId?: string | number | null | undefined;
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

/** The client credentials of the organization's Powerhub account */
export type ConnectPowerhubInput = {
  /** Powerhub client id */
  clientId: string;
  /** Powerhub client secret; stored encrypted, never returned or logged */
  clientSecret: string;
};

/** How to ask the customer for consent; every field is optional */
export type CreateConnectLinkInput = {
  /** Where the customer signs in to Tesla; default GLOBAL */
  authRegion?: TeslaAuthRegion | null | undefined;
  /** Where to send the customer after consent, with `status` and `accountId` (or `error`) added; at most 2048 characters */
  redirectAfter?: string | null | undefined;
  /** Tesla scopes to ask for (default: read and command energy and vehicles); openid and offline_access are always added */
  scopes?: Array<string> | null | undefined;
};

/** A new grid program */
export type CreateProgramInput = {
  /** The default baseline of its events; the defaults when omitted */
  baseline?: BaselineInput | null | undefined;
  /** What the program is for */
  kind: ProgramKind;
  /** At most 200 characters */
  name: string;
  /** How its events reach the batteries */
  transport: ProgramTransport;
};

/** A Tesla account of the organization */
export type DisconnectTeslaAccountInput = {
  /** The TeslaAccount global ID */
  accountId: string | number;
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

/** Sites of a program to add or remove */
export type EnrollSitesInput = {
  /** Program global ID */
  programId: string | number;
  /** 1 to 10000 sites */
  siteIds: Array<string | number>;
};

/** What the site may export: PV_ONLY (solar only), BATTERY_OK (solar and battery), NEVER */
export type ExportRule =
  /** Solar and battery may both be exported (Tesla: battery_ok; "Everything" in the Tesla app) */
  | 'BATTERY_OK'
  /** Nothing is exported (Tesla: never) */
  | 'NEVER'
  /** Only solar is exported; the battery never discharges to the grid (Tesla: pv_only) */
  | 'PV_ONLY';

/** Tesla's live_status grid_status: whether the utility grid is up at the site */
export type GridStatus =
  /** The grid is up (Tesla: Active) */
  | 'ACTIVE'
  /** The grid is down or disconnected, e.g. an outage (Tesla: Inactive) */
  | 'INACTIVE'
  /** Tesla does not know, or reported a value the gateway does not recognise */
  | 'UNKNOWN';

/** Bucket size of Site.history: RAW returns every stored sample; DAY buckets are the site’s local days */
export type HistoryInterval =
  /** The site's local days (its time zone; UTC when unknown) */
  | 'DAY'
  /** 15-minute buckets, aligned to UTC */
  | 'FIFTEEN_MINUTES'
  /** 5-minute buckets, aligned to UTC */
  | 'FIVE_MINUTES'
  /** Hourly buckets, aligned to UTC */
  | 'HOUR'
  /** Every stored sample, unaveraged */
  | 'RAW';

/** POLL: live status read by the gateway; CALENDAR_HISTORY: Tesla’s 5-minute energy buckets, for time before polling began */
export type HistorySource =
  /** Tesla's calendar_history 5-minute energy buckets, turned into average power (no state of charge) */
  | 'CALENDAR_HISTORY'
  /** Live status the gateway polled and stored */
  | 'POLL';

/** A customer's existing Tesla token pair */
export type ImportTeslaAccountInput = {
  /** Tesla access token (a JWT); at most 8192 characters */
  accessToken: string;
  /** Needed to keep the account usable beyond the access token (8 h at Tesla); at most 8192 characters */
  refreshToken?: string | null | undefined;
  /** na, eu or cn; read from the token when omitted */
  region?: string | null | undefined;
};

/** Tesla's live_status island_status: whether the site runs connected to the grid or islanded */
export type IslandStatus =
  /** Islanded, for a reason Tesla does not give (Tesla: off_grid) */
  | 'OFF_GRID'
  /** Islanded on purpose, e.g. the customer chose Go Off-Grid (Tesla: off_grid_intentional) */
  | 'OFF_GRID_INTENTIONAL'
  /** Islanded by a grid outage (Tesla: off_grid_unintentional) */
  | 'OFF_GRID_UNINTENTIONAL'
  /** Connected to the grid (Tesla: on_grid) */
  | 'ON_GRID'
  /** Tesla does not know (island_status_unknown), or reported a value the gateway does not recognise */
  | 'UNKNOWN';

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

/** The state of an organization's Powerhub account */
export type PowerhubAccountStatus =
  /** Powerhub accepted the client credentials when they were stored; its sites are linked */
  | 'ACTIVE';

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

/** A Tesla account of the organization */
export type RefreshInventoryInput = {
  /** The TeslaAccount global ID */
  accountId: string | number;
};

/** An event to schedule on a program */
export type ScheduleProgramEventInput = {
  /** Overrides the program's baseline for this event */
  baseline?: BaselineInput | null | undefined;
  /** Allow battery export (DISCHARGE) or grid charging (CHARGE) for the event, restored afterwards */
  enableGridInteraction: boolean;
  /** At most 24 h after start */
  end: string;
  /** Replaying a key returns the first event and schedules nothing again; at most 255 characters */
  idempotencyKey?: string | null | undefined;
  /** POWERHUB programs: DISCHARGE or CHARGE */
  mode: DispatchMode;
  /** Program global ID */
  programId: string | number;
  /** A subset of the enrolled sites (at most 10000); all of them when omitted */
  siteIds?: Array<string | number> | null | undefined;
  /** When to move the sites */
  start: string;
  /** The power asked of the event as a whole */
  targetKw?: number | null | undefined;
};

/** A backup reserve for one site */
export type SetBackupReserveInput = {
  /** Share of the battery kept for outages, % (0–100) */
  backupReservePercent: number;
  /** Replaying a key returns the first command and sends nothing again; at most 255 characters */
  idempotencyKey?: string | null | undefined;
  /** Site global ID */
  siteId: string | number;
};

/** A charge limit for one vehicle */
export type SetChargeLimitInput = {
  /** Replaying a key returns the first command and sends nothing again; at most 255 characters */
  idempotencyKey?: string | null | undefined;
  /** Charge limit, %: a whole number from 50 to 100 */
  percent: number;
  /** Vehicle global ID */
  vehicleId: string | number;
};

/** A charging current for one vehicle */
export type SetChargingAmpsInput = {
  /** Charging current, A: a whole number from 1 to 80 */
  amps: number;
  /** Replaying a key returns the first command and sends nothing again; at most 255 characters */
  idempotencyKey?: string | null | undefined;
  /** Vehicle global ID */
  vehicleId: string | number;
};

/** Grid import/export settings for one site; give exportRule, gridChargingAllowed or both */
export type SetGridImportExportInput = {
  /** The new export rule; unchanged when omitted */
  exportRule?: ExportRule | null | undefined;
  /** Whether the battery may charge from the grid; unchanged when omitted */
  gridChargingAllowed?: boolean | null | undefined;
  /** Replaying a key returns the first command and sends nothing again; at most 255 characters */
  idempotencyKey?: string | null | undefined;
  /** Site global ID */
  siteId: string | number;
};

/** An operation mode for one site */
export type SetOperationModeInput = {
  /** Replaying a key returns the first command and sends nothing again; at most 255 characters */
  idempotencyKey?: string | null | undefined;
  /** The new mode */
  mode: OperationMode;
  /** Site global ID */
  siteId: string | number;
};

/** Storm Watch on or off for one site */
export type SetStormModeInput = {
  /** true turns Storm Watch on, false off */
  enabled: boolean;
  /** Replaying a key returns the first command and sends nothing again; at most 255 characters */
  idempotencyKey?: string | null | undefined;
  /** Site global ID */
  siteId: string | number;
};

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

/** The vehicle to command */
export type StartVehicleChargingInput = {
  /** Replaying a key returns the first command and sends nothing again; at most 255 characters */
  idempotencyKey?: string | null | undefined;
  /** Vehicle global ID */
  vehicleId: string | number;
};

/** The vehicle to command */
export type StopVehicleChargingInput = {
  /** Replaying a key returns the first command and sends nothing again; at most 255 characters */
  idempotencyKey?: string | null | undefined;
  /** Vehicle global ID */
  vehicleId: string | number;
};

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

/** Sites of a program to add or remove */
export type UnenrollSitesInput = {
  /** Program global ID */
  programId: string | number;
  /** 1 to 10000 sites */
  siteIds: Array<string | number>;
};

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

/** The vehicle to command */
export type WakeVehicleInput = {
  /** Replaying a key returns the first command and sends nothing again; at most 255 characters */
  idempotencyKey?: string | null | undefined;
  /** Vehicle global ID */
  vehicleId: string | number;
};

export type SetBackupReserveMutationVariables = Exact<{
  input: SetBackupReserveInput;
}>;


export type SetBackupReserveMutation = { setBackupReserve: { command: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
        | { __typename: 'BackupReserveParameters', backupReservePercent: number }
        | { __typename: 'ChargeLimitParameters', percent: number }
        | { __typename: 'ChargingAmpsParameters', amps: number }
        | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
        | { __typename: 'OperationModeParameters', operationMode: OperationMode }
        | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
        | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
        | { __typename: 'StormModeParameters', enabled: boolean }
       | null, target:
        | { __typename: 'Site', id: string, energySiteId: string }
        | { __typename: 'Vehicle', id: string, vin: string }
       } } };

export type SetOperationModeMutationVariables = Exact<{
  input: SetOperationModeInput;
}>;


export type SetOperationModeMutation = { setOperationMode: { command: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
        | { __typename: 'BackupReserveParameters', backupReservePercent: number }
        | { __typename: 'ChargeLimitParameters', percent: number }
        | { __typename: 'ChargingAmpsParameters', amps: number }
        | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
        | { __typename: 'OperationModeParameters', operationMode: OperationMode }
        | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
        | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
        | { __typename: 'StormModeParameters', enabled: boolean }
       | null, target:
        | { __typename: 'Site', id: string, energySiteId: string }
        | { __typename: 'Vehicle', id: string, vin: string }
       } } };

export type SetStormModeMutationVariables = Exact<{
  input: SetStormModeInput;
}>;


export type SetStormModeMutation = { setStormMode: { command: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
        | { __typename: 'BackupReserveParameters', backupReservePercent: number }
        | { __typename: 'ChargeLimitParameters', percent: number }
        | { __typename: 'ChargingAmpsParameters', amps: number }
        | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
        | { __typename: 'OperationModeParameters', operationMode: OperationMode }
        | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
        | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
        | { __typename: 'StormModeParameters', enabled: boolean }
       | null, target:
        | { __typename: 'Site', id: string, energySiteId: string }
        | { __typename: 'Vehicle', id: string, vin: string }
       } } };

export type SetGridImportExportMutationVariables = Exact<{
  input: SetGridImportExportInput;
}>;


export type SetGridImportExportMutation = { setGridImportExport: { command: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
        | { __typename: 'BackupReserveParameters', backupReservePercent: number }
        | { __typename: 'ChargeLimitParameters', percent: number }
        | { __typename: 'ChargingAmpsParameters', amps: number }
        | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
        | { __typename: 'OperationModeParameters', operationMode: OperationMode }
        | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
        | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
        | { __typename: 'StormModeParameters', enabled: boolean }
       | null, target:
        | { __typename: 'Site', id: string, energySiteId: string }
        | { __typename: 'Vehicle', id: string, vin: string }
       } } };

export type CancelCommandMutationVariables = Exact<{
  input: CancelCommandInput;
}>;


export type CancelCommandMutation = { cancelCommand: { command: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
        | { __typename: 'BackupReserveParameters', backupReservePercent: number }
        | { __typename: 'ChargeLimitParameters', percent: number }
        | { __typename: 'ChargingAmpsParameters', amps: number }
        | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
        | { __typename: 'OperationModeParameters', operationMode: OperationMode }
        | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
        | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
        | { __typename: 'StormModeParameters', enabled: boolean }
       | null, target:
        | { __typename: 'Site', id: string, energySiteId: string }
        | { __typename: 'Vehicle', id: string, vin: string }
       } } };

export type CommandByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type CommandByIdQuery = { command: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
      | { __typename: 'BackupReserveParameters', backupReservePercent: number }
      | { __typename: 'ChargeLimitParameters', percent: number }
      | { __typename: 'ChargingAmpsParameters', amps: number }
      | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
      | { __typename: 'OperationModeParameters', operationMode: OperationMode }
      | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
      | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
      | { __typename: 'StormModeParameters', enabled: boolean }
     | null, target:
      | { __typename: 'Site', id: string, energySiteId: string }
      | { __typename: 'Vehicle', id: string, vin: string }
     } | null };

export type CommandsListQueryVariables = Exact<{
  first?: number | null | undefined;
  filter?: CommandFilter | null | undefined;
}>;


export type CommandsListQuery = { commands: { totalCount: number, edges: Array<{ node: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
          | { __typename: 'BackupReserveParameters', backupReservePercent: number }
          | { __typename: 'ChargeLimitParameters', percent: number }
          | { __typename: 'ChargingAmpsParameters', amps: number }
          | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
          | { __typename: 'OperationModeParameters', operationMode: OperationMode }
          | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
          | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
          | { __typename: 'StormModeParameters', enabled: boolean }
         | null, target:
          | { __typename: 'Site', id: string, energySiteId: string }
          | { __typename: 'Vehicle', id: string, vin: string }
         } }> } };

export type CommandDetailsFragment = { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
    | { __typename: 'BackupReserveParameters', backupReservePercent: number }
    | { __typename: 'ChargeLimitParameters', percent: number }
    | { __typename: 'ChargingAmpsParameters', amps: number }
    | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
    | { __typename: 'OperationModeParameters', operationMode: OperationMode }
    | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
    | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
    | { __typename: 'StormModeParameters', enabled: boolean }
   | null, target:
    | { __typename: 'Site', id: string, energySiteId: string }
    | { __typename: 'Vehicle', id: string, vin: string }
   };

export type StartVehicleChargingMutationVariables = Exact<{
  input: StartVehicleChargingInput;
}>;


export type StartVehicleChargingMutation = { startVehicleCharging: { command: { pairingUrl: string | null, id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
        | { __typename: 'BackupReserveParameters', backupReservePercent: number }
        | { __typename: 'ChargeLimitParameters', percent: number }
        | { __typename: 'ChargingAmpsParameters', amps: number }
        | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
        | { __typename: 'OperationModeParameters', operationMode: OperationMode }
        | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
        | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
        | { __typename: 'StormModeParameters', enabled: boolean }
       | null, target:
        | { __typename: 'Site', id: string, energySiteId: string }
        | { __typename: 'Vehicle', id: string, vin: string }
       } } };

export type StopVehicleChargingMutationVariables = Exact<{
  input: StopVehicleChargingInput;
}>;


export type StopVehicleChargingMutation = { stopVehicleCharging: { command: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
        | { __typename: 'BackupReserveParameters', backupReservePercent: number }
        | { __typename: 'ChargeLimitParameters', percent: number }
        | { __typename: 'ChargingAmpsParameters', amps: number }
        | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
        | { __typename: 'OperationModeParameters', operationMode: OperationMode }
        | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
        | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
        | { __typename: 'StormModeParameters', enabled: boolean }
       | null, target:
        | { __typename: 'Site', id: string, energySiteId: string }
        | { __typename: 'Vehicle', id: string, vin: string }
       } } };

export type SetChargeLimitMutationVariables = Exact<{
  input: SetChargeLimitInput;
}>;


export type SetChargeLimitMutation = { setChargeLimit: { command: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
        | { __typename: 'BackupReserveParameters', backupReservePercent: number }
        | { __typename: 'ChargeLimitParameters', percent: number }
        | { __typename: 'ChargingAmpsParameters', amps: number }
        | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
        | { __typename: 'OperationModeParameters', operationMode: OperationMode }
        | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
        | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
        | { __typename: 'StormModeParameters', enabled: boolean }
       | null, target:
        | { __typename: 'Site', id: string, energySiteId: string }
        | { __typename: 'Vehicle', id: string, vin: string }
       } } };

export type SetChargingAmpsMutationVariables = Exact<{
  input: SetChargingAmpsInput;
}>;


export type SetChargingAmpsMutation = { setChargingAmps: { command: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
        | { __typename: 'BackupReserveParameters', backupReservePercent: number }
        | { __typename: 'ChargeLimitParameters', percent: number }
        | { __typename: 'ChargingAmpsParameters', amps: number }
        | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
        | { __typename: 'OperationModeParameters', operationMode: OperationMode }
        | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
        | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
        | { __typename: 'StormModeParameters', enabled: boolean }
       | null, target:
        | { __typename: 'Site', id: string, energySiteId: string }
        | { __typename: 'Vehicle', id: string, vin: string }
       } } };

export type WakeVehicleMutationVariables = Exact<{
  input: WakeVehicleInput;
}>;


export type WakeVehicleMutation = { wakeVehicle: { command: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, attempts: number, idempotencyKey: string | null, createdAt: string, updatedAt: string, completedAt: string | null, parameters:
        | { __typename: 'BackupReserveParameters', backupReservePercent: number }
        | { __typename: 'ChargeLimitParameters', percent: number }
        | { __typename: 'ChargingAmpsParameters', amps: number }
        | { __typename: 'GridImportExportParameters', exportRule: ExportRule | null, gridChargingAllowed: boolean | null }
        | { __typename: 'OperationModeParameters', operationMode: OperationMode }
        | { __typename: 'PowerhubDispatchParameters', powerhubDispatchId: string, mode: DispatchMode, perSiteKw: number | null, event: { id: string } | null }
        | { __typename: 'SiteDispatchParameters', mode: DispatchMode, enableGridInteraction: boolean, powerKw: number | null }
        | { __typename: 'StormModeParameters', enabled: boolean }
       | null, target:
        | { __typename: 'Site', id: string, energySiteId: string }
        | { __typename: 'Vehicle', id: string, vin: string }
       } } };

export type CommandPairingQueryVariables = Exact<{
  id: string | number;
}>;


export type CommandPairingQuery = { command: { id: string, status: CommandStatus, reason: string | null, pairingUrl: string | null } | null };

export type CreateConnectLinkMutationVariables = Exact<{
  input: CreateConnectLinkInput;
}>;


export type CreateConnectLinkMutation = { createConnectLink: { authorizationUrl: string, expiresAt: string, scopes: Array<string> } };

export type ImportTeslaAccountMutationVariables = Exact<{
  input: ImportTeslaAccountInput;
}>;


export type ImportTeslaAccountMutation = { importTeslaAccount: { sitesDiscovered: number, vehiclesDiscovered: number, account: { id: string, teslaUserId: string, region: string, status: TeslaAccountStatus, grantedScopes: Array<string>, missingScopes: Array<string>, lastRefreshedAt: string | null, accessTokenExpiresAt: string | null, capabilities: { readEnergy: boolean, commandEnergy: boolean, readVehicles: boolean, commandVehicles: boolean, vehicleLocation: boolean }, sites: { totalCount: number }, vehicles: { totalCount: number } } } };

export type RefreshInventoryMutationVariables = Exact<{
  input: RefreshInventoryInput;
}>;


export type RefreshInventoryMutation = { refreshInventory: { sitesDiscovered: number, vehiclesDiscovered: number, account: { id: string } } };

export type DisconnectTeslaAccountMutationVariables = Exact<{
  input: DisconnectTeslaAccountInput;
}>;


export type DisconnectTeslaAccountMutation = { disconnectTeslaAccount: { account: { id: string, teslaUserId: string, region: string, status: TeslaAccountStatus, grantedScopes: Array<string>, missingScopes: Array<string>, lastRefreshedAt: string | null, accessTokenExpiresAt: string | null, capabilities: { readEnergy: boolean, commandEnergy: boolean, readVehicles: boolean, commandVehicles: boolean, vehicleLocation: boolean }, sites: { totalCount: number }, vehicles: { totalCount: number } } } };

export type TeslaAccountsOverviewQueryVariables = Exact<{ [key: string]: never; }>;


export type TeslaAccountsOverviewQuery = { teslaAccounts: Array<{ id: string, teslaUserId: string, region: string, status: TeslaAccountStatus, grantedScopes: Array<string>, missingScopes: Array<string>, lastRefreshedAt: string | null, accessTokenExpiresAt: string | null, capabilities: { readEnergy: boolean, commandEnergy: boolean, readVehicles: boolean, commandVehicles: boolean, vehicleLocation: boolean }, sites: { totalCount: number }, vehicles: { totalCount: number } }> };

export type TeslaAccountDetailsFragment = { id: string, teslaUserId: string, region: string, status: TeslaAccountStatus, grantedScopes: Array<string>, missingScopes: Array<string>, lastRefreshedAt: string | null, accessTokenExpiresAt: string | null, capabilities: { readEnergy: boolean, commandEnergy: boolean, readVehicles: boolean, commandVehicles: boolean, vehicleLocation: boolean }, sites: { totalCount: number }, vehicles: { totalCount: number } };

export type DispatchBatteryMutationVariables = Exact<{
  input: DispatchBatteryInput;
}>;


export type DispatchBatteryMutation = { dispatchBattery: { dispatch: { id: string, mode: DispatchMode, until: string, enableGridInteraction: boolean, cancelledAt: string | null, idempotencyKey: string | null, progress: { total: number, queued: number, sent: number, succeeded: number, failed: number, cancelled: number, expired: number, restoresPending: number } } | null, commands: Array<{ id: string, kind: CommandKind, status: CommandStatus }>, blockers: Array<{ code: ReadinessBlockerCode, message: string, remediation: string, site: { id: string } | null }> } };

export type CancelDispatchMutationVariables = Exact<{
  input: CancelDispatchInput;
}>;


export type CancelDispatchMutation = { cancelDispatch: { dispatch: { id: string, mode: DispatchMode, until: string, enableGridInteraction: boolean, cancelledAt: string | null, idempotencyKey: string | null, progress: { total: number, queued: number, sent: number, succeeded: number, failed: number, cancelled: number, expired: number, restoresPending: number } } } };

export type DispatchByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type DispatchByIdQuery = { dispatch: { id: string, mode: DispatchMode, until: string, enableGridInteraction: boolean, cancelledAt: string | null, idempotencyKey: string | null, commands: { totalCount: number, edges: Array<{ node: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null } }> }, progress: { total: number, queued: number, sent: number, succeeded: number, failed: number, cancelled: number, expired: number, restoresPending: number } } | null };

export type DispatchDetailsFragment = { id: string, mode: DispatchMode, until: string, enableGridInteraction: boolean, cancelledAt: string | null, idempotencyKey: string | null, progress: { total: number, queued: number, sent: number, succeeded: number, failed: number, cancelled: number, expired: number, restoresPending: number } };

export type NodeByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type NodeByIdQuery = { node:
    | { __typename: 'Command', id: string }
    | { __typename: 'Dispatch', id: string }
    | { __typename: 'PowerhubAccount', id: string }
    | { __typename: 'Powerwall', din: string, id: string, site: { id: string } }
    | { __typename: 'Program', id: string }
    | { __typename: 'ProgramEvent', id: string }
    | { __typename: 'Site', name: string, energySiteId: string, id: string }
    | { __typename: 'TeslaAccount', region: string, id: string }
    | { __typename: 'Vehicle', vin: string, id: string }
    | { __typename: 'WallConnector', din: string, id: string }
   | null };

export type TeslaAccountsQueryVariables = Exact<{ [key: string]: never; }>;


export type TeslaAccountsQuery = { teslaAccounts: Array<{ id: string, teslaUserId: string, region: string, status: TeslaAccountStatus, grantedScopes: Array<string>, missingScopes: Array<string> }> };

export type ConnectPowerhubMutationVariables = Exact<{
  input: ConnectPowerhubInput;
}>;


export type ConnectPowerhubMutation = { connectPowerhub: { powerhubAccount: { id: string, clientId: string, status: PowerhubAccountStatus, siteCount: number, unlinkedSiteCount: number, linkedAt: string } } };

export type PowerhubAccountQueryVariables = Exact<{ [key: string]: never; }>;


export type PowerhubAccountQuery = { powerhubAccount: { id: string, clientId: string, status: PowerhubAccountStatus, siteCount: number, unlinkedSiteCount: number, linkedAt: string } | null };

export type SitesWithPowerhubQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: SiteFilter | null | undefined;
}>;


export type SitesWithPowerhubQuery = { sites: { totalCount: number, edges: Array<{ node: { id: string, energySiteId: string, powerhub: { siteId: string, groupIds: Array<string>, nameplatePowerKw: number | null, nameplateEnergyKwh: number | null } | null, liveStatus: { source: LiveStatusSource, timestamp: string | null, batteryPowerW: number, solarPowerW: number, loadPowerW: number, gridPowerW: number, generatorPowerW: number | null, percentageCharged: number | null, gridStatus: GridStatus | null, stormModeActive: boolean | null, gridServicesActive: boolean } | null } }> } };

export type CreateProgramMutationVariables = Exact<{
  input: CreateProgramInput;
}>;


export type CreateProgramMutation = { createProgram: { program: { id: string, name: string, kind: ProgramKind, transport: ProgramTransport, baseline: { method: BaselineMethod, windowMinutes: number, x: number, y: number, adjustmentHours: number, adjustmentCapPercent: number } } } };

export type EnrollSitesMutationVariables = Exact<{
  input: EnrollSitesInput;
}>;


export type EnrollSitesMutation = { enrollSites: { program: { id: string, enrollments: { totalCount: number } }, enrolled: Array<{ id: string }>, rejected: Array<{ code: string, message: string, site: { id: string } }> } };

export type UnenrollSitesMutationVariables = Exact<{
  input: UnenrollSitesInput;
}>;


export type UnenrollSitesMutation = { unenrollSites: { program: { id: string, enrollments: { totalCount: number } } } };

export type ScheduleProgramEventMutationVariables = Exact<{
  input: ScheduleProgramEventInput;
}>;


export type ScheduleProgramEventMutation = { scheduleProgramEvent: { event: { id: string, mode: DispatchMode, status: ProgramEventStatus, reason: string | null, start: string, end: string, targetKw: number | null, requestedKw: number, enableGridInteraction: boolean }, conflicts: Array<{ code: string, message: string, conflictingId: string, site: { id: string } }> } };

export type CancelProgramEventMutationVariables = Exact<{
  input: CancelProgramEventInput;
}>;


export type CancelProgramEventMutation = { cancelProgramEvent: { event: { id: string, mode: DispatchMode, status: ProgramEventStatus, reason: string | null, start: string, end: string, targetKw: number | null, requestedKw: number, enableGridInteraction: boolean } } };

export type ProgramByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type ProgramByIdQuery = { program: { id: string, name: string, kind: ProgramKind, transport: ProgramTransport, enrollments: { totalCount: number, edges: Array<{ enrolledAt: string, node: { id: string, name: string } }> }, capacity: { siteCount: number, reportingSiteCount: number, availableDischargeKw: number, availableChargeKw: number, energyAboveReserveWh: number }, events: { totalCount: number, edges: Array<{ node: { id: string, status: ProgramEventStatus } }> }, baseline: { method: BaselineMethod, windowMinutes: number, x: number, y: number, adjustmentHours: number, adjustmentCapPercent: number } } | null };

export type ProgramEventByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type ProgramEventByIdQuery = { programEvent: { id: string, mode: DispatchMode, status: ProgramEventStatus, reason: string | null, start: string, end: string, targetKw: number | null, requestedKw: number, enableGridInteraction: boolean, sites: Array<{ id: string }>, conflicts: Array<{ conflictingId: string, site: { id: string } }>, dispatch: { id: string, progress: { total: number, succeeded: number, failed: number, restoresPending: number } } | null, commands: { totalCount: number, edges: Array<{ node: { id: string, kind: CommandKind, status: CommandStatus, reason: string | null, completedAt: string | null, target:
            | { id: string }
            | Record<PropertyKey, never>
           } }> } } | null };

export type ProgramEventPerformanceQueryVariables = Exact<{
  id: string | number;
}>;


export type ProgramEventPerformanceQuery = { programEvent: { id: string, status: ProgramEventStatus, performance: { baselineMethod: BaselineMethod, baselineKw: number | null, deliveredKw: number | null, energyDeliveredWh: number | null, start: string, end: string, frozen: boolean, sites: Array<{ baselineGridPowerW: number | null, meanGridPowerW: number | null, deliveredKw: number | null, energyDeliveredWh: number | null, powerhubDeliveredKwh: number | null, site: { id: string, energySiteId: string }, intervals: Array<{ start: string, end: string, baselineKw: number | null, meteredKw: number | null, deliveredKw: number | null, energyWh: number | null, quality: string }>, dataQuality: { missingSamples: number, staleSamples: number, override: boolean, timeZoneAssumed: boolean, baselineDays: Array<string>, baselineIssue: string | null } }> } | null } | null };

export type ProgramEventUpdatedSubscriptionVariables = Exact<{
  programId?: string | number | null | undefined;
}>;


export type ProgramEventUpdatedSubscription = { programEventUpdated: { id: string, status: ProgramEventStatus, reason: string | null } };

export type ProgramDetailsFragment = { id: string, name: string, kind: ProgramKind, transport: ProgramTransport, baseline: { method: BaselineMethod, windowMinutes: number, x: number, y: number, adjustmentHours: number, adjustmentCapPercent: number } };

export type ProgramEventDetailsFragment = { id: string, mode: DispatchMode, status: ProgramEventStatus, reason: string | null, start: string, end: string, targetKw: number | null, requestedKw: number, enableGridInteraction: boolean };

export type SitesOverviewQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: SiteFilter | null | undefined;
}>;


export type SitesOverviewQuery = { sites: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, energySiteId: string, name: string, timeZone: string | null, account: { id: string, region: string, status: TeslaAccountStatus }, components: { battery: boolean, solar: boolean, grid: boolean, batteryCount: number, nameplatePowerW: number | null, nameplateEnergyWh: number | null }, powerwalls: Array<{ id: string, din: string, serialNumber: string | null, partName: string | null, nameplateEnergyWh: number | null, nameplatePowerW: number | null }>, wallConnectors: Array<{ id: string, din: string, deviceId: string | null, isActive: boolean }>, liveStatus: { timestamp: string | null, solarPowerW: number, batteryPowerW: number, loadPowerW: number, gridPowerW: number, generatorPowerW: number | null, percentageCharged: number | null, energyLeftWh: number | null, totalPackEnergyWh: number | null, gridStatus: GridStatus | null, islandStatus: IslandStatus | null, stormModeActive: boolean | null, backupCapable: boolean | null, gridServicesActive: boolean } | null, settings: { backupReservePercent: number | null, operationMode: OperationMode | null, exportRule: ExportRule | null, gridChargingAllowed: boolean | null, stormModeEnabled: boolean | null } | null } }> } };

export type SiteByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type SiteByIdQuery = { site: { id: string, energySiteId: string, name: string, timeZone: string | null, account: { id: string, region: string, status: TeslaAccountStatus }, components: { battery: boolean, solar: boolean, grid: boolean, batteryCount: number, nameplatePowerW: number | null, nameplateEnergyWh: number | null }, powerwalls: Array<{ id: string, din: string, serialNumber: string | null, partName: string | null, nameplateEnergyWh: number | null, nameplatePowerW: number | null }>, wallConnectors: Array<{ id: string, din: string, deviceId: string | null, isActive: boolean }>, liveStatus: { timestamp: string | null, solarPowerW: number, batteryPowerW: number, loadPowerW: number, gridPowerW: number, generatorPowerW: number | null, percentageCharged: number | null, energyLeftWh: number | null, totalPackEnergyWh: number | null, gridStatus: GridStatus | null, islandStatus: IslandStatus | null, stormModeActive: boolean | null, backupCapable: boolean | null, gridServicesActive: boolean } | null, settings: { backupReservePercent: number | null, operationMode: OperationMode | null, exportRule: ExportRule | null, gridChargingAllowed: boolean | null, stormModeEnabled: boolean | null } | null } | null };

export type SiteLiveStatusesQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type SiteLiveStatusesQuery = { sites: { totalCount: number, edges: Array<{ node: { id: string, energySiteId: string, liveStatus: { solarPowerW: number, batteryPowerW: number, loadPowerW: number, gridPowerW: number, percentageCharged: number | null } | null, settings: { backupReservePercent: number | null, exportRule: ExportRule | null } | null } }> } };

export type SiteDetailsFragment = { id: string, energySiteId: string, name: string, timeZone: string | null, account: { id: string, region: string, status: TeslaAccountStatus }, components: { battery: boolean, solar: boolean, grid: boolean, batteryCount: number, nameplatePowerW: number | null, nameplateEnergyWh: number | null }, powerwalls: Array<{ id: string, din: string, serialNumber: string | null, partName: string | null, nameplateEnergyWh: number | null, nameplatePowerW: number | null }>, wallConnectors: Array<{ id: string, din: string, deviceId: string | null, isActive: boolean }>, liveStatus: { timestamp: string | null, solarPowerW: number, batteryPowerW: number, loadPowerW: number, gridPowerW: number, generatorPowerW: number | null, percentageCharged: number | null, energyLeftWh: number | null, totalPackEnergyWh: number | null, gridStatus: GridStatus | null, islandStatus: IslandStatus | null, stormModeActive: boolean | null, backupCapable: boolean | null, gridServicesActive: boolean } | null, settings: { backupReservePercent: number | null, operationMode: OperationMode | null, exportRule: ExportRule | null, gridChargingAllowed: boolean | null, stormModeEnabled: boolean | null } | null };

export type SiteTelemetrySubscriptionVariables = Exact<{
  siteIds: Array<string | number> | string | number;
}>;


export type SiteTelemetrySubscription = { siteTelemetry: { sampledAt: string, ageSeconds: number, stale: boolean, error: string | null, site: { id: string, name: string }, liveStatus: { timestamp: string | null, solarPowerW: number, batteryPowerW: number, loadPowerW: number, gridPowerW: number, percentageCharged: number | null, energyLeftWh: number | null, gridStatus: GridStatus | null } | null } };

export type FleetTelemetrySubscriptionVariables = Exact<{
  filter?: SiteFilter | null | undefined;
}>;


export type FleetTelemetrySubscription = { fleetTelemetry: { computedAt: string, siteCount: number, reportingSiteCount: number, staleSiteCount: number, solarPowerW: number, batteryPowerW: number, loadPowerW: number, gridPowerW: number, energyLeftWh: number, totalPackEnergyWh: number, meanPercentageCharged: number | null, oldestSampleAgeSeconds: number | null } };

export type SiteHistoryQueryVariables = Exact<{
  id: string | number;
  start: string;
  end: string;
  interval: HistoryInterval;
}>;


export type SiteHistoryQuery = { site: { id: string, history: Array<{ timestamp: string, source: HistorySource, sampleCount: number, solarPowerW: number | null, batteryPowerW: number | null, loadPowerW: number | null, gridPowerW: number | null, percentageCharged: number | null, energyLeftWh: number | null }> } | null };

export type VehiclesOverviewQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type VehiclesOverviewQuery = { vehicles: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, vin: string, teslaVehicleId: string, displayName: string | null, state: VehicleState | null, keyPaired: boolean | null, commandSigning: CommandSigning, commandProtocolRequired: boolean | null, pairingUrl: string, chargeState: { batteryLevel: number | null, chargeLimitSoc: number | null, chargingState: string | null, chargerPowerKw: number | null, chargeAmps: number | null } | null } }> } };

export type VehicleByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type VehicleByIdQuery = { vehicle: { id: string, vin: string, teslaVehicleId: string, displayName: string | null, state: VehicleState | null, keyPaired: boolean | null, commandSigning: CommandSigning, commandProtocolRequired: boolean | null, pairingUrl: string, chargeState: { batteryLevel: number | null, chargeLimitSoc: number | null, chargingState: string | null, chargerPowerKw: number | null, chargeAmps: number | null } | null } | null };

export type VehicleDetailsFragment = { id: string, vin: string, teslaVehicleId: string, displayName: string | null, state: VehicleState | null, keyPaired: boolean | null, commandSigning: CommandSigning, commandProtocolRequired: boolean | null, pairingUrl: string, chargeState: { batteryLevel: number | null, chargeLimitSoc: number | null, chargingState: string | null, chargerPowerKw: number | null, chargeAmps: number | null } | null };

export const CommandDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<CommandDetailsFragment, unknown>;
export const TeslaAccountDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TeslaAccountDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TeslaAccount"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"teslaUserId"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"missingScopes"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"readEnergy"}},{"kind":"Field","name":{"kind":"Name","value":"commandEnergy"}},{"kind":"Field","name":{"kind":"Name","value":"readVehicles"}},{"kind":"Field","name":{"kind":"Name","value":"commandVehicles"}},{"kind":"Field","name":{"kind":"Name","value":"vehicleLocation"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"sites"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"vehicles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<TeslaAccountDetailsFragment, unknown>;
export const DispatchDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DispatchDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dispatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"until"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledAt"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}},{"kind":"Field","name":{"kind":"Name","value":"restoresPending"}}]}}]}}]} as unknown as DocumentNode<DispatchDetailsFragment, unknown>;
export const ProgramDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgramDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Program"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"transport"}},{"kind":"Field","name":{"kind":"Name","value":"baseline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"windowMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}},{"kind":"Field","name":{"kind":"Name","value":"adjustmentHours"}},{"kind":"Field","name":{"kind":"Name","value":"adjustmentCapPercent"}}]}}]}}]} as unknown as DocumentNode<ProgramDetailsFragment, unknown>;
export const ProgramEventDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgramEventDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProgramEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"targetKw"}},{"kind":"Field","name":{"kind":"Name","value":"requestedKw"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}}]}}]} as unknown as DocumentNode<ProgramEventDetailsFragment, unknown>;
export const SiteDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SiteDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"components"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"battery"}},{"kind":"Field","name":{"kind":"Name","value":"solar"}},{"kind":"Field","name":{"kind":"Name","value":"grid"}},{"kind":"Field","name":{"kind":"Name","value":"batteryCount"}},{"kind":"Field","name":{"kind":"Name","value":"nameplatePowerW"}},{"kind":"Field","name":{"kind":"Name","value":"nameplateEnergyWh"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerwalls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"din"}},{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"partName"}},{"kind":"Field","name":{"kind":"Name","value":"nameplateEnergyWh"}},{"kind":"Field","name":{"kind":"Name","value":"nameplatePowerW"}}]}},{"kind":"Field","name":{"kind":"Name","value":"wallConnectors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"din"}},{"kind":"Field","name":{"kind":"Name","value":"deviceId"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}}]}},{"kind":"Field","name":{"kind":"Name","value":"liveStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"solarPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"batteryPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"loadPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"gridPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"generatorPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"percentageCharged"}},{"kind":"Field","name":{"kind":"Name","value":"energyLeftWh"}},{"kind":"Field","name":{"kind":"Name","value":"totalPackEnergyWh"}},{"kind":"Field","name":{"kind":"Name","value":"gridStatus"}},{"kind":"Field","name":{"kind":"Name","value":"islandStatus"}},{"kind":"Field","name":{"kind":"Name","value":"stormModeActive"}},{"kind":"Field","name":{"kind":"Name","value":"backupCapable"}},{"kind":"Field","name":{"kind":"Name","value":"gridServicesActive"}}]}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}},{"kind":"Field","name":{"kind":"Name","value":"operationMode"}},{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}},{"kind":"Field","name":{"kind":"Name","value":"stormModeEnabled"}}]}}]}}]} as unknown as DocumentNode<SiteDetailsFragment, unknown>;
export const VehicleDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VehicleDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}},{"kind":"Field","name":{"kind":"Name","value":"teslaVehicleId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"chargeState"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batteryLevel"}},{"kind":"Field","name":{"kind":"Name","value":"chargeLimitSoc"}},{"kind":"Field","name":{"kind":"Name","value":"chargingState"}},{"kind":"Field","name":{"kind":"Name","value":"chargerPowerKw"}},{"kind":"Field","name":{"kind":"Name","value":"chargeAmps"}}]}},{"kind":"Field","name":{"kind":"Name","value":"keyPaired"}},{"kind":"Field","name":{"kind":"Name","value":"commandSigning"}},{"kind":"Field","name":{"kind":"Name","value":"commandProtocolRequired"}},{"kind":"Field","name":{"kind":"Name","value":"pairingUrl"}}]}}]} as unknown as DocumentNode<VehicleDetailsFragment, unknown>;
export const SetBackupReserveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetBackupReserve"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetBackupReserveInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setBackupReserve"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"command"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommandDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<SetBackupReserveMutation, SetBackupReserveMutationVariables>;
export const SetOperationModeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetOperationMode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetOperationModeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setOperationMode"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"command"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommandDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<SetOperationModeMutation, SetOperationModeMutationVariables>;
export const SetStormModeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetStormMode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetStormModeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setStormMode"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"command"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommandDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<SetStormModeMutation, SetStormModeMutationVariables>;
export const SetGridImportExportDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetGridImportExport"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetGridImportExportInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setGridImportExport"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"command"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommandDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<SetGridImportExportMutation, SetGridImportExportMutationVariables>;
export const CancelCommandDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelCommand"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CancelCommandInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelCommand"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"command"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommandDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<CancelCommandMutation, CancelCommandMutationVariables>;
export const CommandByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CommandById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"command"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommandDetails"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<CommandByIdQuery, CommandByIdQueryVariables>;
export const CommandsListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CommandsList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CommandFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"commands"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommandDetails"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<CommandsListQuery, CommandsListQueryVariables>;
export const StartVehicleChargingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartVehicleCharging"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartVehicleChargingInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startVehicleCharging"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"command"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommandDetails"}},{"kind":"Field","name":{"kind":"Name","value":"pairingUrl"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<StartVehicleChargingMutation, StartVehicleChargingMutationVariables>;
export const StopVehicleChargingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StopVehicleCharging"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StopVehicleChargingInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stopVehicleCharging"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"command"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommandDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<StopVehicleChargingMutation, StopVehicleChargingMutationVariables>;
export const SetChargeLimitDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetChargeLimit"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetChargeLimitInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setChargeLimit"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"command"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommandDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<SetChargeLimitMutation, SetChargeLimitMutationVariables>;
export const SetChargingAmpsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetChargingAmps"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetChargingAmpsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setChargingAmps"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"command"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommandDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<SetChargingAmpsMutation, SetChargingAmpsMutationVariables>;
export const WakeVehicleDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WakeVehicle"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WakeVehicleInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"wakeVehicle"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"command"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"CommandDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"CommandDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Command"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BackupReserveParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"OperationModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationMode"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"StormModeParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enabled"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"GridImportExportParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargeLimitParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"percent"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChargingAmpsParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amps"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SiteDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"powerKw"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PowerhubDispatchParameters"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDispatchId"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"perSiteKw"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}}]}}]}}]} as unknown as DocumentNode<WakeVehicleMutation, WakeVehicleMutationVariables>;
export const CommandPairingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CommandPairing"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"command"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"pairingUrl"}}]}}]}}]} as unknown as DocumentNode<CommandPairingQuery, CommandPairingQueryVariables>;
export const CreateConnectLinkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateConnectLink"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateConnectLinkInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createConnectLink"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"authorizationUrl"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}}]}}]}}]} as unknown as DocumentNode<CreateConnectLinkMutation, CreateConnectLinkMutationVariables>;
export const ImportTeslaAccountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportTeslaAccount"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ImportTeslaAccountInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"importTeslaAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TeslaAccountDetails"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sitesDiscovered"}},{"kind":"Field","name":{"kind":"Name","value":"vehiclesDiscovered"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TeslaAccountDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TeslaAccount"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"teslaUserId"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"missingScopes"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"readEnergy"}},{"kind":"Field","name":{"kind":"Name","value":"commandEnergy"}},{"kind":"Field","name":{"kind":"Name","value":"readVehicles"}},{"kind":"Field","name":{"kind":"Name","value":"commandVehicles"}},{"kind":"Field","name":{"kind":"Name","value":"vehicleLocation"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"sites"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"vehicles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<ImportTeslaAccountMutation, ImportTeslaAccountMutationVariables>;
export const RefreshInventoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefreshInventory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RefreshInventoryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refreshInventory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sitesDiscovered"}},{"kind":"Field","name":{"kind":"Name","value":"vehiclesDiscovered"}}]}}]}}]} as unknown as DocumentNode<RefreshInventoryMutation, RefreshInventoryMutationVariables>;
export const DisconnectTeslaAccountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DisconnectTeslaAccount"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DisconnectTeslaAccountInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disconnectTeslaAccount"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TeslaAccountDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TeslaAccountDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TeslaAccount"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"teslaUserId"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"missingScopes"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"readEnergy"}},{"kind":"Field","name":{"kind":"Name","value":"commandEnergy"}},{"kind":"Field","name":{"kind":"Name","value":"readVehicles"}},{"kind":"Field","name":{"kind":"Name","value":"commandVehicles"}},{"kind":"Field","name":{"kind":"Name","value":"vehicleLocation"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"sites"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"vehicles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<DisconnectTeslaAccountMutation, DisconnectTeslaAccountMutationVariables>;
export const TeslaAccountsOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TeslaAccountsOverview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"teslaAccounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"TeslaAccountDetails"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"TeslaAccountDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TeslaAccount"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"teslaUserId"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"missingScopes"}},{"kind":"Field","name":{"kind":"Name","value":"capabilities"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"readEnergy"}},{"kind":"Field","name":{"kind":"Name","value":"commandEnergy"}},{"kind":"Field","name":{"kind":"Name","value":"readVehicles"}},{"kind":"Field","name":{"kind":"Name","value":"commandVehicles"}},{"kind":"Field","name":{"kind":"Name","value":"vehicleLocation"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"accessTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"sites"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}},{"kind":"Field","name":{"kind":"Name","value":"vehicles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]} as unknown as DocumentNode<TeslaAccountsOverviewQuery, TeslaAccountsOverviewQueryVariables>;
export const DispatchBatteryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DispatchBattery"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DispatchBatteryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dispatchBattery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dispatch"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DispatchDetails"}}]}},{"kind":"Field","name":{"kind":"Name","value":"commands"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"blockers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"site"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"remediation"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DispatchDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dispatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"until"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledAt"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}},{"kind":"Field","name":{"kind":"Name","value":"restoresPending"}}]}}]}}]} as unknown as DocumentNode<DispatchBatteryMutation, DispatchBatteryMutationVariables>;
export const CancelDispatchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelDispatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CancelDispatchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelDispatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dispatch"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DispatchDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DispatchDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dispatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"until"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledAt"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}},{"kind":"Field","name":{"kind":"Name","value":"restoresPending"}}]}}]}}]} as unknown as DocumentNode<CancelDispatchMutation, CancelDispatchMutationVariables>;
export const DispatchByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DispatchById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dispatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"DispatchDetails"}},{"kind":"Field","name":{"kind":"Name","value":"commands"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DispatchDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Dispatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"until"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledAt"}},{"kind":"Field","name":{"kind":"Name","value":"idempotencyKey"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"queued"}},{"kind":"Field","name":{"kind":"Name","value":"sent"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"cancelled"}},{"kind":"Field","name":{"kind":"Name","value":"expired"}},{"kind":"Field","name":{"kind":"Name","value":"restoresPending"}}]}}]}}]} as unknown as DocumentNode<DispatchByIdQuery, DispatchByIdQueryVariables>;
export const NodeByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NodeById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vin"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Powerwall"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"din"}},{"kind":"Field","name":{"kind":"Name","value":"site"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WallConnector"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"din"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TeslaAccount"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"}}]}}]}}]}}]} as unknown as DocumentNode<NodeByIdQuery, NodeByIdQueryVariables>;
export const TeslaAccountsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TeslaAccounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"teslaAccounts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"teslaUserId"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"missingScopes"}}]}}]}}]} as unknown as DocumentNode<TeslaAccountsQuery, TeslaAccountsQueryVariables>;
export const ConnectPowerhubDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConnectPowerhub"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ConnectPowerhubInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectPowerhub"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"powerhubAccount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"siteCount"}},{"kind":"Field","name":{"kind":"Name","value":"unlinkedSiteCount"}},{"kind":"Field","name":{"kind":"Name","value":"linkedAt"}}]}}]}}]}}]} as unknown as DocumentNode<ConnectPowerhubMutation, ConnectPowerhubMutationVariables>;
export const PowerhubAccountDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PowerhubAccount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"powerhubAccount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"siteCount"}},{"kind":"Field","name":{"kind":"Name","value":"unlinkedSiteCount"}},{"kind":"Field","name":{"kind":"Name","value":"linkedAt"}}]}}]}}]} as unknown as DocumentNode<PowerhubAccountQuery, PowerhubAccountQueryVariables>;
export const SitesWithPowerhubDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SitesWithPowerhub"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SiteFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sites"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}},{"kind":"Field","name":{"kind":"Name","value":"powerhub"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"siteId"}},{"kind":"Field","name":{"kind":"Name","value":"groupIds"}},{"kind":"Field","name":{"kind":"Name","value":"nameplatePowerKw"}},{"kind":"Field","name":{"kind":"Name","value":"nameplateEnergyKwh"}}]}},{"kind":"Field","name":{"kind":"Name","value":"liveStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"batteryPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"solarPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"loadPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"gridPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"generatorPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"percentageCharged"}},{"kind":"Field","name":{"kind":"Name","value":"gridStatus"}},{"kind":"Field","name":{"kind":"Name","value":"stormModeActive"}},{"kind":"Field","name":{"kind":"Name","value":"gridServicesActive"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SitesWithPowerhubQuery, SitesWithPowerhubQueryVariables>;
export const CreateProgramDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateProgram"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateProgramInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createProgram"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"program"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProgramDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgramDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Program"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"transport"}},{"kind":"Field","name":{"kind":"Name","value":"baseline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"windowMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}},{"kind":"Field","name":{"kind":"Name","value":"adjustmentHours"}},{"kind":"Field","name":{"kind":"Name","value":"adjustmentCapPercent"}}]}}]}}]} as unknown as DocumentNode<CreateProgramMutation, CreateProgramMutationVariables>;
export const EnrollSitesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EnrollSites"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EnrollSitesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enrollSites"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"program"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"enrolled"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rejected"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"site"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<EnrollSitesMutation, EnrollSitesMutationVariables>;
export const UnenrollSitesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UnenrollSites"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UnenrollSitesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unenrollSites"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"program"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UnenrollSitesMutation, UnenrollSitesMutationVariables>;
export const ScheduleProgramEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ScheduleProgramEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleProgramEventInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scheduleProgramEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProgramEventDetails"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"site"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"conflictingId"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgramEventDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProgramEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"targetKw"}},{"kind":"Field","name":{"kind":"Name","value":"requestedKw"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}}]}}]} as unknown as DocumentNode<ScheduleProgramEventMutation, ScheduleProgramEventMutationVariables>;
export const CancelProgramEventDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelProgramEvent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CancelProgramEventInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelProgramEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"event"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProgramEventDetails"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgramEventDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProgramEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"targetKw"}},{"kind":"Field","name":{"kind":"Name","value":"requestedKw"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}}]}}]} as unknown as DocumentNode<CancelProgramEventMutation, CancelProgramEventMutationVariables>;
export const ProgramByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProgramById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"program"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProgramDetails"}},{"kind":"Field","name":{"kind":"Name","value":"enrollments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"enrolledAt"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"capacity"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"siteCount"}},{"kind":"Field","name":{"kind":"Name","value":"reportingSiteCount"}},{"kind":"Field","name":{"kind":"Name","value":"availableDischargeKw"}},{"kind":"Field","name":{"kind":"Name","value":"availableChargeKw"}},{"kind":"Field","name":{"kind":"Name","value":"energyAboveReserveWh"}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgramDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Program"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"transport"}},{"kind":"Field","name":{"kind":"Name","value":"baseline"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"windowMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}},{"kind":"Field","name":{"kind":"Name","value":"adjustmentHours"}},{"kind":"Field","name":{"kind":"Name","value":"adjustmentCapPercent"}}]}}]}}]} as unknown as DocumentNode<ProgramByIdQuery, ProgramByIdQueryVariables>;
export const ProgramEventByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProgramEventById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"programEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ProgramEventDetails"}},{"kind":"Field","name":{"kind":"Name","value":"sites"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conflicts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"site"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"conflictingId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dispatch"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"progress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"succeeded"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"restoresPending"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"commands"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"200"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"target"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ProgramEventDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ProgramEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"targetKw"}},{"kind":"Field","name":{"kind":"Name","value":"requestedKw"}},{"kind":"Field","name":{"kind":"Name","value":"enableGridInteraction"}}]}}]} as unknown as DocumentNode<ProgramEventByIdQuery, ProgramEventByIdQueryVariables>;
export const ProgramEventPerformanceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProgramEventPerformance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"programEvent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"performance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"baselineMethod"}},{"kind":"Field","name":{"kind":"Name","value":"baselineKw"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredKw"}},{"kind":"Field","name":{"kind":"Name","value":"energyDeliveredWh"}},{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"frozen"}},{"kind":"Field","name":{"kind":"Name","value":"sites"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"site"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"baselineGridPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"meanGridPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredKw"}},{"kind":"Field","name":{"kind":"Name","value":"energyDeliveredWh"}},{"kind":"Field","name":{"kind":"Name","value":"powerhubDeliveredKwh"}},{"kind":"Field","name":{"kind":"Name","value":"intervals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}},{"kind":"Field","name":{"kind":"Name","value":"baselineKw"}},{"kind":"Field","name":{"kind":"Name","value":"meteredKw"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredKw"}},{"kind":"Field","name":{"kind":"Name","value":"energyWh"}},{"kind":"Field","name":{"kind":"Name","value":"quality"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataQuality"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"missingSamples"}},{"kind":"Field","name":{"kind":"Name","value":"staleSamples"}},{"kind":"Field","name":{"kind":"Name","value":"override"}},{"kind":"Field","name":{"kind":"Name","value":"timeZoneAssumed"}},{"kind":"Field","name":{"kind":"Name","value":"baselineDays"}},{"kind":"Field","name":{"kind":"Name","value":"baselineIssue"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProgramEventPerformanceQuery, ProgramEventPerformanceQueryVariables>;
export const ProgramEventUpdatedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ProgramEventUpdated"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"programId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"programEventUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"programId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"programId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}}]}}]} as unknown as DocumentNode<ProgramEventUpdatedSubscription, ProgramEventUpdatedSubscriptionVariables>;
export const SitesOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SitesOverview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SiteFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sites"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SiteDetails"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SiteDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"components"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"battery"}},{"kind":"Field","name":{"kind":"Name","value":"solar"}},{"kind":"Field","name":{"kind":"Name","value":"grid"}},{"kind":"Field","name":{"kind":"Name","value":"batteryCount"}},{"kind":"Field","name":{"kind":"Name","value":"nameplatePowerW"}},{"kind":"Field","name":{"kind":"Name","value":"nameplateEnergyWh"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerwalls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"din"}},{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"partName"}},{"kind":"Field","name":{"kind":"Name","value":"nameplateEnergyWh"}},{"kind":"Field","name":{"kind":"Name","value":"nameplatePowerW"}}]}},{"kind":"Field","name":{"kind":"Name","value":"wallConnectors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"din"}},{"kind":"Field","name":{"kind":"Name","value":"deviceId"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}}]}},{"kind":"Field","name":{"kind":"Name","value":"liveStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"solarPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"batteryPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"loadPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"gridPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"generatorPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"percentageCharged"}},{"kind":"Field","name":{"kind":"Name","value":"energyLeftWh"}},{"kind":"Field","name":{"kind":"Name","value":"totalPackEnergyWh"}},{"kind":"Field","name":{"kind":"Name","value":"gridStatus"}},{"kind":"Field","name":{"kind":"Name","value":"islandStatus"}},{"kind":"Field","name":{"kind":"Name","value":"stormModeActive"}},{"kind":"Field","name":{"kind":"Name","value":"backupCapable"}},{"kind":"Field","name":{"kind":"Name","value":"gridServicesActive"}}]}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}},{"kind":"Field","name":{"kind":"Name","value":"operationMode"}},{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}},{"kind":"Field","name":{"kind":"Name","value":"stormModeEnabled"}}]}}]}}]} as unknown as DocumentNode<SitesOverviewQuery, SitesOverviewQueryVariables>;
export const SiteByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SiteById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"site"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"SiteDetails"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"SiteDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Site"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"timeZone"}},{"kind":"Field","name":{"kind":"Name","value":"account"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"components"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"battery"}},{"kind":"Field","name":{"kind":"Name","value":"solar"}},{"kind":"Field","name":{"kind":"Name","value":"grid"}},{"kind":"Field","name":{"kind":"Name","value":"batteryCount"}},{"kind":"Field","name":{"kind":"Name","value":"nameplatePowerW"}},{"kind":"Field","name":{"kind":"Name","value":"nameplateEnergyWh"}}]}},{"kind":"Field","name":{"kind":"Name","value":"powerwalls"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"din"}},{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"partName"}},{"kind":"Field","name":{"kind":"Name","value":"nameplateEnergyWh"}},{"kind":"Field","name":{"kind":"Name","value":"nameplatePowerW"}}]}},{"kind":"Field","name":{"kind":"Name","value":"wallConnectors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"din"}},{"kind":"Field","name":{"kind":"Name","value":"deviceId"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}}]}},{"kind":"Field","name":{"kind":"Name","value":"liveStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"solarPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"batteryPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"loadPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"gridPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"generatorPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"percentageCharged"}},{"kind":"Field","name":{"kind":"Name","value":"energyLeftWh"}},{"kind":"Field","name":{"kind":"Name","value":"totalPackEnergyWh"}},{"kind":"Field","name":{"kind":"Name","value":"gridStatus"}},{"kind":"Field","name":{"kind":"Name","value":"islandStatus"}},{"kind":"Field","name":{"kind":"Name","value":"stormModeActive"}},{"kind":"Field","name":{"kind":"Name","value":"backupCapable"}},{"kind":"Field","name":{"kind":"Name","value":"gridServicesActive"}}]}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}},{"kind":"Field","name":{"kind":"Name","value":"operationMode"}},{"kind":"Field","name":{"kind":"Name","value":"exportRule"}},{"kind":"Field","name":{"kind":"Name","value":"gridChargingAllowed"}},{"kind":"Field","name":{"kind":"Name","value":"stormModeEnabled"}}]}}]}}]} as unknown as DocumentNode<SiteByIdQuery, SiteByIdQueryVariables>;
export const SiteLiveStatusesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SiteLiveStatuses"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sites"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"energySiteId"}},{"kind":"Field","name":{"kind":"Name","value":"liveStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"solarPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"batteryPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"loadPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"gridPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"percentageCharged"}}]}},{"kind":"Field","name":{"kind":"Name","value":"settings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"backupReservePercent"}},{"kind":"Field","name":{"kind":"Name","value":"exportRule"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SiteLiveStatusesQuery, SiteLiveStatusesQueryVariables>;
export const SiteTelemetryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"SiteTelemetry"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"siteIds"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"siteTelemetry"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"siteIds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"siteIds"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"site"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sampledAt"}},{"kind":"Field","name":{"kind":"Name","value":"ageSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"stale"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"liveStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"solarPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"batteryPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"loadPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"gridPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"percentageCharged"}},{"kind":"Field","name":{"kind":"Name","value":"energyLeftWh"}},{"kind":"Field","name":{"kind":"Name","value":"gridStatus"}}]}}]}}]}}]} as unknown as DocumentNode<SiteTelemetrySubscription, SiteTelemetrySubscriptionVariables>;
export const FleetTelemetryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"FleetTelemetry"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SiteFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fleetTelemetry"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"computedAt"}},{"kind":"Field","name":{"kind":"Name","value":"siteCount"}},{"kind":"Field","name":{"kind":"Name","value":"reportingSiteCount"}},{"kind":"Field","name":{"kind":"Name","value":"staleSiteCount"}},{"kind":"Field","name":{"kind":"Name","value":"solarPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"batteryPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"loadPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"gridPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"energyLeftWh"}},{"kind":"Field","name":{"kind":"Name","value":"totalPackEnergyWh"}},{"kind":"Field","name":{"kind":"Name","value":"meanPercentageCharged"}},{"kind":"Field","name":{"kind":"Name","value":"oldestSampleAgeSeconds"}}]}}]}}]} as unknown as DocumentNode<FleetTelemetrySubscription, FleetTelemetrySubscriptionVariables>;
export const SiteHistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SiteHistory"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"start"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"end"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"interval"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"HistoryInterval"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"site"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"history"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"start"},"value":{"kind":"Variable","name":{"kind":"Name","value":"start"}}},{"kind":"Argument","name":{"kind":"Name","value":"end"},"value":{"kind":"Variable","name":{"kind":"Name","value":"end"}}},{"kind":"Argument","name":{"kind":"Name","value":"interval"},"value":{"kind":"Variable","name":{"kind":"Name","value":"interval"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"sampleCount"}},{"kind":"Field","name":{"kind":"Name","value":"solarPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"batteryPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"loadPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"gridPowerW"}},{"kind":"Field","name":{"kind":"Name","value":"percentageCharged"}},{"kind":"Field","name":{"kind":"Name","value":"energyLeftWh"}}]}}]}}]}}]} as unknown as DocumentNode<SiteHistoryQuery, SiteHistoryQueryVariables>;
export const VehiclesOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VehiclesOverview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vehicles"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VehicleDetails"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VehicleDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}},{"kind":"Field","name":{"kind":"Name","value":"teslaVehicleId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"chargeState"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batteryLevel"}},{"kind":"Field","name":{"kind":"Name","value":"chargeLimitSoc"}},{"kind":"Field","name":{"kind":"Name","value":"chargingState"}},{"kind":"Field","name":{"kind":"Name","value":"chargerPowerKw"}},{"kind":"Field","name":{"kind":"Name","value":"chargeAmps"}}]}},{"kind":"Field","name":{"kind":"Name","value":"keyPaired"}},{"kind":"Field","name":{"kind":"Name","value":"commandSigning"}},{"kind":"Field","name":{"kind":"Name","value":"commandProtocolRequired"}},{"kind":"Field","name":{"kind":"Name","value":"pairingUrl"}}]}}]} as unknown as DocumentNode<VehiclesOverviewQuery, VehiclesOverviewQueryVariables>;
export const VehicleByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"VehicleById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vehicle"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"VehicleDetails"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"VehicleDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Vehicle"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"vin"}},{"kind":"Field","name":{"kind":"Name","value":"teslaVehicleId"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"chargeState"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"batteryLevel"}},{"kind":"Field","name":{"kind":"Name","value":"chargeLimitSoc"}},{"kind":"Field","name":{"kind":"Name","value":"chargingState"}},{"kind":"Field","name":{"kind":"Name","value":"chargerPowerKw"}},{"kind":"Field","name":{"kind":"Name","value":"chargeAmps"}}]}},{"kind":"Field","name":{"kind":"Name","value":"keyPaired"}},{"kind":"Field","name":{"kind":"Name","value":"commandSigning"}},{"kind":"Field","name":{"kind":"Name","value":"commandProtocolRequired"}},{"kind":"Field","name":{"kind":"Name","value":"pairingUrl"}}]}}]} as unknown as DocumentNode<VehicleByIdQuery, VehicleByIdQueryVariables>;