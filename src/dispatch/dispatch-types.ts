import type { CommandRow, DispatchRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { keysetConnection } from '../graphql/pagination.js';
import { CommandConnection, CommandRef, idempotencyKeyField } from '../commands/command-types.js';
import { MAX_SITE_POWER_KW, type DispatchProgress } from './dispatch-service.js';
import { maxItems } from '../server/input-limits.js';
import type { ReadinessBlocker } from '../sites/grid-readiness.js';
import { ReadinessBlockerCodeEnum, SiteRef } from '../sites/site-types.js';

export const DispatchRef = builder.objectRef<DispatchRow>('Dispatch');

export const DispatchModeEnum = builder.enumType('DispatchMode', {
  description: 'CHARGE and DISCHARGE move energy (with the grid when enableGridInteraction); IDLE holds the charge; SELF_CONSUMPTION runs the home',
  values: {
    CHARGE: { description: 'Charge the batteries: reserve 100 % under an all-day off-peak tariff (from the grid when enableGridInteraction)' },
    DISCHARGE: { description: 'Discharge the batteries: reserve 0 % under an all-day peak tariff (exported when enableGridInteraction)' },
    IDLE: { description: 'Hold the charge where it is: the reserve is set to the current state of charge' },
    SELF_CONSUMPTION: { description: 'Run the home from solar and battery (Tesla: self_consumption)' },
  } as const,
});

const DispatchProgressRef = builder.objectRef<DispatchProgress>('DispatchProgress').implement({
  description: "How far a dispatch has got: its sites' DISPATCH_SITE commands counted by status",
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Sites in the dispatch' }),
    queued: t.int({ description: 'Sites whose command waits to be sent', resolve: (p) => p.byStatus['QUEUED'] ?? 0 }),
    sent: t.int({ description: "Sites whose command was sent and awaits Tesla's answer or the read-back", resolve: (p) => p.byStatus['SENT'] ?? 0 }),
    succeeded: t.int({ description: 'Sites dispatched', resolve: (p) => p.byStatus['SUCCEEDED'] ?? 0 }),
    failed: t.int({ description: 'Sites Tesla or the site refused', resolve: (p) => p.byStatus['FAILED'] ?? 0 }),
    cancelled: t.int({ description: 'Sites cancelled before their command was sent', resolve: (p) => p.byStatus['CANCELLED'] ?? 0 }),
    expired: t.int({ description: 'Sites whose command was not sent in time', resolve: (p) => p.byStatus['EXPIRED'] ?? 0 }),
    restoresPending: t.exposeInt('restoresPending', { description: "Sites whose customer settings are still to be put back" }),
  }),
});

