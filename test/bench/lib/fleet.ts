import { executeOperation, type GraphqlResponse } from '../../helpers/graphql-client.js';

export interface BenchSite {
  id: string;
  energySiteId: string;
}

/** Up to `limit` of the organization's sites (by name), in pages of 500; battery sites only when asked. */
export async function listSites(url: string, apiKey: string, limit: number, options: { battery?: boolean } = {}): Promise<BenchSite[]> {
  const sites: BenchSite[] = [];
  const filter = options.battery ? ', filter: { hasBattery: true }' : '';
  for (let after: string | null = null; sites.length < limit; ) {
    const page: GraphqlResponse<unknown> = await executeOperation(
      url,
      `query ($first: Int!, $after: String) { sites(first: $first, after: $after${filter}) { pageInfo { hasNextPage endCursor } edges { node { id energySiteId } } } }`,
      { first: Math.min(500, limit - sites.length), after },
      apiKey,
    );
    if (page.errors || !page.data) throw new Error(`listing sites: ${JSON.stringify(page.errors)}`);
    const { pageInfo, edges }: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] } = (page.data as { sites: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: BenchSite }[] } }).sites;
    sites.push(...(edges as { node: BenchSite }[]).map((e) => e.node));
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
  }
  return sites;
}
