import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
}

export type ApiKeyRole = 'admin' | 'operator' | 'read_only';

export interface ApiKeysTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  role: ColumnType<ApiKeyRole, ApiKeyRole | undefined, ApiKeyRole>;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export type ConnectionStatus = 'ACTIVE' | 'NEEDS_REAUTH' | 'REVOKED';

export interface TeslaConnectionsTable {
  id: Generated<string>;
  organization_id: string;
  tesla_user_id: string;
  region: string;
  fleet_api_base_url: string;
  status: ColumnType<ConnectionStatus, ConnectionStatus | undefined, ConnectionStatus>;
  granted_scopes: ColumnType<string[], string[] | undefined, string[]>;
  access_token_ciphertext: string | null;
  refresh_token_ciphertext: string | null;
  encryption_key_id: string | null;
  access_token_expires_at: Timestamp | null;
  last_refreshed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SitesTable {
  id: Generated<string>;
  organization_id: string;
  connection_id: string;
  energy_site_id: string;
  name: string;
  time_zone: string | null;
  has_battery: boolean;
  has_solar: boolean;
  has_grid: boolean;
  battery_count: ColumnType<number, number | undefined, number>;
  nameplate_power_w: number | null;
  nameplate_energy_wh: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PowerwallsTable {
  id: Generated<string>;
  organization_id: string;
  site_id: string;
  din: string;
  serial_number: string | null;
  part_name: string | null;
  nameplate_energy_wh: number | null;
  nameplate_power_w: number | null;
}

export interface WallConnectorsTable {
  id: Generated<string>;
  organization_id: string;
  site_id: string;
  din: string;
  device_id: string | null;
  part_name: string | null;
  is_active: boolean;
}

export interface VehiclesTable {
  id: Generated<string>;
  organization_id: string;
  connection_id: string;
  tesla_vehicle_id: string;
  vin: string;
  display_name: string | null;
  command_signing: string | null;
  /** When Tesla refused a REST command for protocol (403) although fleet_status said none is needed. */
  rest_commands_refused_at: Generated<Date | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ConnectSessionsTable {
  id: Generated<string>;
  organization_id: string;
  state_hash: string;
  code_verifier_ciphertext: string;
  nonce: string;
  requested_scopes: string[];
  redirect_after: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  connection_id: string | null;
  error: string | null;
  /** 'global' (auth.tesla.com) or 'cn' (auth.tesla.cn): the app the code is exchanged with. */
  auth_region: Generated<string>;
  /** Set when started from a reconnect link: the consent must come back with this Tesla account. */
  expected_tesla_user_id: string | null;
  created_at: CreatedAt;
}

export type CommandStatus = 'PENDING' | 'QUEUED' | 'SENT' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED' | 'EXPIRED';

export interface CommandsTable {
  id: Generated<string>;
  organization_id: string;
  kind: string;
  target_type: 'SITE' | 'VEHICLE';
  target_id: string;
  connection_id: string;
  parameters: ColumnType<Record<string, unknown>, string, string>;
  status: ColumnType<CommandStatus, CommandStatus | undefined, CommandStatus>;
  reason: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  idempotency_key: string | null;
  request_fingerprint: string | null;
  expires_at: Timestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  completed_at: Timestamp | null;
  dispatch_id: ColumnType<string | null, string | null | undefined, string | null>;
  program_event_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The API key that asked for it (audit); null when the gateway started it itself. */
  created_by_api_key_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The delivery running it and until when (command-leases.ts); null when none is. */
  lease_holder: ColumnType<string | null, string | null | undefined, string | null>;
  leased_until: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** Reads made so far while watching a sent command's effect appear (command-handler.ts); null when not watching. */
  watch_reads: ColumnType<number | null, number | null | undefined, number | null>;
}

export type DispatchMode = 'CHARGE' | 'DISCHARGE' | 'IDLE' | 'SELF_CONSUMPTION';

export interface DispatchesTable {
  id: Generated<string>;
  organization_id: string;
  mode: DispatchMode;
  power_kw: number | null;
  until: Timestamp;
  enable_grid_interaction: boolean;
  site_count: number;
  idempotency_key: string | null;
  request_fingerprint: string;
  cancelled_at: Timestamp | null;
  created_at: CreatedAt;
  /** The API key that asked for it (audit); null when the gateway started it itself. */
  created_by_api_key_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface DispatchSnapshotsTable {
  dispatch_id: string;
  site_id: string;
  settings: ColumnType<Record<string, unknown>, string, string>;
  created_at: CreatedAt;
}

export interface TelemetrySamplesTable {
  site_id: string;
  source: 'POLL' | 'CALENDAR_HISTORY';
  sampled_at: Timestamp;
  period_s: number;
  solar_power_w: number | null;
  battery_power_w: number | null;
  load_power_w: number | null;
  grid_power_w: number | null;
  percentage_charged: number | null;
  energy_left_wh: number | null;
  grid_status: string | null;
}

export interface TelemetryBackfillsTable {
  site_id: string;
  local_day: ColumnType<string, string, string>;
  bucket_count: number;
  fetched_at: CreatedAt;
}

export type ProgramKind = 'DEMAND_RESPONSE' | 'VPP' | 'PEAK_SHAVING' | 'GRID_SERVICES' | 'RESILIENCY';
export type ProgramTransport = 'FLEET_API' | 'POWERHUB';

export interface ProgramsTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  kind: ProgramKind;
  transport: ProgramTransport;
  baseline: ColumnType<Record<string, unknown>, string, string>;
  created_at: CreatedAt;
}

export interface ProgramEnrollmentsTable {
  program_id: string;
  site_id: string;
  enrolled_at: CreatedAt;
}

export type ProgramEventStatus = 'SCHEDULED' | 'ACTIVE' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

export interface ProgramEventsTable {
  id: Generated<string>;
  organization_id: string;
  program_id: string;
  mode: DispatchMode;
  start_at: Timestamp;
  end_at: Timestamp;
  target_kw: number | null;
  requested_kw: number;
  baseline: ColumnType<Record<string, unknown>, string, string>;
  enable_grid_interaction: boolean;
  status: ProgramEventStatus;
  reason: string | null;
  dispatch_id: string | null;
  powerhub_dispatch_id: string | null;
  idempotency_key: string | null;
  request_fingerprint: string;
  performance: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  cancelled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** The API key that asked for it (audit); null when the gateway started it itself. */
  created_by_api_key_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ProgramEventSitesTable {
  event_id: string;
  site_id: string;
  included: boolean;
  conflict_id: string | null;
  override: string | null;
  powerhub_delivered_kwh: number | null;
}

export interface Database {
  powerhub_accounts: PowerhubAccountsTable;
  powerhub_sites: PowerhubSitesTable;
  programs: ProgramsTable;
  program_enrollments: ProgramEnrollmentsTable;
  program_events: ProgramEventsTable;
  program_event_sites: ProgramEventSitesTable;
  telemetry_samples: TelemetrySamplesTable;
  telemetry_backfills: TelemetryBackfillsTable;
  dispatches: DispatchesTable;
  dispatch_snapshots: DispatchSnapshotsTable;
  commands: CommandsTable;
  connect_sessions: ConnectSessionsTable;
  used_reconnect_links: { link_id: string; expires_at: Timestamp };
  organizations: OrganizationsTable;
  api_keys: ApiKeysTable;
  tesla_connections: TeslaConnectionsTable;
  sites: SitesTable;
  powerwalls: PowerwallsTable;
  wall_connectors: WallConnectorsTable;
  vehicles: VehiclesTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type TeslaConnectionRow = Selectable<TeslaConnectionsTable>;
export type SiteRow = Selectable<SitesTable>;
export type NewSite = Insertable<SitesTable>;
export type PowerwallRow = Selectable<PowerwallsTable>;
export type WallConnectorRow = Selectable<WallConnectorsTable>;
export type VehicleRow = Selectable<VehiclesTable>;
export type ConnectSessionRow = Selectable<ConnectSessionsTable>;
export type CommandRow = Selectable<CommandsTable>;
export type DispatchRow = Selectable<DispatchesTable>;
export type ProgramRow = Selectable<ProgramsTable>;
export type ProgramEventRow = Selectable<ProgramEventsTable>;
export type ProgramEventSiteRow = Selectable<ProgramEventSitesTable>;

export type PowerhubAccountStatus = 'ACTIVE';

/** One Powerhub account per organization; the client secret is sealed by the token vault. */
export interface PowerhubAccountsTable {
  id: Generated<string>;
  organization_id: string;
  base_url: string;
  client_id: string;
  client_secret_ciphertext: string;
  encryption_key_id: string;
  status: PowerhubAccountStatus;
  site_count: ColumnType<number, number | undefined, number>;
  unlinked_site_count: ColumnType<number, number | undefined, number>;
  linked_at: Timestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A site the organization's Powerhub account manages; `site_id` is ours when linked by energy_site_id. */
export interface PowerhubSitesTable {
  organization_id: string;
  powerhub_site_id: string;
  site_id: string | null;
  energy_site_id: string | null;
  group_ids: ColumnType<string[], string[] | undefined, string[]>;
  nameplate_power_kw: number | null;
  nameplate_energy_kwh: number | null;
}

export type PowerhubAccountRow = Selectable<PowerhubAccountsTable>;
export type PowerhubSiteRow = Selectable<PowerhubSitesTable>;
