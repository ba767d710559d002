import type { CommandRow, DispatchMode } from '../db/tables.js';
import { dispatchParameters } from '../dispatch/dispatch-parameters.js';
import { DispatchModeEnum } from '../dispatch/dispatch-types.js';
import { builder } from '../graphql/builder.js';
import { ProgramEventRef } from '../programs/program-types.js';
import type { ExportRule, OperationMode } from '../sites/site-mapping.js';
import { ExportRuleEnum, OperationModeEnum } from '../sites/site-types.js';
import { CommandRef } from './command-types.js';

/**
 * `Command.parameters`: what was asked, typed per kind (a union), so clients read `percent` as an
 * Int rather than parsing JSON out of a string. Commands that take no input (start/stop charging,
 * wake) have none.
 */
type Parameters =
  | { kind: 'BackupReserveParameters'; backupReservePercent: number }
  | { kind: 'OperationModeParameters'; mode: OperationMode }
  | { kind: 'StormModeParameters'; enabled: boolean }
  | { kind: 'GridImportExportParameters'; exportRule: ExportRule | null; gridChargingAllowed: boolean | null }
  | { kind: 'ChargeLimitParameters'; percent: number }
  | { kind: 'ChargingAmpsParameters'; amps: number }
  | { kind: 'SiteDispatchParameters'; dispatchId: string; mode: DispatchMode; enableGridInteraction: boolean; powerKw: number | null }
  | { kind: 'PowerhubDispatchParameters'; eventId: string; powerhubDispatchId: string; mode: DispatchMode; perSiteKw: number | null };

type Of<K extends Parameters['kind']> = Extract<Parameters, { kind: K }>;

/** The stored JSON of a command, read by its kind; null for kinds without input. */
function parametersOf(command: CommandRow): Parameters | null {
  const p = (typeof command.parameters === 'string' ? JSON.parse(command.parameters) : command.parameters) as Record<string, unknown>;
  switch (command.kind) {
    case 'SET_BACKUP_RESERVE':
      return { kind: 'BackupReserveParameters', backupReservePercent: Number(p['backupReservePercent']) };
    case 'SET_OPERATION_MODE':
      return { kind: 'OperationModeParameters', mode: p['mode'] as OperationMode };
    case 'SET_STORM_MODE':
      return { kind: 'StormModeParameters', enabled: p['enabled'] === true };
    case 'SET_GRID_IMPORT_EXPORT':
      return { kind: 'GridImportExportParameters', exportRule: (p['exportRule'] as ExportRule | undefined) ?? null, gridChargingAllowed: (p['gridChargingAllowed'] as boolean | undefined) ?? null };
    case 'SET_CHARGE_LIMIT':
      return { kind: 'ChargeLimitParameters', percent: Number(p['percent']) };
    case 'SET_CHARGING_AMPS':
      return { kind: 'ChargingAmpsParameters', amps: Number(p['amps']) };
    case 'DISPATCH_SITE':
    case 'RESTORE_SITE':
      return { kind: 'SiteDispatchParameters', ...dispatchParameters.decode(p) };
    case 'POWERHUB_DISPATCH_SITE':
      return {
        kind: 'PowerhubDispatchParameters',
        eventId: String(p['eventId']),
        powerhubDispatchId: String(p['powerhubDispatchId']),
        mode: p['mode'] as DispatchMode,
        perSiteKw: typeof p['perSiteKw'] === 'number' ? p['perSiteKw'] : null,
      };
    default:
      return null;
  }
}

const BackupReserveParameters = builder.objectRef<Of<'BackupReserveParameters'>>('BackupReserveParameters').implement({
  description: 'SET_BACKUP_RESERVE: the reserve asked for',
  fields: (t) => ({ backupReservePercent: t.exposeInt('backupReservePercent', { description: 'Share of the battery kept for outages, 0–100 %' }) }),
});

const OperationModeParameters = builder.objectRef<Of<'OperationModeParameters'>>('OperationModeParameters').implement({
  description: 'SET_OPERATION_MODE: the mode asked for',
  // Not `mode`: a union's members may not share a field name with different types (DispatchMode).
  fields: (t) => ({ operationMode: t.field({ type: OperationModeEnum, description: 'The operation mode asked for', resolve: (p) => p.mode }) }),
});

