import type { CommandRow, SiteRow, VehicleRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { keysetConnection } from '../graphql/pagination.js';
import type { GatewayContext } from '../server/context.js';
import { ExportRuleEnum, OperationModeEnum, SiteRef } from '../sites/site-types.js';
import { VehicleRef } from '../vehicles/vehicle-types.js';
import type { SiteCommandKind, SiteCommandParameters } from './site-command-kinds.js';
import type { VehicleCommandKind, VehicleCommandParameters } from './vehicle-command-kinds.js';
import { INPUT_LIMITS, maxLength } from '../server/input-limits.js';

const CommandStatusEnum = builder.enumType('CommandStatus', {
  description: 'PENDING → QUEUED → SENT → SUCCEEDED | FAILED | CANCELLED | EXPIRED',
  values: {
    PENDING: { description: 'Stored, not yet queued for sending' },
    QUEUED: { description: 'Waiting to be sent (or sent again after a retryable failure, or held by a rate limit)' },
    SENT: { description: 'Sent to Tesla; the answer (and, where checked, the read-back) is awaited' },
    SUCCEEDED: { description: 'Tesla accepted it (and the read-back, where checked, shows it took effect)' },
    FAILED: { description: 'Tesla or the device refused it; reason says why' },
    CANCELLED: { description: 'Cancelled before it was sent (cancelCommand, or its dispatch or event was cancelled)' },
    EXPIRED: { description: 'Not sent in time (15 minutes), or the car stayed offline' },
  } as const,
});

const CommandKindEnum = builder.enumType('CommandKind', {
  description: 'What a command does',
  values: {
    SET_BACKUP_RESERVE: { description: 'Sets a site\'s backup reserve (setBackupReserve)' },
    SET_OPERATION_MODE: { description: 'Sets a site\'s operation mode (setOperationMode)' },
    SET_STORM_MODE: { description: 'Turns a site\'s Storm Watch on or off (setStormMode)' },
    SET_GRID_IMPORT_EXPORT: { description: 'Sets a site\'s export rule and grid charging (setGridImportExport)' },
    START_CHARGING: { description: 'Starts a vehicle charging (startVehicleCharging)' },
    STOP_CHARGING: { description: 'Stops a vehicle charging (stopVehicleCharging)' },
    SET_CHARGE_LIMIT: { description: 'Sets a vehicle\'s charge limit (setChargeLimit)' },
    SET_CHARGING_AMPS: { description: 'Sets a vehicle\'s charging current (setChargingAmps)' },
    WAKE_VEHICLE: { description: 'Wakes a vehicle (wakeVehicle)' },
    DISPATCH_SITE: { description: 'Moves one site\'s settings for a dispatch or FLEET_API program event' },
    RESTORE_SITE: { description: 'Puts one site\'s customer settings back after a dispatch or FLEET_API program event' },
    POWERHUB_DISPATCH_SITE: { description: 'Dispatches one site through Powerhub for a POWERHUB program event' },
  } as const,
});

const CommandTargetUnion = builder.unionType('CommandTarget', {
  description: 'The device a command acts on: an energy site or a vehicle',
  types: [SiteRef, VehicleRef],
  resolveType: (target) => ('energy_site_id' in target ? SiteRef : VehicleRef),
});

export const CommandRef = builder.objectRef<CommandRow>('Command');

builder.node(CommandRef, {
  description: 'A durable control action: stored before it is sent, settled with the reason Tesla gave',
  id: { resolve: (c) => c.id },
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.commandById.load(id))),
  fields: (t) => ({
    kind: t.field({ type: CommandKindEnum, description: 'What it does', resolve: (c) => c.kind as SiteCommandKind | VehicleCommandKind | 'DISPATCH_SITE' | 'RESTORE_SITE' | 'POWERHUB_DISPATCH_SITE' }),
    target: t.field({
      type: CommandTargetUnion,
      description: 'The site or vehicle it acts on',
      resolve: async (c, _args, context): Promise<SiteRow | VehicleRow> => {
        const target = c.target_type === 'SITE' ? await context.loaders.siteById.load(c.target_id) : await context.loaders.vehicleById.load(c.target_id);
        if (!target) throw new Error(`target of command ${c.id} is missing`);
        return target;
      },
    }),
    status: t.field({ type: CommandStatusEnum, description: 'Where it is in its life', resolve: (c) => c.status }),
    reason: t.exposeString('reason', { nullable: true, description: "Why it ended as it did, in Tesla's words when Tesla gave them" }),
    attempts: t.exposeInt('attempts', { description: 'How many times it was sent' }),
    idempotencyKey: t.exposeString('idempotency_key', { nullable: true, description: 'The idempotency key it was submitted with; null when none was given' }),
    pairingUrl: t.string({
      nullable: true,
      description: "Where the customer pairs the integrator's virtual key, when the car refused the command for want of it",
      resolve: async (c, _args, context) => {
        if (c.target_type !== 'VEHICLE' || !c.reason?.includes('public key has not been paired')) return null;
        const vehicle = await context.loaders.vehicleById.load(c.target_id);
        return vehicle ? context.services.vehicles.pairingUrl(vehicle) : null;
      },
    }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was stored', resolve: (c) => c.created_at }),
    updatedAt: t.field({ type: 'DateTime', description: 'When its status or reason last changed', resolve: (c) => c.updated_at }),
    completedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it reached a final status; null until then', resolve: (c) => c.completed_at }),
  }),
});

