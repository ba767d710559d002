import { maxDischargePowerW, type EnergySite } from '../fleet/energy-site.js';
import type { SiteSnapshot } from '../physics/site-physics.js';
import { dispatchState, type Dispatch, type PowerhubDispatches } from './dispatches.js';
import type { PowerhubSite } from './powerhub-sites.js';

/** Powerhub's JSON shapes (DESIGN §11): snake_case, kW and kWh, RFC 3339 UTC instants. */

const kw = (watts: number): number => watts / 1000;

function nameplateEnergyWh(site: EnergySite): number {
  return site.powerwalls.reduce((sum, unit) => sum + unit.nameplateEnergyWh, 0);
}

export function siteJson(entry: PowerhubSite) {
  return {
    site_id: entry.siteId,
    energy_site_id: entry.energySiteId,
    din: entry.site.gateway?.din ?? null,
    name: entry.site.siteName,
    group_ids: entry.groupIds,
    nameplate_power_kw: kw(maxDischargePowerW(entry.site)),
    nameplate_energy_kwh: kw(nameplateEnergyWh(entry.site)),
  };
}

/**
 * The same snapshot the Fleet API's live_status renders, in kW; the state of energy is computed
 * exactly as live_status computes `percentage_charged`, so the two agree to the last digit.
 */
export function telemetryJson(entry: PowerhubSite, snapshot: SiteSnapshot) {
  const energyLeftWh = Math.round(snapshot.energyLeftWh * 10) / 10;
  return {
    site_id: entry.siteId,
    timestamp: new Date(snapshot.at).toISOString(),
    battery_power_kw: kw(snapshot.batteryW),
    solar_power_kw: kw(snapshot.solarW),
    load_power_kw: kw(snapshot.loadW),
    grid_power_kw: kw(snapshot.gridW),
    soe_percent: snapshot.totalPackEnergyWh > 0 ? (energyLeftWh / snapshot.totalPackEnergyWh) * 100 : 0,
    grid_services_active: snapshot.gridServicesActive,
  };
}

/** The 202 answer to a create (and to its replays). */
export function dispatchAckJson(dispatch: Dispatch) {
  return {
    dispatch_id: dispatch.id,
    sites: dispatch.sites.map((site) => ({ site_id: site.siteId, status: site.status, reason: site.reason })),
  };
}

export function dispatchJson(dispatch: Dispatch, dispatches: PowerhubDispatches, now: number) {
  return {
    dispatch_id: dispatch.id,
    state: dispatchState(dispatch, now),
    mode: dispatch.mode,
    per_site_kw: dispatch.perSiteKw,
    start: new Date(dispatch.startMs).toISOString(),
    end: new Date(dispatch.endMs).toISOString(),
    cancelled_at: dispatch.cancelledAtMs === null ? null : new Date(dispatch.cancelledAtMs).toISOString(),
    sites: dispatch.sites.map((site) => ({
      site_id: site.siteId,
      status: site.status,
      reason: site.reason,
      delivered_kwh: dispatches.deliveredKwh(dispatch, site, now),
    })),
  };
}