const StormModeParameters = builder.objectRef<Of<'StormModeParameters'>>('StormModeParameters').implement({
  description: 'SET_STORM_MODE: whether Storm Watch was turned on or off',
  fields: (t) => ({ enabled: t.exposeBoolean('enabled', { description: 'true: Storm Watch on (the battery charges fully ahead of severe weather)' }) }),
});

const GridImportExportParameters = builder.objectRef<Of<'GridImportExportParameters'>>('GridImportExportParameters').implement({
  description: 'SET_GRID_IMPORT_EXPORT: the settings asked for; a null one was left as it was',
  fields: (t) => ({
    exportRule: t.field({ type: ExportRuleEnum, nullable: true, description: 'The export rule asked for, or null when unchanged', resolve: (p) => p.exportRule }),
    gridChargingAllowed: t.exposeBoolean('gridChargingAllowed', { nullable: true, description: 'Whether the battery may charge from the grid, or null when unchanged' }),
  }),
});

const ChargeLimitParameters = builder.objectRef<Of<'ChargeLimitParameters'>>('ChargeLimitParameters').implement({
  description: "SET_CHARGE_LIMIT: the vehicle's charge limit asked for",
  fields: (t) => ({ percent: t.exposeInt('percent', { description: 'State of charge the car stops charging at, 50–100 %' }) }),
});

const ChargingAmpsParameters = builder.objectRef<Of<'ChargingAmpsParameters'>>('ChargingAmpsParameters').implement({
  description: 'SET_CHARGING_AMPS: the charging current asked for',
  fields: (t) => ({ amps: t.exposeInt('amps', { description: 'Charging current, A' }) }),
});

const SiteDispatchParameters = builder.objectRef<Of<'SiteDispatchParameters'>>('SiteDispatchParameters').implement({
  // The dispatch itself is `Command.dispatch`.
  description: "DISPATCH_SITE and RESTORE_SITE: what the dispatch asks of this site (the dispatch itself is `Command.dispatch`)",
  fields: (t) => ({
    mode: t.field({ type: DispatchModeEnum, description: 'What the battery is asked to do', resolve: (p) => p.mode }),
    enableGridInteraction: t.exposeBoolean('enableGridInteraction', { description: 'Whether the export rule or grid charging may be changed for the event' }),
    powerKw: t.exposeFloat('powerKw', { nullable: true, description: 'Power asked of this site, kW; null: as much as it can' }),
  }),
});

const PowerhubDispatchParameters = builder.objectRef<Of<'PowerhubDispatchParameters'>>('PowerhubDispatchParameters').implement({
  description: "POWERHUB_DISPATCH_SITE: this site's share of a program event sent through Powerhub",
  fields: (t) => ({
    event: t.field({
      type: ProgramEventRef,
      nullable: true,
      description: 'The program event (null only if it was deleted)',
      resolve: (p, _args, context) => context.loaders.programEventById.load(p.eventId),
    }),
    powerhubDispatchId: t.exposeString('powerhubDispatchId', { description: "Powerhub's id of the group dispatch" }),
    mode: t.field({ type: DispatchModeEnum, description: 'What the battery is asked to do', resolve: (p) => p.mode }),
    perSiteKw: t.exposeFloat('perSiteKw', { nullable: true, description: "This site's share of the event's target, kW; null: no target" }),
  }),
});

const REFS = {
  BackupReserveParameters,
  OperationModeParameters,
  StormModeParameters,
  GridImportExportParameters,
  ChargeLimitParameters,
  ChargingAmpsParameters,
  SiteDispatchParameters,
  PowerhubDispatchParameters,
} as const;

const CommandParametersUnion = builder.unionType('CommandParameters', {
  description: "A command's input, typed by its kind",
  types: Object.values(REFS),
  resolveType: (p: Parameters) => REFS[p.kind],
});

builder.objectField(CommandRef, 'parameters', (t) =>
  t.field({
    type: CommandParametersUnion,
    nullable: true,
    description: 'What was asked, typed by kind; null for commands without input (START_CHARGING, STOP_CHARGING, WAKE_VEHICLE)',
    resolve: (command) => parametersOf(command),
  }),
);
