import type { EnergySite, ExportRule, OperationMode } from '../fleet/energy-site.js';
import { seasonsFromTariff, storedTariff } from '../physics/tou-tariff.js';
import { energyCommandResponse, type EnergyReplyShape } from '../tesla-json/command-replies.js';
import type { FleetEndpoint } from './fleet-pipeline.js';
import { teslaError, teslaOk, type Reply } from './replies.js';

/**
 * The six energy commands (tesla-fleet-api.md §5.5): POST with a JSON body, scope `energy_cmds`,
 * drawing on the per-device "Device Commands" budget. Each one validates its body, then changes
 * the site's settings through the world so the physics switches behaviour at that instant.
 */

/** A validated change to apply, or the error to answer instead. */
type Parsed = ((site: EnergySite) => void) | Reply;

interface EnergyCommand {
  name: string;
  /** Tesla's reply shape today; the 'legacy' dialect answers `{code:201,message}` everywhere. */
  reply: EnergyReplyShape;
  parse(body: Record<string, unknown>, site: EnergySite): Parsed;
}

const OPERATION_MODES: readonly OperationMode[] = ['self_consumption', 'autonomous', 'backup'];
const EXPORT_RULES: readonly ExportRule[] = ['pv_only', 'battery_ok', 'never'];

const invalidField = (description: string): Reply => teslaError(400, 'invalid_field', description);

function isPercent(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const absent = (value: unknown): value is null | undefined => value === undefined || value === null;

const COMMANDS: readonly EnergyCommand[] = [
  {
    name: 'backup',
    reply: 'capitalized',
    parse: (body, site) => {
      const percent = body.backup_reserve_percent;
      if (!isPercent(percent)) return invalidField('backup_reserve_percent must be 0-100');
      // Recent Powerwall firmware stores 81–99 % as 80 % and still answers 200.
      const stored = site.firmwareClampsReserve && percent > 80 && percent < 100 ? 80 : percent;
      return (s) => {
        s.settings.backupReservePercent = stored;
      };
    },
  },
  {
    name: 'operation',
    reply: 'lowercase',
    parse: (body) => {
      const mode = body.default_real_mode;
      if (!OPERATION_MODES.includes(mode as OperationMode)) {
        return invalidField(`default_real_mode must be one of ${OPERATION_MODES.join(', ')}`);
      }
      return (s) => {
        s.settings.operationMode = mode as OperationMode;
      };
    },
  },
  {
    name: 'grid_import_export',
    reply: 'empty',
    parse: (body, site) => {
      const rule = body.customer_preferred_export_rule;
      const disallow = body.disallow_charge_from_grid_with_solar_installed;
      if (!absent(rule) && !EXPORT_RULES.includes(rule as ExportRule)) {
        return invalidField(`customer_preferred_export_rule must be one of ${EXPORT_RULES.join(', ')}`);
      }
      if (!absent(disallow) && typeof disallow !== 'boolean') {
        return invalidField('disallow_charge_from_grid_with_solar_installed must be a boolean');
      }
      // Simulator choice: Tesla's reply to a locked setting is undocumented; we answer 403 and
      // change nothing, and only when the request would actually change the locked value.
      if (!absent(rule) && rule !== site.settings.exportRule && !site.permissions.editSettingPermissionToExport) {
        return teslaError(403, 'export rule change not permitted for this site');
      }
      if (
        !absent(disallow) &&
        disallow !== site.settings.disallowChargeFromGridWithSolarInstalled &&
        !site.permissions.editSettingGridCharging
      ) {
        return teslaError(403, 'grid charging change not permitted for this site');
      }
      return (s) => {
        if (!absent(rule)) s.settings.exportRule = rule as ExportRule;
        if (!absent(disallow)) s.settings.disallowChargeFromGridWithSolarInstalled = disallow;
      };
    },
  },
  {
    name: 'storm_mode',
    reply: 'lowercase',
    parse: (body) => {
      const enabled = body.enabled;
      if (typeof enabled !== 'boolean') return invalidField('enabled must be a boolean');
      return (s) => {
        s.settings.stormModeEnabled = enabled;
      };
    },
  },
  {
    name: 'time_of_use_settings',
    reply: 'lowercase',
    parse: (body) => {
      const touSettings = body.tou_settings;
      if (!isObject(touSettings)) return invalidField('tou_settings is required');
      const tariff = isObject(touSettings.tariff_content_v2) ? touSettings.tariff_content_v2 : null;
      const seasons = seasonsFromTariff(tariff);
      return (s) => {
        // Stored (and shown by site_info) normalised, as Tesla does: see storedTariff.
        if (tariff) s.settings.tariffContentV2 = storedTariff(tariff);
        // A tariff without readable periods keeps the schedule the physics already uses.
        if (seasons) s.settings.touSeasons = seasons;
      };
    },
  },
  {
    name: 'off_grid_vehicle_charging_reserve',
    reply: 'lowercase',
    parse: (body) => {
      const percent = body.off_grid_vehicle_charging_reserve_percent;
      if (!isPercent(percent)) return invalidField('off_grid_vehicle_charging_reserve_percent must be 0-100');
      return (s) => {
        s.settings.offGridVehicleChargingReservePercent = percent;
      };
    },
  },
];

function endpointFor(command: EnergyCommand): FleetEndpoint {
  return {
    name: command.name,
    method: 'POST',
    path: `/api/1/energy_sites/:id/${command.name}`,
    anyScope: ['energy_cmds'],
    device: 'site',
    rateLimit: 'commands',
    write: true,
    handle: async (req, entry) => {
      const parsed = command.parse(await req.ctx.body(), entry.site);
      if (typeof parsed !== 'function') return parsed;
      req.sandbox.world.updateSite(entry, req.now, parsed);
      const shape = req.sandbox.options.energyCommandDialect === 'legacy' ? 'lowercase' : command.reply;
      return teslaOk(energyCommandResponse(shape));
    },
  };
}

export const ENERGY_COMMAND_ENDPOINTS: readonly FleetEndpoint[] = COMMANDS.map(endpointFor);