function targetRowId(globalId: string): string {
  try {
    return parseGlobalId(globalId, 'Site', 'filter.targetId');
  } catch {
    return parseGlobalId(globalId, 'Vehicle', 'filter.targetId');
  }
}

const CommandFilterInput = builder.inputType('CommandFilter', {
  description: 'Which commands to include; the conditions given must all hold',
  fields: (t) => ({
    statuses: t.field({ type: [CommandStatusEnum], description: 'Only commands with one of these statuses' }),
    kinds: t.field({ type: [CommandKindEnum], description: 'Only commands of one of these kinds' }),
    targetId: t.id({ description: 'A Site or Vehicle' }),
    createdAfter: t.field({ type: 'DateTime', description: 'Only commands created at or after this instant' }),
    createdBefore: t.field({ type: 'DateTime', description: 'Only commands created before this instant' }),
  }),
});

/** The one connection type of commands: every field that lists commands pages through it. */
export const CommandConnection = builder.connectionObject(
  { type: CommandRef, name: 'CommandConnection', description: 'A page of commands' },
  { name: 'CommandEdge', description: 'A command in a page, with its cursor' },
);

builder.queryFields((t) => ({
  command: t.field({
    type: CommandRef,
    // Nullable with a NOT_FOUND error: one stale id does not wipe a dashboard's whole answer.
    nullable: true,
    description: 'A command by id; null with a NOT_FOUND error when it does not exist or is another organization\'s',
    args: { id: t.arg.id({ required: true, description: 'Command global ID' }) },
    resolve: async (_root, args, context) => {
      const command = await context.loaders.commandById.load(parseGlobalId(String(args.id), 'Command', 'id'));
      if (!command) throw GatewayError.notFound('command');
      return command;
    },
  }),
  commands: t.connection({
    type: CommandRef,
    description: "The organization's commands, newest first",
    args: { filter: t.arg({ type: CommandFilterInput, description: 'Only the commands matching it; all when omitted' }) },
    resolve: (_root, args, context) => {
      const organizationId = context.caller!.organizationId;
      const f = args.filter ?? {};
      const filter = {
        statuses: f.statuses,
        kinds: f.kinds,
        targetId: f.targetId == null ? null : targetRowId(String(f.targetId)),
        createdAfter: f.createdAfter,
        createdBefore: f.createdBefore,
      };
      return keysetConnection(
        args,
        (page) => context.services.commands.listCommands(organizationId, filter, page),
        () => context.services.commands.countCommands(organizationId, filter),
      );
    },
  }, CommandConnection),
}));

const CommandPayload = builder.objectRef<{ command: CommandRow }>('CommandPayload').implement({
  description: 'The command the mutation stored; follow it with command(id) or the commandUpdated subscription',
  fields: (t) => ({ command: t.field({ type: CommandRef, description: 'The stored command (QUEUED, or as first stored when an idempotency key was replayed)', resolve: (p) => p.command }) }),
});

function submit<K extends SiteCommandKind>(context: GatewayContext, kind: K, siteId: string | number, parameters: SiteCommandParameters[K], idempotencyKey: string | null | undefined) {
  return context.services.commands
    .submitSiteCommand(context.caller!.organizationId, { kind, siteId: parseGlobalId(String(siteId), 'Site', 'siteId'), parameters, idempotencyKey, createdBy: context.caller!.apiKeyId })
    .then((command) => ({ command }));
}

