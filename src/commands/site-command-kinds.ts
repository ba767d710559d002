import { GatewayError } from '../gateway-error.js';
import type { FleetApiClient } from '../tesla/fleet-api-client.js';
import type { SiteInfo } from '../tesla/responses.js';
import { toSiteSettings, type ExportRule, type OperationMode } from '../sites/site-mapping.js';

export type SiteCommandKind = 'SET_BACKUP_RESERVE' | 'SET_OPERATION_MODE' | 'SET_STORM_MODE' | 'SET_GRID_IMPORT_EXPORT';

export interface SiteCommandParameters {
  SET_BACKUP_RESERVE: { backupReservePercent: number };
  SET_OPERATION_MODE: { mode: OperationMode };
  SET_STORM_MODE: { enabled: boolean };
  SET_GRID_IMPORT_EXPORT: { exportRule?: ExportRule | null; gridChargingAllowed?: boolean | null };
}

export interface SiteCommandDefinition<K extends SiteCommandKind> {
  /** Rejects bad input before anything is stored (BAD_USER_INPUT). */
  validate(parameters: SiteCommandParameters[K], site: { hasBattery: boolean }): void;
  send(client: FleetApiClient, energySiteId: string, parameters: SiteCommandParameters[K]): Promise<unknown>;
  /** Compares what Tesla reports afterwards with what was asked: null when it took, else why not. */
  verify(info: SiteInfo, parameters: SiteCommandParameters[K]): string | null;
}

const TESLA_MODE = { SELF_CONSUMPTION: 'self_consumption', TIME_BASED_CONTROL: 'autonomous', BACKUP: 'backup' } as const;
const TESLA_EXPORT_RULE = { PV_ONLY: 'pv_only', BATTERY_OK: 'battery_ok', NEVER: 'never' } as const;

function requireBattery(site: { hasBattery: boolean }): void {
  if (!site.hasBattery) throw GatewayError.badUserInput('siteId', 'this site has no battery');
}

export const SITE_COMMANDS: { [K in SiteCommandKind]: SiteCommandDefinition<K> } = {
  SET_BACKUP_RESERVE: {
    validate: ({ backupReservePercent }, site) => {
      if (!Number.isInteger(backupReservePercent) || backupReservePercent < 0 || backupReservePercent > 100) {
        throw GatewayError.badUserInput('backupReservePercent', 'backupReservePercent must be a whole number from 0 to 100');
      }
      requireBattery(site);
    },
    send: (client, id, { backupReservePercent }) => client.setBackupReserve(id, backupReservePercent),
    verify: (info, { backupReservePercent }) => {
      const stored = toSiteSettings(info).backupReservePercent;
      if (stored === backupReservePercent) return null;
      // Recent Powerwall firmware clamps 81–99 % to 80 % and still answers 200.
      return `Tesla accepted the request but the site reports a backup reserve of ${stored ?? 'unknown'} %, not ${backupReservePercent} %${
        stored === 80 && backupReservePercent > 80 && backupReservePercent < 100 ? ' (this firmware clamps 81–99 % to 80 %)' : ''
      }`;
    },
  },
  SET_OPERATION_MODE: {
    validate: (_p, site) => requireBattery(site),
    send: (client, id, { mode }) => client.setOperationMode(id, TESLA_MODE[mode]),
    verify: (info, { mode }) => {
      const stored = toSiteSettings(info).operationMode;
      return stored === mode ? null : `Tesla accepted the request but the site reports operation mode ${stored ?? 'unknown'}, not ${mode}`;
    },
  },
  SET_STORM_MODE: {
    validate: (_p, site) => requireBattery(site),
    send: (client, id, { enabled }) => client.setStormMode(id, enabled),
    verify: (info, { enabled }) => {
      const stored = toSiteSettings(info).stormModeEnabled;
      return stored === enabled ? null : `Tesla accepted the request but storm mode is ${stored ? 'on' : 'off'}`;
    },
  },
  SET_GRID_IMPORT_EXPORT: {
    validate: ({ exportRule, gridChargingAllowed }) => {
      if (exportRule == null && gridChargingAllowed == null) throw GatewayError.badUserInput('exportRule', 'give exportRule, gridChargingAllowed or both');
    },
    send: (client, id, { exportRule, gridChargingAllowed }) =>
      client.setGridImportExport(id, {
        ...(exportRule != null ? { exportRule: TESLA_EXPORT_RULE[exportRule] } : {}),
        ...(gridChargingAllowed != null ? { disallowChargeFromGridWithSolarInstalled: !gridChargingAllowed } : {}),
      }),
    verify: (info, { exportRule, gridChargingAllowed }) => {
      const settings = toSiteSettings(info);
      const problems: string[] = [];
      if (exportRule != null && settings.exportRule !== exportRule) problems.push(`export rule is ${settings.exportRule ?? 'unknown'}, not ${exportRule}`);
      // Without solar Tesla reports grid charging as allowed whatever the flag says.
      if (gridChargingAllowed != null && settings.gridChargingAllowed !== null && settings.gridChargingAllowed !== gridChargingAllowed && info.components?.solar !== false) {
        problems.push(`grid charging is ${settings.gridChargingAllowed ? 'allowed' : 'not allowed'}`);
      }
      return problems.length ? `Tesla accepted the request but the site reports: ${problems.join('; ')}` : null;
    },
  },
};
