import { resolveOffsetConnection } from '@pothos/plugin-relay';

export interface ConnectionArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
}

/** Pages of at most 500; the default page is 100 items. */
export const PAGE_LIMITS = { defaultSize: 100, maxSize: 500 };

/** An offset-paged relay connection plus its totalCount, counted alongside the page. */
export async function offsetConnection<T extends {}>(args: ConnectionArgs, page: (p: { limit: number; offset: number }) => Promise<T[]>, count: () => Promise<number>) {
  const [connection, totalCount] = await Promise.all([resolveOffsetConnection({ args, ...PAGE_LIMITS }, page), count()]);
  return { ...connection, totalCount };
}
