import { randomUUID } from 'node:crypto';
import { stormModeActive } from '../fleet/energy-site.js';
import type { PowerhubSites } from './powerhub-sites.js';

/**
 * Powerhub dispatches: one direct set-point (`per_site_kw`) for many sites over a window. Each
 * site is accepted (its physics gets the set-point) or rejected with a reason; the dispatch's
 * state follows the simulated clock. Ids are random, not seeded: a gateway's database outlives a
 * simulator restart, and a reused id would point at someone else's dispatch.
 */

export type DispatchMode = 'discharge' | 'charge';
export type DispatchState = 'scheduled' | 'active' | 'completed' | 'cancelled';

export interface DispatchSite {
  siteId: string;
  status: 'accepted' | 'rejected';
  reason: string | null;
}

export interface Dispatch {
  id: string;
  mode: DispatchMode;
  perSiteKw: number;
  startMs: number;
  endMs: number;
  idempotencyKey: string;
  createdAtMs: number;
  cancelledAtMs: number | null;
  sites: DispatchSite[];
}

export interface DispatchRequest {
  siteIds: readonly string[];
  mode: DispatchMode;
  perSiteKw: number;
  startMs: number;
  endMs: number;
  idempotencyKey: string;
}

export const STORM_WATCH_REASON = 'storm watch active';
export const UNKNOWN_SITE_REASON = 'unknown site';

export class PowerhubDispatches {
  private readonly byId = new Map<string, Dispatch>();
  private readonly byKey = new Map<string, Dispatch>();
  /** Accepted dispatches per site, to refuse overlapping ones. */
  private readonly bySite = new Map<string, Dispatch[]>();

  constructor(private readonly sites: PowerhubSites) {}

  /** The dispatch first created with this key: a retried create answers it again. */
  byIdempotencyKey(key: string): Dispatch | undefined {
    return this.byKey.get(key);
  }

  /** Callers check `byIdempotencyKey` first; a reused key here would orphan the earlier dispatch. */
  create(request: DispatchRequest, now: number): Dispatch {
    if (this.byKey.has(request.idempotencyKey)) throw new Error('idempotency key already used');
    const dispatch: Dispatch = {
      id: `phd-${randomUUID()}`,
      mode: request.mode,
      perSiteKw: request.perSiteKw,
      startMs: request.startMs,
      endMs: request.endMs,
      idempotencyKey: request.idempotencyKey,
      createdAtMs: now,
      cancelledAtMs: null,
      sites: [],
    };
    const powerW = (request.mode === 'discharge' ? 1 : -1) * request.perSiteKw * 1000;
    for (const siteId of new Set(request.siteIds)) {
      const reason = this.refusal(siteId, request);
      if (reason !== null) {
        dispatch.sites.push({ siteId, status: 'rejected', reason });
        continue;
      }
      this.sites.get(siteId)!.physics.addSetPoint(now, { dispatchId: dispatch.id, powerW, startMs: request.startMs, endMs: request.endMs });
      dispatch.sites.push({ siteId, status: 'accepted', reason: null });
      this.bySite.set(siteId, [...(this.bySite.get(siteId) ?? []), dispatch]);
    }
    this.byId.set(dispatch.id, dispatch);
    this.byKey.set(dispatch.idempotencyKey, dispatch);
    return dispatch;
  }

  get(id: string): Dispatch | undefined {
    return this.byId.get(id);
  }

  all(): Dispatch[] {
    return [...this.byId.values()];
  }

  /** Ends every accepted site's set-point at `now`; a finished dispatch is left as it was. */
  cancel(id: string, now: number): Dispatch | undefined {
    const dispatch = this.byId.get(id);
    if (!dispatch) return undefined;
    const state = dispatchState(dispatch, now);
    if (state === 'completed' || state === 'cancelled') return dispatch;
    dispatch.cancelledAtMs = now;
    for (const site of dispatch.sites) {
      if (site.status === 'accepted') this.sites.get(site.siteId)?.physics.endSetPoint(now, dispatch.id);
    }
    return dispatch;
  }

  /** Energy (kWh, either direction) one site's battery moved for the dispatch so far. */
  deliveredKwh(dispatch: Dispatch, site: DispatchSite, now: number): number {
    if (site.status !== 'accepted') return 0;
    const physics = this.sites.get(site.siteId)?.physics;
    return physics ? Math.round(physics.deliveredWh(dispatch.id, now)) / 1000 : 0;
  }

  private refusal(siteId: string, request: DispatchRequest): string | null {
    const entry = this.sites.get(siteId);
    if (!entry) return UNKNOWN_SITE_REASON;
    if (stormModeActive(entry.site)) return STORM_WATCH_REASON;
    const overlapping = (this.bySite.get(siteId) ?? []).find((other) => {
      // A cancelled dispatch only ever held the site until it was cancelled (maybe not at all).
      const otherEnd = Math.min(other.endMs, other.cancelledAtMs ?? other.endMs);
      return other.startMs < otherEnd && other.startMs < request.endMs && request.startMs < otherEnd;
    });
    return overlapping ? `overlaps dispatch ${overlapping.id}` : null;
  }
}

export function dispatchState(dispatch: Dispatch, now: number): DispatchState {
  if (dispatch.cancelledAtMs !== null) return 'cancelled';
  if (now < dispatch.startMs) return 'scheduled';
  return now < dispatch.endMs ? 'active' : 'completed';
}