builder.node(DispatchRef, {
  description: "A battery dispatch over many sites: a DISPATCH_SITE command per site now, a RESTORE_SITE command per site at `until`",
  id: { resolve: (d) => d.id },
  loadMany: (ids, context) => Promise.all(ids.map((id) => context.loaders.dispatchById.load(id))),
  fields: (t) => ({
    mode: t.field({ type: DispatchModeEnum, description: 'What the batteries are asked to do', resolve: (d) => d.mode }),
    powerKw: t.float({ nullable: true, description: 'Requested; the Fleet API cannot set battery power, so sites run at their own rate', resolve: (d) => d.power_kw }),
    until: t.field({ type: 'DateTime', description: "When each site's customer settings are restored", resolve: (d) => d.until }),
    enableGridInteraction: t.exposeBoolean('enable_grid_interaction', { description: 'The export rule (DISCHARGE) or grid charging (CHARGE) is changed for the dispatch, then restored' }),
    cancelledAt: t.field({ type: 'DateTime', nullable: true, description: 'When cancelDispatch ended it; null unless cancelled', resolve: (d) => d.cancelled_at }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was stored', resolve: (d) => d.created_at }),
    idempotencyKey: t.exposeString('idempotency_key', { nullable: true, description: 'The idempotency key it was submitted with; null when none was given' }),
    progress: t.field({ type: DispatchProgressRef, description: "Its sites' commands counted by status", resolve: (d, _args, context) => context.services.dispatches.progress(d.id) }),
    commands: t.connection(
      {
        type: CommandRef,
        description: 'Its DISPATCH_SITE and RESTORE_SITE commands, by kind, then oldest first',
        resolve: (d, args, context) =>
          keysetConnection(
            args,
            (page) => context.services.dispatches.commandsOf(d.id, page),
            () => context.services.dispatches.countCommandsOf(d.id),
          ),
      },
      CommandConnection,
    ),
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

/** A site's blocker of a refused dispatch: what `EXPORT_NOT_PERMITTED`'s `blockers` extension lists, typed. */
interface DispatchBlocker {
  siteId: string;
  siteName: string;
  code: ReadinessBlocker['code'];
  message: string;
  remediation: string;
}

const DispatchBlockerRef = builder.objectRef<DispatchBlocker>('DispatchBlocker').implement({
  description: 'Why one site cannot take part in a dispatch as asked, and what fixes it',
  fields: (t) => ({
    site: t.field({ type: SiteRef, nullable: true, description: 'The blocked site', resolve: (b, _args, context) => context.loaders.siteById.load(b.siteId) }),
    code: t.field({ type: ReadinessBlockerCodeEnum, description: 'What stands in the way', resolve: (b) => b.code }),
    message: t.exposeString('message', { description: 'The blocker in words' }),
    remediation: t.exposeString('remediation', { description: 'What the customer (or enableGridInteraction) can do about it' }),
  }),
});

/** The service's answer, or its EXPORT_NOT_PERMITTED refusal: then `dispatch` is null with that error and `blockers` lists it typed. */
type DispatchAnswer = { dispatch: DispatchRow; commands: CommandRow[]; refusal?: undefined } | { dispatch?: undefined; commands: CommandRow[]; refusal: GatewayError };

const DispatchPayload = builder.objectRef<DispatchAnswer>('DispatchBatteryPayload').implement({
  description: 'The dispatch and its commands; or, when sites are not ready, no dispatch (an EXPORT_NOT_PERMITTED error on `dispatch`) and the typed `blockers`',
  fields: (t) => ({
    dispatch: t.field({
      type: DispatchRef,
      nullable: true,
      description: 'The stored dispatch; null with an EXPORT_NOT_PERMITTED error when sites are not ready (nothing was stored or sent)',
      resolve: (p) => {
        if (p.refusal) throw p.refusal;
        return p.dispatch;
      },
    }),
    commands: t.field({ type: [CommandRef], description: 'One DISPATCH_SITE command per site; empty when refused', resolve: (p) => p.commands }),
    blockers: t.field({
      type: [DispatchBlockerRef],
      description: 'Each blocked site and why, when the dispatch was refused (the same as the error\'s `blockers` extension); empty otherwise',
      resolve: (p) => (p.refusal ? ((p.refusal.details['blockers'] as DispatchBlocker[] | undefined) ?? []) : []),
    }),
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
        description: 'The sites, the mode and the end',
        type: builder.inputType('DispatchBatteryInput', {
          description: 'A battery dispatch over many sites',
          fields: (f) => ({
            siteIds: f.idList({ required: true, description: `1 to 10000 sites`, extensions: maxItems(10_000) }),
            mode: f.field({ type: DispatchModeEnum, required: true, description: 'What the batteries are asked to do' }),
            powerKw: f.float({ description: `Per site, kW: more than 0, at most ${MAX_SITE_POWER_KW}` }),
            until: f.field({ type: 'DateTime', description: 'When to restore the customer settings; one hour from now when omitted' }),
            enableGridInteraction: f.boolean({ required: true, description: 'Allow battery export (DISCHARGE) or grid charging (CHARGE) for the dispatch, restored afterwards' }),
            idempotencyKey: f.string(idempotencyKeyField),
          }),
        }),
      }),
    },
    resolve: async (_root, { input }, context): Promise<DispatchAnswer> => {
      if (input.siteIds.length > 10_000) throw GatewayError.badUserInput('siteIds', 'at most 10000 sites per dispatch');
      return context.services.dispatches.dispatch(context.caller!.organizationId, {
        siteIds: input.siteIds.map((id) => parseGlobalId(String(id), 'Site', 'siteIds')),
        mode: input.mode,
        powerKw: input.powerKw,
        until: input.until,
        enableGridInteraction: input.enableGridInteraction,
        idempotencyKey: input.idempotencyKey,
        createdBy: context.caller!.apiKeyId,
      }).catch((error: unknown) => {
        // Not ready: the blockers are also data (typed), with the error on `dispatch`.
        if (error instanceof GatewayError && error.code === 'EXPORT_NOT_PERMITTED' && Array.isArray(error.details['blockers'])) return { commands: [], refusal: error };
        throw error;
      });
    },
  }),
  cancelDispatch: t.field({
    type: builder.objectRef<{ dispatch: DispatchRow }>('CancelDispatchPayload').implement({
      description: 'The cancelled dispatch',
      fields: (f) => ({ dispatch: f.field({ type: DispatchRef, description: 'The dispatch, with cancelledAt set', resolve: (p) => p.dispatch }) }),
    }),
    description: 'Ends a dispatch now: sites not yet dispatched are cancelled, and every customer setting is restored at once',
    args: {
      input: t.arg({
        required: true,
        description: 'The dispatch to end',
        type: builder.inputType('CancelDispatchInput', {
          description: 'A dispatch to end',
          fields: (f) => ({ dispatchId: f.id({ required: true, description: 'Dispatch global ID' }) }),
        }),
      }),
    },
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
    description: 'The dispatch this command is a step of; null for a command sent on its own',
    resolve: (c, _args, context) => (c.dispatch_id ? context.loaders.dispatchById.load(c.dispatch_id) : null),
  }),
);
