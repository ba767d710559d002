/**
 * `npm run bench:dispatch`: how long dispatchBattery takes to answer for a large fleet (it writes
 * the dispatch, a command and a restore per site, and their jobs, in one transaction), on the real
 * gateway and simulator. BENCH_DISPATCH_SITES sets the fleet (default 10000). Prints figures only.
 */
import { DispatchBatteryDocument } from '../../schema/generated/graphql.js';
import { startTestStack } from '../helpers/test-stack.js';

const SITES = Number(process.env['BENCH_DISPATCH_SITES'] ?? 10_000);

const stack = await startTestStack({
  simulator: { largeAccountSites: SITES, rateLimits: { dataPerMinute: 0, commandsPerMinute: 0 } },
  // API only: the bench measures the mutation, not the workers that would start sending.
  env: { ROLES: 'api' },
});
try {
  const org = await stack.createOrganization();
  const t0 = performance.now();
  await stack.connectAccount(org.organizationId, 'large');
  const importMs = performance.now() - t0;
  const ids: string[] = [];
  for (let after: string | null = null; ; ) {
    const page = (await stack.execute(`query ($after: String) { sites(first: 500, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } }`, { after }, org.apiKey))
      .data as { sites: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { id: string } }[] } };
    ids.push(...page.sites.edges.map((e) => e.node.id));
    if (!page.sites.pageInfo.hasNextPage) break;
    after = page.sites.pageInfo.endCursor;
  }
  const t1 = performance.now();
  const result = await stack.execute(
    DispatchBatteryDocument,
    { input: { siteIds: ids, mode: 'DISCHARGE', enableGridInteraction: true, until: new Date(Date.now() + 3600_000).toISOString() } },
    org.apiKey,
  );
  const dispatchMs = performance.now() - t1;
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  console.log(
    JSON.stringify(
      {
        database: stack.gateway.database.kind,
        sites: ids.length,
        importAndDiscoveryMs: Math.round(importMs),
        dispatchMutationMs: Math.round(dispatchMs),
        commandsReturned: result.data!.dispatchBattery.commands.length,
        rssMiB: Number((process.memoryUsage().rss / 2 ** 20).toFixed(1)),
      },
      null,
      2,
    ),
  );
} finally {
  await stack.close();
}