export const idempotencyKeyField = {
  description: `Replaying a key returns the first command and sends nothing again; at most ${INPUT_LIMITS.idempotencyKeyMaxLength} characters`,
  extensions: maxLength(INPUT_LIMITS.idempotencyKeyMaxLength),
};

builder.mutationFields((t) => ({
  setBackupReserve: t.field({
    type: CommandPayload,
    description: "Sets the share of the battery kept for outages (0–100 %); verified by reading the site's settings back",
    args: {
      input: t.arg({
        required: true,
        description: 'The site and its new reserve',
        type: builder.inputType('SetBackupReserveInput', {
          description: 'A backup reserve for one site',
          fields: (f) => ({
            siteId: f.id({ required: true, description: 'Site global ID' }),
            backupReservePercent: f.int({ required: true, description: 'Share of the battery kept for outages, % (0–100)' }),
            idempotencyKey: f.string(idempotencyKeyField),
          }),
        }),
      }),
    },
    resolve: (_root, { input }, context) => submit(context, 'SET_BACKUP_RESERVE', input.siteId, { backupReservePercent: input.backupReservePercent }, input.idempotencyKey),
  }),
  setOperationMode: t.field({
    type: CommandPayload,
    description: "Sets the battery's operation mode (Tesla: default_real_mode); verified by reading the site's settings back",
    args: {
      input: t.arg({
        required: true,
        description: 'The site and its new mode',
        type: builder.inputType('SetOperationModeInput', {
          description: 'An operation mode for one site',
          fields: (f) => ({
            siteId: f.id({ required: true, description: 'Site global ID' }),
            mode: f.field({ type: OperationModeEnum, required: true, description: 'The new mode' }),
            idempotencyKey: f.string(idempotencyKeyField),
          }),
        }),
      }),
    },
    resolve: (_root, { input }, context) => submit(context, 'SET_OPERATION_MODE', input.siteId, { mode: input.mode }, input.idempotencyKey),
  }),
  setStormMode: t.field({
    type: CommandPayload,
    description: "Turns Storm Watch on or off (the battery charges fully ahead of severe weather); verified by reading the site's settings back",
    args: {
      input: t.arg({
        required: true,
        description: 'The site and the new setting',
        type: builder.inputType('SetStormModeInput', {
          description: 'Storm Watch on or off for one site',
          fields: (f) => ({
            siteId: f.id({ required: true, description: 'Site global ID' }),
            enabled: f.boolean({ required: true, description: 'true turns Storm Watch on, false off' }),
            idempotencyKey: f.string(idempotencyKeyField),
          }),
        }),
      }),
    },
    resolve: (_root, { input }, context) => submit(context, 'SET_STORM_MODE', input.siteId, { enabled: input.enabled }, input.idempotencyKey),
  }),
  setGridImportExport: t.field({
    type: CommandPayload,
    description: 'Sets what the site may export (exportRule) and whether the battery may charge from the grid',
    args: {
      input: t.arg({
        required: true,
        description: 'The site and the settings to change',
        type: builder.inputType('SetGridImportExportInput', {
          description: 'Grid import/export settings for one site; give exportRule, gridChargingAllowed or both',
          fields: (f) => ({
            siteId: f.id({ required: true, description: 'Site global ID' }),
            exportRule: f.field({ type: ExportRuleEnum, description: 'The new export rule; unchanged when omitted' }),
            gridChargingAllowed: f.boolean({ description: 'Whether the battery may charge from the grid; unchanged when omitted' }),
            idempotencyKey: f.string(idempotencyKeyField),
          }),
        }),
      }),
    },
    resolve: (_root, { input }, context) =>
      submit(context, 'SET_GRID_IMPORT_EXPORT', input.siteId, { exportRule: input.exportRule, gridChargingAllowed: input.gridChargingAllowed }, input.idempotencyKey),
  }),
  cancelCommand: t.field({
    type: CommandPayload,
    description: 'Cancels a command that has not been sent yet',
    args: {
      input: t.arg({
        required: true,
        description: 'The command to cancel',
        type: builder.inputType('CancelCommandInput', {
          description: 'A command to cancel',
          fields: (f) => ({ commandId: f.id({ required: true, description: 'Command global ID' }) }),
        }),
      }),
    },
    resolve: async (_root, { input }, context) => ({
      command: await context.services.commands.cancel(context.caller!.organizationId, parseGlobalId(String(input.commandId), 'Command', 'commandId')),
    }),
  }),
}));

