import type { Account } from './fleet/account.js';
import { generateAccounts, type FleetOptions } from './fleet/demo-fleet.js';
import type { EnergySite } from './fleet/energy-site.js';
import type { Vehicle } from './fleet/vehicle.js';
import { chargeStatusAt } from './physics/vehicle-charging.js';
import { SitePhysics, type WallConnectorSample } from './physics/site-physics.js';
import { startOfLocalDay } from './time/time-zone.js';

/**
 * The sandbox world: accounts with their sites and cars, indexed for the HTTP layer, with one
 * physics integrator per site. History starts at local midnight `historyDays` (default 1) days
 * before the start time, so "today" and "yesterday" always have a full calendar_history — and
 * baselines over past weekdays (X-of-Y days) have days to average when asked for more.
 */

/** Local midnight `days` days before the start: where a site's physics (and history) begins. */
export function historyOrigin(site: EnergySite, startTime: number, days = 1): number {
  let origin = startOfLocalDay(site.timeZone, startTime);
  for (let day = 0; day < days; day++) origin = startOfLocalDay(site.timeZone, origin - 1);
  return origin;
}

export interface SiteEntry {
  account: Account;
  site: EnergySite;
  physics: SitePhysics;
}

export interface VehicleEntry {
  account: Account;
  vehicle: Vehicle;
}

export class World {
  readonly accounts: Account[];
  private readonly sites = new Map<string, SiteEntry>();
  private readonly vehiclesById = new Map<string, VehicleEntry>();
  private readonly vehiclesByVin = new Map<string, VehicleEntry>();

  constructor(seed: number, startTime: number, options: FleetOptions & { historyDays?: number } = {}) {
    this.accounts = generateAccounts(seed, startTime, options);
    for (const account of this.accounts) {
      for (const vehicle of account.vehicles) {
        const entry = { account, vehicle };
        this.vehiclesById.set(String(vehicle.id), entry);
        this.vehiclesByVin.set(vehicle.vin, entry);
      }
    }
    for (const account of this.accounts) {
      for (const site of account.sites) {
        const physics = new SitePhysics(site, historyOrigin(site, startTime, options.historyDays), (t) => this.wallConnectorSamples(account, site, t), startTime);
        this.sites.set(String(site.energySiteId), { account, site, physics });
      }
    }
  }

  account(name: string): Account | undefined {
    return this.accounts.find((account) => account.name === name);
  }

  accountByUserId(userId: string): Account | undefined {
    return this.accounts.find((account) => account.userId === userId);
  }

  /** Any account's site; callers check ownership so that a foreign site looks like a missing one. */
  site(energySiteId: string): SiteEntry | undefined {
    return this.sites.get(energySiteId);
  }

  allSites(): SiteEntry[] {
    return [...this.sites.values()];
  }

  /** Tesla accepts the numeric id or the VIN wherever a `{vehicle_tag}` appears. */
  vehicle(tag: string): VehicleEntry | undefined {
    return this.vehiclesByVin.get(tag) ?? this.vehiclesById.get(tag);
  }

  /**
   * Applies a settings change at simulated `now`, through the physics' catch-up-first path
   * (`SitePhysics.changeAt`), so it takes effect from that instant without rewriting history.
   */
  updateSite(entry: SiteEntry, now: number, change: (site: EnergySite) => void): void {
    entry.physics.changeAt(now, () => change(entry.site));
  }

  /** Same for a car: its charging shows up in its home site's wall connector and load. */
  updateVehicle(vehicle: Vehicle, now: number, change: (vehicle: Vehicle) => void): void {
    const home = vehicle.homeEnergySiteId === null ? undefined : this.site(String(vehicle.homeEnergySiteId));
    if (home) home.physics.changeAt(now, () => change(vehicle));
    else change(vehicle);
  }

  private wallConnectorSamples(account: Account, site: EnergySite, epochMs: number): WallConnectorSample[] {
    return site.wallConnectors.map((wc) => {
      const car = account.vehicles.find((v) => v.charging.pluggedIn && v.charging.wallConnectorDin === wc.din);
      if (!car) return { din: wc.din, vin: null, activity: 'idle', powerW: 0 };
      const status = chargeStatusAt(car, epochMs);
      const activity =
        status.chargingState === 'Charging' ? 'charging' : status.chargingState === 'Complete' ? 'complete' : 'connected';
      return { din: wc.din, vin: car.vin, activity, powerW: status.powerW };
    });
  }
}
