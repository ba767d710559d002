import type { Gateway } from '../../src/gateway.js';

/** The SQL the gateway sends its database while `work` runs, in order. */
export async function databaseQueries(gateway: Gateway, work: () => Promise<void>): Promise<string[]> {
  const executor = gateway.database.db.getExecutor() as unknown as { executeQuery: (query: { sql: string }, ...rest: unknown[]) => Promise<unknown> };
  const original = executor.executeQuery;
  const seen: string[] = [];
  executor.executeQuery = function (this: unknown, query, ...rest) {
    seen.push(query.sql);
    return original.call(this, query, ...rest);
  };
  try {
    await work();
  } finally {
    executor.executeQuery = original;
  }
  return seen;
}