function submitVehicle<K extends VehicleCommandKind>(
  context: GatewayContext,
  kind: K,
  vehicleId: string | number,
  parameters: VehicleCommandParameters[K],
  idempotencyKey: string | null | undefined,
) {
  return context.services.commands
    .submitVehicleCommand(context.caller!.organizationId, { kind, vehicleId: parseGlobalId(String(vehicleId), 'Vehicle', 'vehicleId'), parameters, idempotencyKey, createdBy: context.caller!.apiKeyId })
    .then((command) => ({ command }));
}

const VehicleOnlyInput = (name: string) =>
  builder.inputType(name, {
    description: 'The vehicle to command',
    fields: (f) => ({ vehicleId: f.id({ required: true, description: 'Vehicle global ID' }), idempotencyKey: f.string(idempotencyKeyField) }),
  });

builder.mutationFields((t) => ({
  startVehicleCharging: t.field({
    type: CommandPayload,
    description: "Starts charging (signed through Tesla's vehicle-command proxy when the car requires it; a sleeping car is woken first)",
    args: { input: t.arg({ required: true, description: 'The vehicle', type: VehicleOnlyInput('StartVehicleChargingInput') }) },
    resolve: (_root, { input }, context) => submitVehicle(context, 'START_CHARGING', input.vehicleId, {}, input.idempotencyKey),
  }),
  stopVehicleCharging: t.field({
    type: CommandPayload,
    description: "Stops charging (signed through Tesla's vehicle-command proxy when the car requires it; a sleeping car is woken first)",
    args: { input: t.arg({ required: true, description: 'The vehicle', type: VehicleOnlyInput('StopVehicleChargingInput') }) },
    resolve: (_root, { input }, context) => submitVehicle(context, 'STOP_CHARGING', input.vehicleId, {}, input.idempotencyKey),
  }),
  wakeVehicle: t.field({
    type: CommandPayload,
    description: 'Wakes the car (a billed wake at Tesla); SUCCEEDED once it is online, EXPIRED if it stays offline',
    args: { input: t.arg({ required: true, description: 'The vehicle', type: VehicleOnlyInput('WakeVehicleInput') }) },
    resolve: (_root, { input }, context) => submitVehicle(context, 'WAKE_VEHICLE', input.vehicleId, {}, input.idempotencyKey),
  }),
  setChargeLimit: t.field({
    type: CommandPayload,
    description: 'Sets the state of charge the car charges up to (a sleeping car is woken first)',
    args: {
      input: t.arg({
        required: true,
        description: 'The vehicle and its new limit',
        type: builder.inputType('SetChargeLimitInput', {
          description: 'A charge limit for one vehicle',
          fields: (f) => ({
            vehicleId: f.id({ required: true, description: 'Vehicle global ID' }),
            percent: f.int({ required: true, description: 'Charge limit, %: a whole number from 50 to 100' }),
            idempotencyKey: f.string(idempotencyKeyField),
          }),
        }),
      }),
    },
    resolve: (_root, { input }, context) => submitVehicle(context, 'SET_CHARGE_LIMIT', input.vehicleId, { percent: input.percent }, input.idempotencyKey),
  }),
  setChargingAmps: t.field({
    type: CommandPayload,
    description: 'Sets the charging current the car draws (a sleeping car is woken first); Tesla refuses more than the car and charger allow',
    args: {
      input: t.arg({
        required: true,
        description: 'The vehicle and its new current',
        type: builder.inputType('SetChargingAmpsInput', {
          description: 'A charging current for one vehicle',
          fields: (f) => ({
            vehicleId: f.id({ required: true, description: 'Vehicle global ID' }),
            amps: f.int({ required: true, description: 'Charging current, A: a whole number from 1 to 80' }),
            idempotencyKey: f.string(idempotencyKeyField),
          }),
        }),
      }),
    },
    resolve: (_root, { input }, context) => submitVehicle(context, 'SET_CHARGING_AMPS', input.vehicleId, { amps: input.amps }, input.idempotencyKey),
  }),
}));
