import DataLoader from 'dataloader';
import type { RequestDeadline } from '../upstream/request-deadline.js';

/**
 * A per-request loader of one upstream read per row (deduplicated by row id), whose failures stay
 * with their row: one failing site or car never fails the others in the same query. With the
 * request's `deadline`, a row whose read has not answered when it passes fails with its error
 * (`UPSTREAM_UNAVAILABLE`, `upstreamStatus: 0`) while the rows that answered keep their values.
 */
export function perRowLoader<Row extends { id: string }, T>(read: (row: Row, signal?: AbortSignal) => Promise<T>, deadline?: RequestDeadline): DataLoader<Row, T, string> {
  const one = (row: Row) => (deadline ? deadline.race(read(row, deadline.signal)) : read(row));
  return new DataLoader<Row, T, string>((rows) => Promise.all(rows.map((row) => one(row).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))), {
    cacheKeyFn: (row) => row.id,
  });
}
