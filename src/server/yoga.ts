import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useDisableIntrospection } from '@envelop/disable-introspection';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLError, Kind, type ASTNode, type ValidationContext } from 'graphql';
import { isRowId } from '../db/row-id.js';
import { useExtendContextValuePerExecuteSubscriptionEvent } from '@envelop/execute-subscription-event';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { GatewayError } from '../gateway-error.js';
import { schema } from '../graphql/schema.js';
import type { Logger } from '../observability/logger.js';
import { createContext, createLoaders, type GatewayContext, type Services } from './context.js';
import { useCompressedGraphiQL } from './graphiql-compression.js';
import { useArgumentChecks } from './argument-checks.js';
import type { OriginPolicy } from './origin-policy.js';

/** Limits that keep one query from costing a fleet's worth of upstream calls. */
// Cost: a 100-site page with live status, settings and readiness (the default page) fits; 200 such sites do not.
export const QUERY_LIMITS = { maxDepth: 10, maxAliases: 15, maxCost: 100_000, maxTokens: 2000 };

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
export function maskError(logger: Logger, hideSuggestions = false) {
  const mask = maskGatewayErrors(logger);
  if (!hideSuggestions) return mask;
  // graphql-armor hides suggestions in validation; values coerced at execution ("Did you mean the
  // enum value …?") come through here.
  return (error: unknown): Error => {
    const masked = mask(error);
    if (/Did you mean/.test(masked.message)) masked.message = masked.message.replace(/ ?Did you mean [^?]*\?/g, '').trim();
    return masked;
  };
}

/**
 * A variable that could not be coerced (`50.5` for an Int, `"now"` for a DateTime, a null for a
 * non-null type) is the caller's input: BAD_USER_INPUT with `field` = its input path as graphql-js
 * names it (`Variable "$input" got invalid value … at "input.until"` → `input.until`; a top-level
 * variable → its name). graphql-js wraps the scalar's own error twice, so it is recognised by the
 * message it always builds.
 */
function variableInputError(error: GraphQLError): GraphQLError | null {
  // graphql-js stops after 50 bad variables with this last error of its own, which has no path.
  if (error.message.startsWith('Too many errors processing variables')) return new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } });
  const variable = /^Variable "\$([^"]+)" (?:got invalid value|of required type|of non-null type)/.exec(error.message);
  if (!variable) return null;
  const field = / at "([^"]+)"[;:]/.exec(error.message)?.[1] ?? variable[1]!;
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code: 'BAD_USER_INPUT', field } });
}

