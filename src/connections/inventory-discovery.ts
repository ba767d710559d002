import pLimit from 'p-limit';
import type { Db } from '../db/database.js';
import type { TeslaConnectionRow } from '../db/tables.js';
import type { Logger } from '../observability/logger.js';
import { saveDiscoveredSite, type DiscoveredSite } from '../sites/site-repository.js';
import type { FleetApiClient } from '../tesla/fleet-api-client.js';
import { reportSkippedTeslaField, type EnergyProduct, type SiteInfo, type VehicleSummary } from '../tesla/responses.js';
import { saveDiscoveredVehicle } from '../vehicles/vehicle-repository.js';

export interface InventorySummary {
  sites: number;
  vehicles: number;
  /** Sites whose site_info could not be read; they are stored from the product listing alone. */
  partialSites: string[];
}

/** site_info calls run a few at a time: enough to be quick, gentle on Tesla's per-account limits. */
const SITE_INFO_CONCURRENCY = 4;

/** Lists the account's products and records its energy sites (with their devices) and vehicles. */
export async function discoverInventory(db: Db, client: FleetApiClient, connection: TeslaConnectionRow, logger: Logger): Promise<InventorySummary> {
  const granted = new Set(connection.granted_scopes);
  if (!granted.has('energy_device_data') && !granted.has('vehicle_device_data')) {
    return { sites: 0, vehicles: 0, partialSites: [] };
  }
  const { energySites, vehicles: listedProducts } = await client.products();
  const vehicles = granted.has('vehicle_device_data') ? await allVehicles(client, listedProducts, logger) : listedProducts;
  const limit = pLimit(SITE_INFO_CONCURRENCY);
  const partialSites: string[] = [];

  // Tesla lists placeholder sites with no battery, solar or wall connector; they have nothing to steer.
  const meaningful = energySites.filter((s) => s.components?.battery || s.components?.solar || s.components?.wall_connectors?.length);
  // Without energy_device_data there is no site_info: the sites are still recorded from the product
  // listing, so the integrator sees them, and reads of their data name the missing scope.
  const canReadSiteInfo = granted.has('energy_device_data');
  await Promise.all(
    meaningful.map((product) =>
      limit(async () => {
        let info: SiteInfo | undefined;
        if (canReadSiteInfo) {
          try {
            info = await client.siteInfo(product.energy_site_id);
          } catch (error) {
            partialSites.push(product.energy_site_id);
            logger.warn({ energySiteId: product.energy_site_id, err: (error as Error).message }, 'site_info failed during discovery');
          }
        }
        await saveDiscoveredSite(db, connection.organization_id, connection.id, describeSite(product, info));
      }),
    ),
  );
  for (const v of vehicles) {
    await saveDiscoveredVehicle(db, connection.organization_id, connection.id, {
      teslaVehicleId: v.id,
      vin: v.vin,
      displayName: v.display_name ?? null,
      commandSigning: v.command_signing ?? null,
    });
  }
  return { sites: meaningful.length, vehicles: vehicles.length, partialSites };
}

/**
 * The account's cars: every page of `GET /api/1/vehicles` (Tesla's vehicle list, 100 a page), merged
 * with the cars `/products` showed (its entry wins: it carries `command_signing`). One call per 100
 * cars; when the list cannot be read, the products' cars are kept.
 */
async function allVehicles(client: FleetApiClient, fromProducts: VehicleSummary[], logger: Logger): Promise<VehicleSummary[]> {
  let listed: VehicleSummary[];
  try {
    listed = await client.vehicles();
  } catch (error) {
    logger.warn({ err: (error as Error).message }, 'the vehicle list failed during discovery; keeping the cars /products showed');
    return fromProducts;
  }
  const byVin = new Map(listed.map((v) => [v.vin, v]));
  for (const v of fromProducts) byVin.set(v.vin, { ...byVin.get(v.vin), ...v });
  return [...byVin.values()];
}

/** An IANA zone the runtime knows; Tesla sends "" for some sites (Home Assistant's site_info fixtures), which is "unknown". */
function knownTimeZone(zone: string | null | undefined): string | null {
  if (!zone) return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    reportSkippedTeslaField('site_info', 'installation_time_zone', 'not a time zone the gateway knows');
    return null;
  }
}

/**
 * A device's key when Tesla leaves out its `din` (tesla-fleet-api.md §11): Tesla's DIN is
 * `<part number>--<serial number>`, so that is rebuilt when both are there; else the device id;
 * else its position on the site. Stable across discoveries, so the row is updated, not duplicated.
 */
function deviceKey(
  device: { din?: string | null; part_number?: unknown; serial_number?: string | null; device_id?: string | null },
  energySiteId: string,
  kind: 'battery' | 'wall-connector',
  index: number,
): string {
  if (device.din) return device.din;
  if (typeof device.part_number === 'string' && device.part_number && device.serial_number) return `${device.part_number}--${device.serial_number}`;
  if (device.device_id) return device.device_id;
  return `${energySiteId}-${kind}-${index + 1}`;
}

function describeSite(product: EnergyProduct, info: SiteInfo | undefined): DiscoveredSite {
  const components = info?.components;
  const hasBattery = Boolean(components?.battery ?? product.components?.battery);
  const batteries = components?.batteries ?? [];
  const powerwalls = batteries.map((b, i) => ({
    din: deviceKey(b, product.energy_site_id, 'battery', i),
    serialNumber: b.serial_number ?? null,
    partName: b.part_name ?? null,
    nameplateEnergyWh: b.nameplate_energy ?? null,
    nameplatePowerW: b.nameplate_max_discharge_power ?? null,
  }));
  // When Tesla does not list units, the site's battery system stands as one Powerwall.
  if (hasBattery && powerwalls.length === 0) {
    powerwalls.push({
      din: String(info?.id ?? product.id ?? `${product.energy_site_id}-battery`),
      serialNumber: null,
      partName: null,
      nameplateEnergyWh: info?.nameplate_energy ?? null,
      nameplatePowerW: info?.nameplate_power ?? null,
    });
  }
  const wallConnectors = (components?.wall_connectors ?? product.components?.wall_connectors ?? []).map((w, i) => ({
    din: deviceKey(w, product.energy_site_id, 'wall-connector', i),
    deviceId: w.device_id ?? null,
    partName: 'part_name' in w ? ((w.part_name as string | null | undefined) ?? null) : null,
    isActive: w.is_active ?? true,
  }));
  return {
    detailed: info !== undefined,
    energySiteId: product.energy_site_id,
    name: info?.site_name ?? product.site_name ?? `Site ${product.energy_site_id}`,
    timeZone: knownTimeZone(info?.installation_time_zone),
    hasBattery,
    hasSolar: Boolean(components?.solar ?? product.components?.solar),
    hasGrid: Boolean(components?.grid ?? product.components?.grid ?? true),
    batteryCount: info?.battery_count ?? powerwalls.length,
    nameplatePowerW: info?.nameplate_power ?? null,
    nameplateEnergyWh: info?.nameplate_energy ?? null,
    powerwalls,
    wallConnectors,
  };
}
