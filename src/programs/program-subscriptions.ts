import { busEvents } from '../bus/bus-events.js';
import type { ProgramEventRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { PROGRAM_EVENT_UPDATED_CHANNEL } from './program-event-service.js';
import { ProgramEventRef } from './program-types.js';

interface ProgramEventUpdated {
  eventId: string;
  organizationId: string;
  programId: string;
  status: string;
}

builder.subscriptionField('programEventUpdated', (t) =>
  t.field({
    type: ProgramEventRef,
    description: "Every change of the organization's program events (or of one program's), from any gateway instance",
    args: { programId: t.arg.id({ description: 'Only this program’s events' }) },
    subscribe: (_root, args, context) => {
      const organizationId = context.caller!.organizationId;
      const programId = args.programId == null ? null : parseGlobalId(String(args.programId), 'Program', 'programId');
      return busEvents<ProgramEventUpdated>(context.services.gatewayBus, PROGRAM_EVENT_UPDATED_CHANNEL, (e) => e.organizationId === organizationId && (!programId || e.programId === programId));
    },
    // Read fresh: a subscription's context lives as long as the subscription.
    resolve: async (event: ProgramEventUpdated, _args, context): Promise<ProgramEventRow> => {
      const row = await context.services.programEvents.find(context.caller!.organizationId, event.eventId);
      if (!row) throw GatewayError.notFound('program event');
      return row;
    },
  }),
);
