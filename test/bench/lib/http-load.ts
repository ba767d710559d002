import autocannon from 'autocannon';
import { percentile } from './stats.js';

export interface LoadFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
}

/** POSTs one GraphQL operation for `durationS` over `connections` keep-alive connections (autocannon, in this process). */
export async function graphqlLoad(url: string, body: { query: string; variables?: Record<string, unknown> }, options: { connections: number; durationS: number; apiKey?: string }): Promise<LoadFigures> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (options.apiKey) headers['authorization'] = `Bearer ${options.apiKey}`;
  // One checked request first: a load of GraphQL errors (HTTP 200) would look fast.
  const check = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify(body) });
  const checked = (await check.json()) as { errors?: unknown; data?: unknown };
  if (!check.ok || checked.errors || !checked.data) throw new Error(`${url}: ${check.status} ${JSON.stringify(checked).slice(0, 500)}`);
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    connections: options.connections,
    duration: options.durationS,
  });
  return {
    rps: Math.round(result.requests.total / (result.duration || options.durationS)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export { percentile };
