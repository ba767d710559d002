import type { Handler } from './context.js';
import { fleetHandler, type FleetEndpoint } from './fleet-pipeline.js';
import { teslaError } from './replies.js';
import type { Router } from './router.js';
import { commandEndpoints } from './vehicle-command-endpoints.js';

/**
 * A stand-in for Tesla's vehicle-command HTTP proxy (tesla-http-proxy, tesla-fleet-api.md §6.4)
 * under `/proxy`: it signs `POST /api/1/vehicles/{VIN}/command/{name}` with the app's key and
 * forwards every other Fleet API path unchanged. Its own checks come first and never reach Tesla,
 * so they are not counted: a Bearer header must be present (403), command paths need a 17-character
 * VIN (404). `GET /proxy/health` answers `OK` without a token.
 */

export const PROXY_PREFIX = '/proxy';

function withProxyChecks(handler: Handler, commandPath: boolean): Handler {
  return (ctx) => {
    if (!/^Bearer\s+\S/i.test(ctx.req.headers.authorization ?? '')) return teslaError(403, 'client did not provide an OAuth token');
    // Tesla's typo ("do not user") kept verbatim.
    if (commandPath && (ctx.params.tag ?? '').length !== 17) {
      return teslaError(404, 'expected 17-character VIN in path (do not user Fleet API ID)');
    }
    return handler(ctx);
  };
}

/** `forwarded`: the plain Fleet API endpoints the proxy passes through (no command routes). */
export function addCommandProxyRoutes(router: Router<Handler>, forwarded: readonly FleetEndpoint[]): void {
  router.add('GET', `${PROXY_PREFIX}/health`, () => ({ status: 200, text: 'OK' }));
  for (const endpoint of commandEndpoints('proxy')) {
    router.add(endpoint.method, PROXY_PREFIX + endpoint.path, withProxyChecks(fleetHandler(endpoint), true));
  }
  for (const endpoint of forwarded) {
    router.add(endpoint.method, PROXY_PREFIX + endpoint.path, withProxyChecks(fleetHandler(endpoint), false));
  }
}
