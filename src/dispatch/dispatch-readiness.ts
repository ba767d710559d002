import type { DispatchMode, SiteRow, TeslaConnectionRow } from '../db/tables.js';
import { gridReadiness, type ReadinessBlocker } from '../sites/grid-readiness.js';
import type { SiteLiveStatus } from '../sites/site-mapping.js';
import type { SiteInfo } from '../tesla/responses.js';

/** The grid flow a mode needs, if any: DISCHARGE exports battery energy, CHARGE imports to charge. */
export function gridFlowOf(mode: DispatchMode): 'EXPORT' | 'GRID_CHARGING' | null {
  return mode === 'DISCHARGE' ? 'EXPORT' : mode === 'CHARGE' ? 'GRID_CHARGING' : null;
}

/**
 * What stops a dispatch of `mode` at this site now: the site's readiness blockers for the mode's
 * grid flow, less those that enableGridInteraction lifts by changing the setting for the event.
 * The one rule used both before anything is stored (small dispatches) and by the runner step.
 */
export function blockersFor(
  site: SiteRow,
  connection: TeslaConnectionRow,
  info: SiteInfo | null,
  live: SiteLiveStatus | null,
  intent: { mode: DispatchMode; enableGridInteraction: boolean },
): ReadinessBlocker[] {
  const flow = gridFlowOf(intent.mode);
  if (!flow) return [];
  return gridReadiness(site, connection, info, live).blockers.filter((b) => b.blocks.includes(flow) && !(intent.enableGridInteraction && b.liftedByGridInteraction));
}
