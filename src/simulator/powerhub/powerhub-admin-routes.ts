import type { Handler } from '../http/context.js';
import { json } from '../http/replies.js';
import type { Router } from '../http/router.js';
import { dispatchJson } from './powerhub-json.js';

/**
 * `GET /sim/powerhub`: the Powerhub instance as tests see it (no auth, like the rest of `/sim/`):
 * client id (never the secret), site counts, the Powerhub-only sites, every dispatch with its
 * state and delivered energy. Counters and faults use the shared `/sim/counters` and `/sim/faults`.
 */
export function addPowerhubAdminRoutes(router: Router<Handler>): void {
  router.add('GET', '/sim/powerhub', (ctx) => {
    const { powerhub } = ctx.sandbox;
    const now = ctx.sandbox.now();
    const sites = powerhub.sites.all;
    return json(200, {
      clientId: powerhub.options.clientId,
      tokenLifetimeSeconds: powerhub.options.tokenLifetimeSeconds,
      siteCount: sites.length,
      unlinkedSiteIds: sites.filter((site) => site.energySiteId === null).map((site) => site.siteId),
      dispatches: powerhub.dispatches.all().map((dispatch) => dispatchJson(dispatch, powerhub.dispatches, now)),
    });
  });
}
