import type { CommandRow, SiteRow, VehicleRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { offsetConnection } from '../graphql/pagination.js';
import type { GatewayContext } from '../server/context.js';
import { ExportRuleEnum, OperationModeEnum, SiteRef } from '../sites/site-types.js';
import { VehicleRef } from '../vehicles/vehicle-types.js';
import type { SiteCommandKind, SiteCommandParameters } from './site-command-kinds.js';
import type { VehicleCommandKind, VehicleCommandParameters } from './vehicle-command-kinds.js';
import { INPUT_LIMITS, maxLength } from '../server/input-limits.js';

const CommandStatusEnum = builder.enumType('CommandStatus', {
  description: 'PENDING → QUEUED → SENT → SUCCEEDED | FAILED | CANCELLED | EXPIRED',
  values: ['PENDING', 'QUEUED', 'SENT', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED'] as const,
});

const CommandKindEnum = builder.enumType('CommandKind', {
  values: [
    'SET_BACKUP_RESERVE',
    'SET_OPERATION_MODE',
    'SET_STORM_MODE',
    'SET_GRID_IMPORT_EXPORT',
    'START_CHARGING',
    'STOP_CHARGING',
    'SET_CHARGE_LIMIT',
    'SET_CHARGING_AMPS',
    'WAKE_VEHICLE',
    'DISPATCH_SITE',
    'RESTORE_SITE',
    'POWERHUB_DISPATCH_SITE',
  ] as const,
});

const CommandTargetUnion = builder.unionType('CommandTarget', {
  types: [SiteRef, VehicleRef],
  resolveType: (target) => ('energy_site_id' in target ? SiteRef : VehicleRef),
});

export const CommandRef = builder.objectRef<CommandRow>('Command');

builder.node(CommandRef, {
  description: 'A durable control action: stored before it is sent, settled with the reason Tesla gave',
  id: { resolve: (c) => c.id },
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.commandById.load(id))),
  fields: (t) => ({
    kind: t.field({ type: CommandKindEnum, resolve: (c) => c.kind as SiteCommandKind | VehicleCommandKind | 'DISPATCH_SITE' | 'RESTORE_SITE' | 'POWERHUB_DISPATCH_SITE' }),
    target: t.field({
      type: CommandTargetUnion,
      resolve: async (c, _args, context): Promise<SiteRow | VehicleRow> => {
        const target = c.target_type === 'SITE' ? await context.loaders.siteById.load(c.target_id) : await context.loaders.vehicleById.load(c.target_id);
        if (!target) throw new Error(`target of command ${c.id} is missing`);
        return target;
      },
    }),
    status: t.field({ type: CommandStatusEnum, resolve: (c) => c.status }),
    reason: t.exposeString('reason', { nullable: true, description: "Why it ended as it did, in Tesla's words when Tesla gave them" }),
    attempts: t.exposeInt('attempts', { description: 'How many times it was sent' }),
    idempotencyKey: t.exposeString('idempotency_key', { nullable: true }),
    pairingUrl: t.string({
      nullable: true,
      description: "Where the customer pairs the integrator's virtual key, when the car refused the command for want of it",
      resolve: async (c, _args, context) => {
        if (c.target_type !== 'VEHICLE' || !c.reason?.includes('public key has not been paired')) return null;
        const vehicle = await context.loaders.vehicleById.load(c.target_id);
        return vehicle ? context.services.vehicles.pairingUrl(vehicle) : null;
      },
    }),
    parameters: t.string({ description: 'The input, as JSON', resolve: (c) => JSON.stringify(c.parameters) }),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.created_at }),
    updatedAt: t.field({ type: 'DateTime', resolve: (c) => c.updated_at }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (c) => c.completed_at }),
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
  fields: (t) => ({
    statuses: t.field({ type: [CommandStatusEnum] }),
    kinds: t.field({ type: [CommandKindEnum] }),
    targetId: t.id({ description: 'A Site or Vehicle' }),
    createdAfter: t.field({ type: 'DateTime' }),
    createdBefore: t.field({ type: 'DateTime' }),
  }),
});

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
    args: { filter: t.arg({ type: CommandFilterInput }) },
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
      return offsetConnection(
        args,
        (page) => context.services.commands.listCommands(organizationId, filter, page),
        () => context.services.commands.countCommands(organizationId, filter),
      );
    },
  }),
}));

