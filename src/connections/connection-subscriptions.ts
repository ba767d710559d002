import { busEvents } from '../bus/bus-events.js';
import { CONNECTION_STATUS_CHANNEL } from './connection-events.js';
import type { TeslaConnectionRow } from '../db/tables.js';
import { builder } from '../graphql/builder.js';
import { TeslaAccountRef } from './connection-types.js';

interface ConnectionStatusEvent {
  connectionId: string;
  organizationId: string;
  status: string;
}

builder.subscriptionField('teslaAccountStatusChanged', (t) =>
  t.field({
    type: TeslaAccountRef,
    description: 'A Tesla account of the organization became ACTIVE, NEEDS_REAUTH or REVOKED',
    subscribe: (_root, _args, context) => {
      const organizationId = context.caller!.organizationId;
      return busEvents<ConnectionStatusEvent>(context.services.gatewayBus, CONNECTION_STATUS_CHANNEL, (e) => e.organizationId === organizationId);
    },
    resolve: async (event: ConnectionStatusEvent, _args, context): Promise<TeslaConnectionRow> => {
      const connection = await context.services.connections.findConnection(context.caller!.organizationId, event.connectionId);
      if (!connection) throw new Error('connection vanished');
      return connection;
    },
  }),
);
