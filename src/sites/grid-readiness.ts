import type { SiteRow, TeslaConnectionRow } from '../db/tables.js';
import type { SiteInfo } from '../tesla/responses.js';
import type { SiteLiveStatus } from './site-mapping.js';

export type ReadinessBlockerCode =
  | 'NO_BATTERY'
  | 'EXPORT_RULE_PV_ONLY'
  | 'EXPORT_RULE_NEVER'
  | 'EXPORT_NOT_PERMITTED'
  | 'GRID_CHARGING_DISALLOWED'
  | 'GRID_CHARGING_NOT_PERMITTED'
  | 'STORM_MODE_ACTIVE'
  | 'MISSING_ENERGY_CMDS_SCOPE'
  | 'ACCOUNT_NEEDS_REAUTH';

export interface ReadinessBlocker {
  code: ReadinessBlockerCode;
  /** What it stands in the way of. */
  blocks: ('EXPORT' | 'GRID_CHARGING')[];
  message: string;
  remediation: string;
  /** True when dispatchBattery(enableGridInteraction: true) would lift it by changing the setting. */
  liftedByGridInteraction: boolean;
}

export interface GridReadiness {
  canExportBattery: boolean;
  canChargeFromGrid: boolean;
  blockers: ReadinessBlocker[];
}

/**
 * Whether a dispatch would move energy across the grid connection right now, and what stands in
 * the way, from the site's settings (site_info), its live status and the connection. Tesla's
 * `edit_setting_*` flags say whether the setting may be changed at all (a utility or installer
 * choice), which decides whether enableGridInteraction can help.
 */
export function gridReadiness(site: SiteRow, connection: TeslaConnectionRow, info: SiteInfo | null, live: SiteLiveStatus | null): GridReadiness {
  const blockers: ReadinessBlocker[] = [];
  if (connection.status !== 'ACTIVE') {
    blockers.push({
      code: 'ACCOUNT_NEEDS_REAUTH',
      blocks: ['EXPORT', 'GRID_CHARGING'],
      message: 'Tesla no longer accepts this account',
      remediation: 'The customer connects the Tesla account again.',
      liftedByGridInteraction: false,
    });
  }
  if (!connection.granted_scopes.includes('energy_cmds')) {
    blockers.push({
      code: 'MISSING_ENERGY_CMDS_SCOPE',
      blocks: ['EXPORT', 'GRID_CHARGING'],
      message: 'the connection may not command energy devices (energy_cmds)',
      remediation: 'The customer updates the access granted at Tesla to include energy_cmds and connects again.',
      liftedByGridInteraction: false,
    });
  }
  if (!site.has_battery) {
    blockers.push({ code: 'NO_BATTERY', blocks: ['EXPORT', 'GRID_CHARGING'], message: 'the site has no battery', remediation: 'None: there is nothing to dispatch.', liftedByGridInteraction: false });
  }
  const components = info?.components;
  const exportRule = components?.customer_preferred_export_rule;
  const mayEditExport = components?.edit_setting_permission_to_export !== false;
  if (site.has_battery && exportRule && exportRule !== 'battery_ok') {
    blockers.push({
      code: exportRule === 'never' ? 'EXPORT_RULE_NEVER' : 'EXPORT_RULE_PV_ONLY',
      blocks: ['EXPORT'],
      message: exportRule === 'never' ? 'the site exports nothing (export rule "never")' : 'the site exports solar only (export rule "pv_only")',
      remediation: mayEditExport
        ? 'Dispatch with enableGridInteraction to set the export rule to battery_ok for the event (restored afterwards), or the customer chooses "Everything" under Energy Exports in the Tesla app.'
        : 'The export setting is locked for this site; the installer or utility must allow battery export.',
      liftedByGridInteraction: mayEditExport,
    });
  }
  if (site.has_battery && exportRule && exportRule !== 'battery_ok' && !mayEditExport) {
    blockers.push({
      code: 'EXPORT_NOT_PERMITTED',
      blocks: ['EXPORT'],
      message: 'the site may not change its export setting (no permission to export)',
      remediation: 'The installer or utility must grant export permission for this site.',
      liftedByGridInteraction: false,
    });
  }
  const hasSolar = components?.solar ?? site.has_solar;
  const gridChargingOff = hasSolar && components?.disallow_charge_from_grid_with_solar_installed === true;
  const mayEditGridCharging = components?.edit_setting_grid_charging !== false;
  if (site.has_battery && gridChargingOff) {
    blockers.push({
      code: mayEditGridCharging ? 'GRID_CHARGING_DISALLOWED' : 'GRID_CHARGING_NOT_PERMITTED',
      blocks: ['GRID_CHARGING'],
      message: 'the battery may not charge from the grid',
      remediation: mayEditGridCharging
        ? 'Dispatch with enableGridInteraction to allow grid charging for the event (restored afterwards), or the customer turns on Grid Charging in the Tesla app.'
        : 'Grid charging is locked for this site; the installer or utility must allow it.',
      liftedByGridInteraction: mayEditGridCharging,
    });
  }
  if (live?.stormModeActive) {
    blockers.push({
      code: 'STORM_MODE_ACTIVE',
      blocks: ['EXPORT'],
      message: 'storm watch is active: the battery is held full for an outage',
      remediation: 'Wait for the storm watch to end, or the customer turns off Storm Watch in the Tesla app.',
      liftedByGridInteraction: false,
    });
  }
  return {
    canExportBattery: !blockers.some((b) => b.blocks.includes('EXPORT')),
    canChargeFromGrid: !blockers.some((b) => b.blocks.includes('GRID_CHARGING')),
    blockers,
  };
}
