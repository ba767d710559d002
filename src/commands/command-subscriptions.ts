import { busEvents } from '../bus/bus-events.js';
import { COMMAND_UPDATED_CHANNEL } from './command-service.js';
import type { CommandRow } from '../db/tables.js';
import { builder } from '../graphql/builder.js';
import { parseGlobalId } from '../graphql/global-id.js';
import { CommandRef } from './command-types.js';

interface CommandUpdatedEvent {
  commandId: string;
  organizationId: string;
  status: string;
}

builder.subscriptionField('commandUpdated', (t) =>
  t.field({
    type: CommandRef,
    description: "Every state change of the organization's commands (or only of `ids`), from any gateway instance",
    args: { ids: t.arg.idList({ description: 'Command IDs to follow; all commands when omitted' }) },
    subscribe: (_root, args, context) => {
      const organizationId = context.caller!.organizationId;
      const ids = args.ids ? new Set(args.ids.map((id) => parseGlobalId(String(id), 'Command', 'ids'))) : null;
      return busEvents<CommandUpdatedEvent>(context.services.gatewayBus, COMMAND_UPDATED_CHANNEL, (e) => e.organizationId === organizationId && (!ids || ids.has(e.commandId)));
    },
    // Read fresh: a subscription's context (and its loaders) lives as long as the subscription.
    resolve: async (event: CommandUpdatedEvent, _args, context): Promise<CommandRow> => {
      const [command] = await context.services.commands.commandsByIds(context.caller!.organizationId, [event.commandId]);
      if (!command) throw new Error('command vanished');
      return command;
    },
  }),
);
