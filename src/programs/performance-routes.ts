import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import type { Services } from '../server/context.js';
import { authenticate } from '../server/context.js';
import { performanceCsv, sitePerformanceCsvRows } from './performance/performance-csv.js';

/** `GET /events/{id}/performance.csv`: `{id}` is the event's global ID, URL-encoded. */
export const PERFORMANCE_CSV_PATTERN = /^\/events\/([^/]+)\/performance\.csv$/;

function sendJson(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * An event's measured performance for settlement: one row per site and 5-minute interval, the same
 * figures as `ProgramEvent.performance` (the same Bearer key and organization scoping as GraphQL).
 */
export async function handlePerformanceCsv(req: IncomingMessage, res: ServerResponse, globalId: string, services: Services): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, 'BAD_USER_INPUT', 'use GET');
  const caller = await authenticate(services, req.headers.authorization);
  if (!caller) return sendJson(res, 401, 'UNAUTHENTICATED', 'a valid API key is required: send "Authorization: Bearer <api key>"');
  let eventId: string | null = null;
  try {
    const decoded = decodeGlobalID(globalId);
    if (decoded.typename === 'ProgramEvent') eventId = decoded.id;
  } catch {
    eventId = null;
  }
  if (!eventId) return sendJson(res, 400, 'BAD_USER_INPUT', 'the path must carry a ProgramEvent ID');
  const event = await services.programEvents.find(caller.organizationId, eventId);
  if (!event) return sendJson(res, 404, 'NOT_FOUND', 'program event not found');
  const performance = await services.eventPerformance.performance(event);
  const rows = (performance?.sites ?? []).flatMap((site) => sitePerformanceCsvRows(globalId, encodeGlobalID('Site', site.siteId), site.energySiteId, site));
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="event-${event.id}-performance.csv"`,
    // A settled event's figure never changes; a running one's does.
    'cache-control': performance?.frozen ? 'private, max-age=86400' : 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : performanceCsv(rows));
}
