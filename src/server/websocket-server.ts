import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ExecutionArgs } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { authenticate, type GatewayContext, type Services } from './context.js';
import { SharedSubscriptions, stateReplayKey, subscriptionKey } from './shared-subscriptions.js';

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

/**
 * `WS /graphql` (graphql-transport-ws, graphql-ws) on the HTTP server's port, through Yoga's own
 * plugin pipeline (getEnveloped), so limits, masking and auth scopes are the same as over HTTP. The
 * API key comes in `connectionParams.authorization`; a bad one closes the socket with 4403.
 */
export function attachWebSocketServer(
  server: Server,
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>,
  services: Services,
  logger: Logger,
  metrics?: Metrics,
) {
  const shared = new SharedSubscriptions(metrics ? { registry: metrics.registry } : {});
  const wss = new WebSocketServer({ server, path: '/graphql' });
  wss.on('connection', (socket, request) => writeOncePerTick(socket, request.socket));
  const cleanup = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      // Identical subscriptions share one execution (shared-subscriptions.ts); each subscriber still
      // has its own context, validation and limits (onSubscribe below).
      subscribe: (args) => shared.subscribe(subscriptionKey(args), () => (args.rootValue as EnvelopedRoot).subscribe(args) as never, stateReplayKey(args)),
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.['authorization'];
        const caller = await authenticate(services, typeof authorization === 'string' ? authorization : null);
        return caller !== null;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
        });
        const args: ExecutionArgs = {
          schema,
          operationName: payload.operationName ?? null,
          document: parse(payload.query),
          variableValues: payload.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe } satisfies EnvelopedRoot,
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
      onError: (_ctx, _id, _payload, errors) => logger.debug({ errors: errors.map((e) => e.message) }, 'subscription error'),
    },
    wss,
  );
  return {
    close: async () => {
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * A shared subscription event reaches many subscriptions of a connection in the same tick (see
 * shared-subscriptions.ts). ws writes each message with its own syscall; corking the connection
 * until the tick ends sends them in one write (bench: a third of the fan-out's CPU was writev).
 */
function writeOncePerTick(socket: WebSocket, connection: Duplex): void {
  const send = socket.send.bind(socket) as (...args: unknown[]) => void;
  let corked = false;
  socket.send = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      connection.cork();
      process.nextTick(() => {
        corked = false;
        connection.uncork();
      });
    }
    send(...args);
  }) as WebSocket['send'];
}
