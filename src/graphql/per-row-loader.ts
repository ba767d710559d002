import DataLoader from 'dataloader';

/**
 * A per-request loader of one upstream read per row (deduplicated by row id), whose failures stay
 * with their row: one failing site or car never fails the others in the same query.
 */
export function perRowLoader<Row extends { id: string }, T>(read: (row: Row) => Promise<T>): DataLoader<Row, T, string> {
  return new DataLoader<Row, T, string>((rows) => Promise.all(rows.map((row) => read(row).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))), {
    cacheKeyFn: (row) => row.id,
  });
}
