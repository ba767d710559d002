import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError, type ValidationContext } from 'graphql';
import { isRowId } from '../db/row-id.js';
import { useExtendContextValuePerExecuteSubscriptionEvent } from '@envelop/execute-subscription-event';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { GatewayError } from '../gateway-error.js';
import { schema } from '../graphql/schema.js';
import type { Logger } from '../observability/logger.js';
import { createContext, createLoaders, type GatewayContext, type Services } from './context.js';

/** Limits that keep one query from costing a fleet's worth of upstream calls. */
export const QUERY_LIMITS = { maxDepth: 10, maxAliases: 15, maxCost: 20_000, maxTokens: 2000 };

/** graphql-armor throws plain validation errors; ours carry the stable code QUERY_TOO_COMPLEX. */
const rejectAsTooComplex = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) => {
      const tooComplex = new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'QUERY_TOO_COMPLEX' } });
      if (context) context.reportError(tooComplex);
      else throw tooComplex;
    },
  ],
};

/**
 * Turns what resolvers throw into the error contract (DESIGN §6): a GatewayError keeps its message
 * and gets `extensions.code` plus its details; anything else is logged and masked, so internals
 * and secrets never reach the caller.
 */
export function maskError(logger: Logger) {
  return (error: unknown): Error => {
    const graphqlError = error instanceof GraphQLError ? error : null;
    const original = graphqlError?.originalError ?? error;
    if (original instanceof GatewayError) {
      return new GraphQLError(original.message, {
        nodes: graphqlError?.nodes,
        source: graphqlError?.source,
        positions: graphqlError?.positions,
        path: graphqlError?.path,
        extensions: { code: original.code, ...withGlobalIds(original.details) },
      });
    }
    if (graphqlError && !graphqlError.originalError) return graphqlError;
    if (original instanceof GraphQLError && original.extensions['code']) return original;
    logger.error({ err: original, path: graphqlError?.path }, 'unexpected error in a resolver');
    return new GraphQLError('Unexpected error.', {
      nodes: graphqlError?.nodes,
      path: graphqlError?.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}

/** Services name rows by their uuid; callers only ever see global IDs. */
function withGlobalIds(details: Record<string, unknown>): Record<string, unknown> {
  const out = { ...details };
  const id = details['connectionId'];
  if (typeof id === 'string' && isRowId(id)) out['connectionId'] = encodeGlobalID('TeslaConnection', id);
  if (Array.isArray(details['blockers'])) {
    out['blockers'] = details['blockers'].map((b: Record<string, unknown>) =>
      typeof b['siteId'] === 'string' && isRowId(b['siteId']) ? { ...b, siteId: encodeGlobalID('Site', b['siteId']) } : b,
    );
  }
  return out;
}

export function createGraphqlHandler(services: Services, logger: Logger): YogaServerInstance<Record<string, unknown>, GatewayContext> {
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // Over HTTP the key is in the Authorization header; over WebSocket in connectionParams.
    context: (initial: { request?: Request; connectionParams?: Record<string, unknown> }) =>
      createContext(
        services,
        initial.request?.headers.get('authorization') ?? (typeof initial.connectionParams?.['authorization'] === 'string' ? initial.connectionParams['authorization'] : null),
      ),
    maskedErrors: { maskError: maskError(logger) },
    graphiql: {
      title: 'derms-gateway',
      headers: JSON.stringify({ Authorization: 'Bearer <your API key>' }),
      defaultQuery: FIRST_QUERY,
    },
    // The bundled GraphiQL: the sandbox must work without internet (yoga's default loads a CDN).
    renderGraphiQL,
    landingPage: false,
    logging: {
      debug: (...args) => logger.debug({ yoga: args }, 'yoga'),
      info: (...args) => logger.info({ yoga: args }, 'yoga'),
      warn: (...args) => logger.warn({ yoga: args }, 'yoga'),
      error: (...args) => logger.error({ yoga: args }, 'yoga'),
    },
    plugins: [
      maxDepthPlugin({ n: QUERY_LIMITS.maxDepth, ...rejectAsTooComplex }),
      maxAliasesPlugin({ n: QUERY_LIMITS.maxAliases, ...rejectAsTooComplex }),
      costLimitPlugin({ maxCost: QUERY_LIMITS.maxCost, ...rejectAsTooComplex }),
      maxTokensPlugin({ n: QUERY_LIMITS.maxTokens, ...rejectAsTooComplex }),
      // graphql-js keeps one context per subscription: fresh loaders per event, or nested reads
      // (a site's settings under siteTelemetry) would repeat the first event's values forever.
      useExtendContextValuePerExecuteSubscriptionEvent<GatewayContext>(({ args }) => ({
        contextPartial: { loaders: createLoaders(services, (args.contextValue as GatewayContext).caller) },
      })),
    ],
  });
}

const FIRST_QUERY = `# Send your API key as a header: {"Authorization": "Bearer <your API key>"}
query FirstLook {
  sites(first: 5) {
    totalCount
    edges {
      node {
        id
        name
        components { battery solar batteryCount }
        liveStatus { solarPowerW batteryPowerW loadPowerW gridPowerW percentageCharged }
        settings { backupReservePercent operationMode exportRule gridChargingAllowed }
      }
    }
  }
}
`;
