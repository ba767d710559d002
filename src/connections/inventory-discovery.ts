import pLimit from 'p-limit';
import type { Db } from '../db/database.js';
import type { TeslaConnectionRow } from '../db/tables.js';
import type { Logger } from '../observability/logger.js';
import { saveDiscoveredSite, type DiscoveredSite } from '../sites/site-repository.js';
import type { FleetApiClient } from '../tesla/fleet-api-client.js';
import type { EnergyProduct, SiteInfo } from '../tesla/responses.js';
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
  const { energySites, vehicles } = await client.products();
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

function describeSite(product: EnergyProduct, info: SiteInfo | undefined): DiscoveredSite {
  const components = info?.components;
  const hasBattery = Boolean(components?.battery ?? product.components?.battery);
  const batteries = components?.batteries ?? [];
  const powerwalls = batteries.map((b) => ({
    din: b.din,
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
  const wallConnectors = (components?.wall_connectors ?? product.components?.wall_connectors ?? [])
    .filter((w): w is typeof w & { din: string } => typeof w.din === 'string')
    .map((w) => ({ din: w.din, deviceId: w.device_id ?? null, partName: 'part_name' in w ? ((w.part_name as string | null | undefined) ?? null) : null, isActive: w.is_active ?? true }));
  return {
    detailed: info !== undefined,
    energySiteId: product.energy_site_id,
    name: info?.site_name ?? product.site_name ?? `Site ${product.energy_site_id}`,
    timeZone: info?.installation_time_zone || null,
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
