import type { SharedCache } from '../bus/shared-cache.js';
import type { ConnectionService } from '../connections/connection-service.js';
import type { Db } from '../db/database.js';
import type { TeslaConnectionRow, VehicleRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { KeysetPage, KeysetRow } from '../graphql/pagination.js';
import type { Metrics } from '../observability/metrics.js';
import type { FleetStatus, VehicleSummary } from '../tesla/responses.js';
import { READ_SCOPES } from '../tesla/scopes.js';
import * as repo from './vehicle-repository.js';

export type VehicleState = 'ONLINE' | 'ASLEEP' | 'OFFLINE' | 'UNKNOWN';

export interface ChargeState {
  batteryLevel: number | null;
  chargeLimitSoc: number | null;
  chargingState: string | null;
  chargerPowerKw: number | null;
  chargeAmps: number | null;
}

export interface KeyPairing {
  /** null when Tesla's fleet_status does not mention the car (unknown). */
  keyPaired: boolean | null;
  protocolRequired: boolean | null;
}

const STATES: Record<string, VehicleState> = { online: 'ONLINE', asleep: 'ASLEEP', offline: 'OFFLINE' };

/** fleet_status takes a list of VINs; Tesla does not publish a maximum, so stay modest. */
const FLEET_STATUS_CHUNK = 100;

export class VehicleService {
  constructor(
    private readonly db: Db,
    private readonly connections: ConnectionService,
    private readonly cache: SharedCache,
    private readonly freshnessMs: number,
    private readonly metrics: Metrics,
    /** The integrator's domain, shown to customers during virtual-key pairing. */
    private readonly integratorDomain: () => string,
  ) {}

  vehiclesByIds(organizationId: string, ids: readonly string[]): Promise<VehicleRow[]> {
    return repo.findVehiclesByIds(this.db, organizationId, ids);
  }

  listVehicles(organizationId: string, filter: repo.VehicleFilter, page: KeysetPage): Promise<(VehicleRow & KeysetRow)[]> {
    return repo.listVehicles(this.db, organizationId, filter, page);
  }

  countVehicles(organizationId: string, filter: repo.VehicleFilter): Promise<number> {
    return repo.countVehicles(this.db, organizationId, filter);
  }

  pairingUrl(vehicle: VehicleRow): string {
    // Tesla's link names the registered domain: PUBLIC_URL's host without a port.
    return `https://tesla.com/_ak/${this.integratorDomain()}?vin=${encodeURIComponent(vehicle.vin)}`;
  }

  /** After a wake or a command the cached list is stale: the next read asks Tesla again. */
  async forgetState(connection: TeslaConnectionRow): Promise<void> {
    await this.cache.invalidate(`vehicles:${connection.id}`);
  }

  /** From the account's vehicle list: one call per connection, and it never wakes a car. */
  async state(vehicle: VehicleRow, connection: TeslaConnectionRow, signal?: AbortSignal): Promise<VehicleState> {
    const list = await this.cache.getOrFetch<VehicleSummary[]>(
      `vehicles:${connection.id}`,
      this.freshnessMs,
      (abandoned) => this.connections.read(connection, READ_SCOPES.vehicles, (c) => c.vehicles(), { signal: abandoned }),
      () => this.metrics.upstreamCacheHits.inc({ endpoint: 'vehicles' }),
      { signal },
    );
    const found = list.find((v) => v.vin === vehicle.vin);
    return STATES[found?.state ?? ''] ?? 'UNKNOWN';
  }

  /**
   * Reads charge state only from an awake car: asking an asleep one costs a billed 408, and waking it
   * for a read would cost a wake and drain its battery.
   */
  async chargeState(vehicle: VehicleRow, connection: TeslaConnectionRow, signal?: AbortSignal): Promise<ChargeState> {
    const state = await this.state(vehicle, connection, signal);
    if (state === 'ASLEEP' || state === 'OFFLINE') {
      throw new GatewayError('DEVICE_OFFLINE', `vehicle ${vehicle.vin} is ${state.toLowerCase()}; reads do not wake it`, { vehicleState: state });
    }
    const data = await this.cache.getOrFetch(
      `vehicle_data:${connection.id}:${vehicle.vin}`,
      this.freshnessMs,
      (abandoned) => this.connections.read(connection, READ_SCOPES.vehicles, (c) => c.vehicleData(vehicle.vin, ['charge_state']), { signal: abandoned }),
      () => this.metrics.upstreamCacheHits.inc({ endpoint: 'vehicle_data' }),
      { signal },
    );
    const cs = data.charge_state;
    return {
      batteryLevel: cs?.battery_level ?? null,
      chargeLimitSoc: cs?.charge_limit_soc ?? null,
      chargingState: cs?.charging_state ?? null,
      chargerPowerKw: cs?.charger_power ?? null,
      chargeAmps: cs?.charge_amps ?? cs?.charge_current_request ?? null,
    };
  }

  /** fleet_status for all of a connection's cars in one call, shared by every vehicle asked about. */
  async keyPairing(vehicle: VehicleRow, connection: TeslaConnectionRow, signal?: AbortSignal): Promise<KeyPairing> {
    const status = await this.cache.getOrFetch<FleetStatus>(
      `fleet_status:${connection.id}`,
      this.freshnessMs,
      async (abandoned) => {
        const vins = (await repo.vehiclesByConnection(this.db, connection.id)).map((v) => v.vin);
        const merged: FleetStatus = { key_paired_vins: [], unpaired_vins: [], vehicle_info: {} };
        for (let i = 0; i < vins.length; i += FLEET_STATUS_CHUNK) {
          const part = await this.connections.read(connection, READ_SCOPES.vehicles, (c) => c.fleetStatus(vins.slice(i, i + FLEET_STATUS_CHUNK)), { signal: abandoned });
          merged.key_paired_vins!.push(...(part.key_paired_vins ?? []));
          merged.unpaired_vins!.push(...(part.unpaired_vins ?? []));
          Object.assign(merged.vehicle_info!, part.vehicle_info ?? {});
        }
        return merged;
      },
      () => this.metrics.upstreamCacheHits.inc({ endpoint: 'fleet_status' }),
      { signal },
    );
    const paired = status.key_paired_vins?.includes(vehicle.vin) ? true : status.unpaired_vins?.includes(vehicle.vin) ? false : null;
    return { keyPaired: paired, protocolRequired: status.vehicle_info?.[vehicle.vin]?.vehicle_command_protocol_required ?? null };
  }

  /**
   * Whether the car needs the Vehicle Command Protocol (signed commands): what fleet_status says,
   * except true once Tesla refused one of its REST commands for it (fleet_status lags; tesla-fleet-api
   * §10.9). null: unknown. `command_signing` from the vehicle list is NOT consulted: a car showing
   * "allowed" may still need the protocol.
   */
  async commandProtocolRequired(vehicle: VehicleRow, connection: TeslaConnectionRow): Promise<boolean | null> {
    if (vehicle.rest_commands_refused_at) return true;
    return (await this.keyPairing(vehicle, connection)).protocolRequired;
  }

  /** Tesla refused a REST command for protocol: send this car's commands signed from now on. */
  async rememberRestCommandsRefused(vehicle: VehicleRow): Promise<void> {
    await repo.markRestCommandsRefused(this.db, vehicle.id);
  }
}