function maskGatewayErrors(logger: Logger) {
  return (error: unknown): Error => {
    const graphqlError = error instanceof GraphQLError ? error : null;
    const variable = graphqlError ? variableInputError(graphqlError) : null;
    if (variable) return variable;
    const original = graphqlError?.originalError ?? error;
    if (original instanceof GatewayError) {
      return new GraphQLError(original.message, {
        nodes: graphqlError?.nodes,
        source: graphqlError?.source,
        positions: graphqlError?.positions,
        path: graphqlError?.path,
        extensions: { code: original.code, ...withGlobalIds(original.details), ...inputPathOf(original.details['field'], graphqlError?.nodes) },
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

/**
 * Services name the input field they refuse (`until`); the caller sent it as an argument path
 * (`input.until`). Every mutation takes one `input` argument, so a name that is not one of the
 * field's own arguments is under `input`.
 */
function inputPathOf(field: unknown, nodes: readonly ASTNode[] | undefined): { field?: string } {
  const node = nodes?.[0];
  if (typeof field !== 'string' || node?.kind !== Kind.FIELD) return {};
  const args = node.arguments?.map((a) => a.name.value) ?? [];
  return args.includes(field.split(/[.[]/)[0]!) || !args.includes('input') ? {} : { field: `input.${field}` };
}

/** Services name rows by their uuid; callers only ever see global IDs. */
function withGlobalIds(details: Record<string, unknown>): Record<string, unknown> {
  const out = { ...details };
  const id = details['accountId'];
  if (typeof id === 'string' && isRowId(id)) out['accountId'] = encodeGlobalID('TeslaAccount', id);
  if (Array.isArray(details['blockers'])) {
    out['blockers'] = details['blockers'].map((b: Record<string, unknown>) =>
      typeof b['siteId'] === 'string' && isRowId(b['siteId']) ? { ...b, siteId: encodeGlobalID('Site', b['siteId']) } : b,
    );
  }
  return out;
}

/** Codes of errors the caller caused or Tesla reported: logged at info/warn, without a stack. */
const WARN_CODES = new Set(['UNAUTHENTICATED', 'UPSTREAM_UNAVAILABLE', 'RATE_LIMITED', 'ACCOUNT_NEEDS_REAUTH', 'PARTNER_NOT_REGISTERED']);

/** The stable code of an error yoga is about to log, if it has one (then it is not a bug). */
function codeOf(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { originalError?: unknown }).originalError, depth++) {
    if (e instanceof GatewayError) return e.code;
    if (e instanceof GraphQLError && typeof e.extensions['code'] === 'string' && e.extensions['code'] !== 'INTERNAL_SERVER_ERROR') return e.extensions['code'];
  }
  return null;
}

/**
 * Yoga logs every error it masks at `error`; a coded one (a bad key, bad input, Tesla's refusal) is
 * the caller's or Tesla's doing, not ours: `warn` for bad keys and upstream trouble, `info` for the
 * rest, with the code and message only, never a stack. Uncoded errors stay at `error` (maskError
 * has logged their stack once already).
 */
function logYogaError(logger: Logger, args: unknown[]): void {
  const codes = args.map(codeOf);
  if (args.length > 0 && codes.every((c) => c !== null)) {
    const errors = args.map((a, i) => ({ code: codes[i], message: String((a as Error).message).slice(0, 500), path: (a as GraphQLError).path }));
    const level = codes.some((c) => WARN_CODES.has(c!)) ? 'warn' : 'info';
    logger[level]({ errors }, 'request refused');
    return;
  }
  logger.error({ yoga: args }, 'yoga');
}

export interface ExposureOptions {
  /** Introspection, GraphiQL and field suggestions (`GRAPHQL_INTROSPECTION`). */
  introspection: boolean;
  /** Who may call cross-origin (`CORS_ORIGINS`); other origins are refused by the HTTP server. */
  origins: OriginPolicy;
}

export function createGraphqlHandler(
  services: Services,
  logger: Logger,
  exposure: ExposureOptions = { introspection: true, origins: { corsOrigins: [] } },
): YogaServerInstance<Record<string, unknown>, GatewayContext> {
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // Over HTTP the key is in the Authorization header; over WebSocket in connectionParams.
    context: (initial: { request?: Request; connectionParams?: Record<string, unknown> }) =>
      createContext(
        services,
        initial.request?.headers.get('authorization') ?? (typeof initial.connectionParams?.['authorization'] === 'string' ? initial.connectionParams['authorization'] : null),
        // An HTTP request has an upstream deadline (REQUEST_DEADLINE_MS); WebSocket operations do not.
        { requestDeadline: initial.request !== undefined },
      ),
    maskedErrors: { maskError: maskError(logger, !exposure.introspection) },
    // Same-origin callers need no CORS headers; a listed origin gets them (preflight included);
    // others never reach Yoga (http-server.ts refuses them with 403).
    cors: (request) => {
      const origin = request.headers.get('origin');
      if (!origin || !exposure.origins.corsOrigins.includes(origin)) return false;
      return {
        origin,
        methods: ['GET', 'POST', 'OPTIONS'],
        allowedHeaders: ['authorization', 'content-type', 'accept'],
        credentials: false,
        maxAge: 600,
      };
    },
    graphiql: exposure.introspection && {
      title: 'derms-gateway',
      headers: JSON.stringify({ Authorization: 'Bearer <your API key>' }),
      defaultQuery: FIRST_QUERY,
    },
    // The bundled GraphiQL: the sandbox must work without internet (yoga's default loads a CDN).
    // A 9 MB module, loaded on the first page view rather than at start-up (~150 ms of a cold start).
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    landingPage: false,
    // http-server.ts has already read the body and enforced MAX_REQUEST_BYTES (413); yoga's own
    // 25 MB check would pipe that read body through a stream again on every request.
    maxRequestBodySize: false,
    logging: {
      debug: (...args) => logger.debug({ yoga: args }, 'yoga'),
      info: (...args) => logger.info({ yoga: args }, 'yoga'),
      warn: (...args) => logger.warn({ yoga: args }, 'yoga'),
      error: (...args) => logYogaError(logger, args),
    },
    plugins: [
      useCompressedGraphiQL(),
      ...(exposure.introspection ? [] : [useDisableIntrospection(), blockFieldSuggestionsPlugin({ mask: '' })]),
      // Input size limits, and the cost limit again once variables are known (`first: $n` counts as `first: 100` would).
      useArgumentChecks({ maxCost: QUERY_LIMITS.maxCost }),
      maxDepthPlugin({ n: QUERY_LIMITS.maxDepth, ...rejectAsTooComplex }),
      maxAliasesPlugin({ n: QUERY_LIMITS.maxAliases, ...rejectAsTooComplex }),
      costLimitPlugin({ maxCost: QUERY_LIMITS.maxCost, ...rejectAsTooComplex }),
      maxTokensPlugin({ n: QUERY_LIMITS.maxTokens, ...rejectAsTooComplex }),
      // A request's upstream deadline ends with its execution (its timer would fire long after).
      endRequestDeadline,
      // graphql-js keeps one context per subscription: fresh loaders per event, or nested reads
      // (a site's settings under siteTelemetry) would repeat the first event's values forever.
      useExtendContextValuePerExecuteSubscriptionEvent<GatewayContext>(({ args }) => ({
        contextPartial: { loaders: createLoaders(services, (args.contextValue as GatewayContext).caller) },
      })),
    ],
  });
}

const endRequestDeadline: Plugin<GatewayContext> = {
  onExecute: ({ args }) => ({ onExecuteDone: () => (args.contextValue as GatewayContext).deadline?.end() }),
};

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
