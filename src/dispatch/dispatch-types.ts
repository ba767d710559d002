import type { CommandRow, DispatchRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { offsetConnection } from '../graphql/pagination.js';
import { CommandRef, idempotencyKeyField } from '../commands/command-types.js';
import type { DispatchProgress } from './dispatch-service.js';
import { maxItems } from '../server/input-limits.js';

export const DispatchRef = builder.objectRef<DispatchRow>('Dispatch');

export const DispatchModeEnum = builder.enumType('DispatchMode', {
  description: 'CHARGE and DISCHARGE move energy (with the grid when enableGridInteraction); IDLE holds the charge; SELF_CONSUMPTION runs the home',
  values: ['CHARGE', 'DISCHARGE', 'IDLE', 'SELF_CONSUMPTION'] as const,
});

const DispatchProgressRef = builder.objectRef<DispatchProgress>('DispatchProgress').implement({
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Sites in the dispatch' }),
    queued: t.int({ resolve: (p) => p.byStatus['QUEUED'] ?? 0 }),
    sent: t.int({ resolve: (p) => p.byStatus['SENT'] ?? 0 }),
    succeeded: t.int({ resolve: (p) => p.byStatus['SUCCEEDED'] ?? 0 }),
    failed: t.int({ resolve: (p) => p.byStatus['FAILED'] ?? 0 }),
    cancelled: t.int({ resolve: (p) => p.byStatus['CANCELLED'] ?? 0 }),
    expired: t.int({ resolve: (p) => p.byStatus['EXPIRED'] ?? 0 }),
    restoresPending: t.exposeInt('restoresPending', { description: "Sites whose customer settings are still to be put back" }),
  }),
});

builder.node(DispatchRef, {
  description: "A battery dispatch over many sites: a DISPATCH_SITE command per site now, a RESTORE_SITE command per site at `until`",
  id: { resolve: (d) => d.id },
  loadMany: (ids, context) => Promise.all(ids.map(async (id) => (await context.services.dispatches.find(context.caller!.organizationId, id)) ?? null)),
  fields: (t) => ({
    mode: t.field({ type: DispatchModeEnum, resolve: (d) => d.mode }),
    powerKw: t.float({ nullable: true, description: 'Requested; the Fleet API cannot set battery power, so sites run at their own rate', resolve: (d) => d.power_kw }),
    until: t.field({ type: 'DateTime', resolve: (d) => d.until }),
    enableGridInteraction: t.exposeBoolean('enable_grid_interaction'),
    cancelledAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.cancelled_at }),
    createdAt: t.field({ type: 'DateTime', resolve: (d) => d.created_at }),
    idempotencyKey: t.exposeString('idempotency_key', { nullable: true }),
    progress: t.field({ type: DispatchProgressRef, resolve: (d, _args, context) => context.services.dispatches.progress(d.id) }),
    commands: t.connection({
      type: CommandRef,
      resolve: (d, args, context) =>
        offsetConnection(
          args,
          (page) => context.services.dispatches.commandsOf(d.id, page),
          () => context.services.dispatches.countCommandsOf(d.id),
        ),
    }),
  }),
});

builder.queryField('dispatch', (t) =>
  t.field({
    type: DispatchRef,
    // Nullable with a NOT_FOUND error: one stale id does not wipe a dashboard's whole answer.
    nullable: true,
    description: 'A dispatch by id; null with a NOT_FOUND error when it does not exist or is another organization\'s',
    args: { id: t.arg.id({ required: true, description: 'Dispatch global ID' }) },
    resolve: async (_root, args, context) => {
      const dispatch = await context.services.dispatches.find(context.caller!.organizationId, parseGlobalId(String(args.id), 'Dispatch', 'id'));
      if (!dispatch) throw GatewayError.notFound('dispatch');
      return dispatch;
    },
  }),
);

const DispatchPayload = builder.objectRef<{ dispatch: DispatchRow; commands: CommandRow[] }>('DispatchBatteryPayload').implement({
  fields: (t) => ({
    dispatch: t.field({ type: DispatchRef, resolve: (p) => p.dispatch }),
    commands: t.field({ type: [CommandRef], description: 'One DISPATCH_SITE command per site', resolve: (p) => p.commands }),
  }),
});

builder.mutationFields((t) => ({
  dispatchBattery: t.field({
    type: DispatchPayload,
    description:
      "Moves batteries across many sites until `until` (default: one hour), then restores each customer's settings. Without enableGridInteraction, a site whose settings forbid the flow fails with EXPORT_NOT_PERMITTED and its blockers; with it, the export rule (discharge) or grid charging (charge) is changed for the event.",
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('DispatchBatteryInput', {
          fields: (f) => ({
            siteIds: f.idList({ required: true, description: `1 to 10000 sites`, extensions: maxItems(10_000) }),
            mode: f.field({ type: DispatchModeEnum, required: true }),
            powerKw: f.float(),
            until: f.field({ type: 'DateTime' }),
            enableGridInteraction: f.boolean({ required: true }),
            idempotencyKey: f.string(idempotencyKeyField),
          }),
        }),
      }),
    },
    resolve: (_root, { input }, context) => {
      if (input.siteIds.length > 10_000) throw GatewayError.badUserInput('siteIds', 'at most 10000 sites per dispatch');
      return context.services.dispatches.dispatch(context.caller!.organizationId, {
        siteIds: input.siteIds.map((id) => parseGlobalId(String(id), 'Site', 'siteIds')),
        mode: input.mode,
        powerKw: input.powerKw,
        until: input.until,
        enableGridInteraction: input.enableGridInteraction,
        idempotencyKey: input.idempotencyKey,
        createdBy: context.caller!.apiKeyId,
      });
    },
  }),
  cancelDispatch: t.field({
    type: builder.objectRef<{ dispatch: DispatchRow }>('CancelDispatchPayload').implement({
      fields: (f) => ({ dispatch: f.field({ type: DispatchRef, resolve: (p) => p.dispatch }) }),
    }),
    description: 'Ends a dispatch now: sites not yet dispatched are cancelled, and every customer setting is restored at once',
    args: { input: t.arg({ required: true, type: builder.inputType('CancelDispatchInput', { fields: (f) => ({ dispatchId: f.id({ required: true }) }) }) }) },
    resolve: async (_root, { input }, context) => ({
      dispatch: await context.services.dispatches.cancel(context.caller!.organizationId, parseGlobalId(String(input.dispatchId), 'Dispatch', 'dispatchId')),
    }),
  }),
}));

// A command that is one site's step of a dispatch links back to it.
builder.objectField(CommandRef, 'dispatch', (t) =>
  t.field({
    type: DispatchRef,
    nullable: true,
    resolve: async (c, _args, context) => (c.dispatch_id ? ((await context.services.dispatches.find(c.organization_id, c.dispatch_id)) ?? null) : null),
  }),
);
