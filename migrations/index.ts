import type { Migration } from 'kysely/migration';
import * as foundation from './2026_11_23_0001_foundation.js';
import * as connectSessions from './2026_11_23_0002_connect_sessions.js';
import * as commands from './2026_11_23_0003_commands.js';
import * as dispatches from './2026_11_23_0004_dispatches.js';
import * as telemetry from './2026_11_23_0005_telemetry.js';
import * as telemetryRetention from './2026_11_23_0006_telemetry_retention.js';
import * as openCommandsIndex from './2026_11_23_0007_open_commands_index.js';
import * as programs from './2026_11_30_0001_programs.js';
import * as powerhub from './2026_11_30_0002_powerhub.js';
import * as vehicleProtocol from './2026_11_30_0003_vehicle_protocol.js';
import * as connectSessionRegion from './2026_11_30_0004_connect_session_region.js';
import * as apiKeyLastUsed from './2026_11_30_0005_api_key_last_used.js';
import * as createdBy from './2026_11_30_0006_created_by.js';
import * as boundReconnectLinks from './2026_11_30_0007_bound_reconnect_links.js';
import * as commandLease from './2026_11_30_0008_command_lease.js';
import * as commandWatch from './2026_11_30_0009_command_watch.js';

/**
 * Every migration, by name (names sort in the order they run). Listed statically rather than read
 * from the folder so they load the same way under tsx, vitest and compiled JavaScript.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_foundation': foundation,
  '2026_11_23_0002_connect_sessions': connectSessions,
  '2026_11_23_0003_commands': commands,
  '2026_11_23_0004_dispatches': dispatches,
  '2026_11_23_0005_telemetry': telemetry,
  '2026_11_23_0006_telemetry_retention': telemetryRetention,
  '2026_11_23_0007_open_commands_index': openCommandsIndex,
  '2026_11_30_0001_programs': programs,
  '2026_11_30_0002_powerhub': powerhub,
  '2026_11_30_0003_vehicle_protocol': vehicleProtocol,
  '2026_11_30_0004_connect_session_region': connectSessionRegion,
  '2026_11_30_0005_api_key_last_used': apiKeyLastUsed,
  '2026_11_30_0006_created_by': createdBy,
  '2026_11_30_0007_bound_reconnect_links': boundReconnectLinks,
  '2026_11_30_0008_command_lease': commandLease,
  '2026_11_30_0009_command_watch': commandWatch,
};