const CommandPayload = builder.objectRef<{ command: CommandRow }>('CommandPayload').implement({
  description: 'The command the mutation stored; follow it with command(id) or the commandUpdated subscription',
  fields: (t) => ({ command: t.field({ type: CommandRef, resolve: (p) => p.command }) }),
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
        type: builder.inputType('SetBackupReserveInput', {
          fields: (f) => ({ siteId: f.id({ required: true }), backupReservePercent: f.int({ required: true }), idempotencyKey: f.string(idempotencyKeyField) }),
        }),
      }),
    },
    resolve: (_root, { input }, context) => submit(context, 'SET_BACKUP_RESERVE', input.siteId, { backupReservePercent: input.backupReservePercent }, input.idempotencyKey),
  }),
  setOperationMode: t.field({
    type: CommandPayload,
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('SetOperationModeInput', {
          fields: (f) => ({ siteId: f.id({ required: true }), mode: f.field({ type: OperationModeEnum, required: true }), idempotencyKey: f.string(idempotencyKeyField) }),
        }),
      }),
    },
    resolve: (_root, { input }, context) => submit(context, 'SET_OPERATION_MODE', input.siteId, { mode: input.mode }, input.idempotencyKey),
  }),
  setStormMode: t.field({
    type: CommandPayload,
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('SetStormModeInput', {
          fields: (f) => ({ siteId: f.id({ required: true }), enabled: f.boolean({ required: true }), idempotencyKey: f.string(idempotencyKeyField) }),
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
        type: builder.inputType('SetGridImportExportInput', {
          fields: (f) => ({
            siteId: f.id({ required: true }),
            exportRule: f.field({ type: ExportRuleEnum }),
            gridChargingAllowed: f.boolean(),
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
        type: builder.inputType('CancelCommandInput', { fields: (f) => ({ commandId: f.id({ required: true }) }) }),
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
  builder.inputType(name, { fields: (f) => ({ vehicleId: f.id({ required: true }), idempotencyKey: f.string(idempotencyKeyField) }) });

builder.mutationFields((t) => ({
  startVehicleCharging: t.field({
    type: CommandPayload,
    description: "Starts charging (signed through Tesla's vehicle-command proxy when the car requires it; a sleeping car is woken first)",
    args: { input: t.arg({ required: true, type: VehicleOnlyInput('StartVehicleChargingInput') }) },
    resolve: (_root, { input }, context) => submitVehicle(context, 'START_CHARGING', input.vehicleId, {}, input.idempotencyKey),
  }),
  stopVehicleCharging: t.field({
    type: CommandPayload,
    args: { input: t.arg({ required: true, type: VehicleOnlyInput('StopVehicleChargingInput') }) },
    resolve: (_root, { input }, context) => submitVehicle(context, 'STOP_CHARGING', input.vehicleId, {}, input.idempotencyKey),
  }),
  wakeVehicle: t.field({
    type: CommandPayload,
    description: 'Wakes the car (a billed wake at Tesla); SUCCEEDED once it is online, EXPIRED if it stays offline',
    args: { input: t.arg({ required: true, type: VehicleOnlyInput('WakeVehicleInput') }) },
    resolve: (_root, { input }, context) => submitVehicle(context, 'WAKE_VEHICLE', input.vehicleId, {}, input.idempotencyKey),
  }),
  setChargeLimit: t.field({
    type: CommandPayload,
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('SetChargeLimitInput', {
          fields: (f) => ({ vehicleId: f.id({ required: true }), percent: f.int({ required: true, description: '50–100' }), idempotencyKey: f.string(idempotencyKeyField) }),
        }),
      }),
    },
    resolve: (_root, { input }, context) => submitVehicle(context, 'SET_CHARGE_LIMIT', input.vehicleId, { percent: input.percent }, input.idempotencyKey),
  }),
  setChargingAmps: t.field({
    type: CommandPayload,
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('SetChargingAmpsInput', {
          fields: (f) => ({ vehicleId: f.id({ required: true }), amps: f.int({ required: true }), idempotencyKey: f.string(idempotencyKeyField) }),
        }),
      }),
    },
    resolve: (_root, { input }, context) => submitVehicle(context, 'SET_CHARGING_AMPS', input.vehicleId, { amps: input.amps }, input.idempotencyKey),
  }),
}));
