import type { SiteRow } from '../db/tables.js';
import type { SiteLiveStatus } from '../sites/site-mapping.js';

export interface ProgramCapacity {
  siteCount: number;
  reportingSiteCount: number;
  availableDischargeKw: number;
  availableChargeKw: number;
  energyAboveReserveWh: number;
}

/**
 * What one enrolled site can deliver now: its nameplate power in the direction its state of charge
 * allows (discharge while energy is above the reserve, charge while not full), and that energy.
 * A site without a live status or reserve does not report and adds nothing.
 */
export function siteCapacity(site: SiteRow, live: SiteLiveStatus | null, backupReservePercent: number | null): Omit<ProgramCapacity, 'siteCount'> {
  if (!live || live.percentageCharged === null) return { reportingSiteCount: 0, availableDischargeKw: 0, availableChargeKw: 0, energyAboveReserveWh: 0 };
  const powerKw = (site.nameplate_power_w ?? 0) / 1000;
  const packWh = live.totalPackEnergyWh ?? site.nameplate_energy_wh ?? 0;
  const leftWh = live.energyLeftWh ?? (packWh * live.percentageCharged) / 100;
  const aboveReserveWh = Math.max(0, leftWh - (packWh * (backupReservePercent ?? 0)) / 100);
  return {
    reportingSiteCount: 1,
    availableDischargeKw: aboveReserveWh > 0 ? powerKw : 0,
    availableChargeKw: live.percentageCharged < 100 ? powerKw : 0,
    energyAboveReserveWh: aboveReserveWh,
  };
}

export function sumCapacity(sites: Omit<ProgramCapacity, 'siteCount'>[]): ProgramCapacity {
  const total: ProgramCapacity = { siteCount: sites.length, reportingSiteCount: 0, availableDischargeKw: 0, availableChargeKw: 0, energyAboveReserveWh: 0 };
  for (const s of sites) {
    total.reportingSiteCount += s.reportingSiteCount;
    total.availableDischargeKw += s.availableDischargeKw;
    total.availableChargeKw += s.availableChargeKw;
    total.energyAboveReserveWh += s.energyAboveReserveWh;
  }
  total.availableDischargeKw = Math.round(total.availableDischargeKw * 1000) / 1000;
  total.availableChargeKw = Math.round(total.availableChargeKw * 1000) / 1000;
  total.energyAboveReserveWh = Math.round(total.energyAboveReserveWh);
  return total;
}
