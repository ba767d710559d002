import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ExecutionArgs } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { judgeOrigin, type OriginPolicy } from './origin-policy.js';
import type { ApiKeyRevocations } from '../organizations/api-key-revocations.js';
import { authenticate, type GatewayContext, type Services } from './context.js';
import { SharedSubscriptions, stateReplayKey, subscriptionKey } from './shared-subscriptions.js';

interface EnvelopedRoot {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

/**
 * `WS /graphql` (graphql-transport-ws, graphql-ws) on the HTTP server's port, through Yoga's own
 * plugin pipeline (getEnveloped), so limits, masking and auth scopes are the same as over HTTP. The
 * API key comes in `connectionParams.authorization`; a bad one closes the socket with 4403, and so
 * does revoking the key while the socket is open.
 */
export function attachWebSocketServer(
  server: Server,
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>,
  services: Services,
  logger: Logger,
  metrics?: Metrics,
  limits?: { maxPayload: number; origins: OriginPolicy },
  revocations?: ApiKeyRevocations,
) {
  // Open sockets by API key, so a revocation (heard on the bus, from any instance or the CLI) closes them.
  const socketsByKey = new Map<string, Set<WebSocket>>();
  const stopWatchingRevocations = revocations?.onRevoked((apiKeyId) => {
    for (const socket of socketsByKey.get(apiKeyId) ?? []) socket.close(4403, 'Forbidden: API key revoked');
    socketsByKey.delete(apiKeyId);
  });
  const shared = new SharedSubscriptions(metrics ? { registry: metrics.registry } : {});
  const wss = new WebSocketServer({
    server,
    path: '/graphql',
    // A larger frame closes the socket (1009) as it arrives, before connection_init is even read.
    ...(limits ? { maxPayload: limits.maxPayload } : {}),
    // Browsers send Origin on upgrades too: the same rule as HTTP (CORS_ORIGINS).
    ...(limits ? { verifyClient: ({ req }: { req: IncomingMessage }) => judgeOrigin(req.headers, limits.origins) !== 'refused' } : {}),
  });
  wss.on('connection', (socket, request) => {
    writeOncePerTick(socket, request.socket);
    quietClientFrameErrors(socket, logger);
  });
  const cleanup = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args) as never,
      // Identical subscriptions share one execution (shared-subscriptions.ts); each subscriber still
      // has its own context, validation and limits (onSubscribe below).
      subscribe: (args) => shared.subscribe(subscriptionKey(args), () => (args.rootValue as EnvelopedRoot).subscribe(args) as never, stateReplayKey(args)),
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.['authorization'];
        const caller = await authenticate(services, typeof authorization === 'string' ? authorization : null);
        if (caller === null) return false;
        const socket = ctx.extra.socket;
        const sockets = socketsByKey.get(caller.apiKeyId) ?? new Set<WebSocket>();
        sockets.add(socket);
        socketsByKey.set(caller.apiKeyId, sockets);
        socket.once('close', () => {
          sockets.delete(socket);
          if (sockets.size === 0 && socketsByKey.get(caller.apiKeyId) === sockets) socketsByKey.delete(caller.apiKeyId);
        });
        return true;
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
    /** API keys with an open socket here (the periodic revocation check reads them). */
    keysInUse: () => [...socketsByKey.keys()],
    close: async () => {
      stopWatchingRevocations?.();
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * A frame the client got wrong (larger than maxPayload, bad UTF-8, bad opcode: ws codes `WS_ERR_*`)
 * is the client's error: ws closes the socket with the right code (1009, 1007, 1002) and it is
 * logged at info. graphql-ws would print it with a stack to stderr as an "internal error" (its
 * `error` listener is registered right after this one), so that listener only sees other errors.
 */
function quietClientFrameErrors(socket: WebSocket, logger: Logger): void {
  const once = socket.once.bind(socket) as (event: string, listener: (...args: unknown[]) => void) => WebSocket;
  socket.once = ((event: string, listener: (...args: unknown[]) => void) => {
    if (event !== 'error') return once(event, listener);
    return once('error', (error: unknown) => {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('WS_ERR_')) {
        logger.info({ code, message: (error as Error).message }, 'closed a WebSocket that sent a bad frame');
        return;
      }
      listener(error);
    });
  }) as WebSocket['once'];
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
