import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { GatewayError } from '../gateway-error.js';

export interface ConnectionArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
}

/** Pages of at most 500; the default page is 100 items. */
export const PAGE_LIMITS = { defaultSize: 100, maxSize: 500 };

/** The connection arguments' descriptions (README "Pagination"): the cap is part of the contract. */
export const CONNECTION_ARG_DESCRIPTIONS = {
  first: `The first items after \`after\`: 0 to ${PAGE_LIMITS.maxSize} (more is BAD_USER_INPUT); ${PAGE_LIMITS.defaultSize} when neither first nor last is given`,
  last: `The last items before \`before\`: 0 to ${PAGE_LIMITS.maxSize} (more is BAD_USER_INPUT)`,
  after: 'A cursor from this list (edge cursor or pageInfo.endCursor): items after it',
  before: 'A cursor from this list (edge cursor or pageInfo.startCursor): items before it',
};

/**
 * A list's sort key, the last column unique (the row id): cursors hold the key of their row, so a
 * page continues after that row however many rows were inserted or deleted before it (keyset
 * paging, never offsets).
 */
export interface KeysetOrder {
  /** Names the list in its cursors: a cursor of another list is refused. */
  readonly name: string;
  readonly columns: readonly { readonly ref: string; readonly type: 'text' | 'uuid' | 'timestamptz'; readonly desc?: boolean }[];
}

/** What a repository reads for one page. */
export interface KeysetPage {
  /** Rows to read (the connection asks for one more than it shows, to know whether more follow). */
  limit: number;
  /** Decoded cursors, checked against the list's order by `keyset`. */
  after: readonly unknown[] | null;
  before: readonly unknown[] | null;
  /** `last` without `first`: read from the end; the connection puts the rows back in order. */
  backward: boolean;
}

/** The first `limit` rows of a list, for callers outside GraphQL. */
export function firstRows(limit: number): KeysetPage {
  return { limit, after: null, before: null, backward: false };
}

/** The column `keyset` adds to each row: the row's sort key as JSON, the cursor before encoding. */
export interface KeysetRow {
  keyset_cursor: string;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/;

function notACursor(field: 'after' | 'before'): GatewayError {
  return GatewayError.badUserInput(field, `${field} is not a cursor of this list`);
}

function validKey(type: KeysetOrder['columns'][number]['type'], value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 1000) return false;
  if (type === 'uuid') return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
  if (type === 'timestamptz') {
    const m = TIMESTAMP.exec(value);
    if (!m) return false;
    const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return Number(m[1]) >= 1 && day.getUTCMonth() === Number(m[2]) - 1 && day.getUTCDate() === Number(m[3]) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 60;
  }
  return true;
}

function keysOf(order: KeysetOrder, cursor: readonly unknown[], field: 'after' | 'before'): string[] {
  const [name, ...keys] = cursor;
  if (name !== order.name || keys.length !== order.columns.length || !order.columns.every((c, i) => validKey(c.type, keys[i]))) throw notACursor(field);
  return keys as string[];
}

function keyValue(column: KeysetOrder['columns'][number], value: string): RawBuilder<unknown> {
  return column.type === 'text' ? sql`${value}::text` : sql`${value}::${sql.raw(column.type)}`;
}

/** Rows strictly after (or before) the cursor's row in the list's order. */
function beyond(order: KeysetOrder, keys: string[], side: 'after' | 'before'): RawBuilder<boolean> {
  const alternatives = order.columns.map((column, i) => {
    const equal = order.columns.slice(0, i).map((c, j) => sql`${sql.ref(c.ref)} = ${keyValue(c, keys[j]!)}`);
    const op = (side === 'after') !== (column.desc ?? false) ? '>' : '<';
    return sql`(${sql.join([...equal, sql`${sql.ref(column.ref)} ${sql.raw(op)} ${keyValue(column, keys[i]!)}`], sql` AND `)})`;
  });
  return sql<boolean>`(${sql.join(alternatives, sql` OR `)})`;
}

/**
 * Applies a page to a list query: the rows after/before the cursors, in the list's order (reversed
 * when reading backward), at most `page.limit`, each with its `keyset_cursor`. A cursor of another
 * list, or one that was tampered with, is BAD_USER_INPUT with `field` = after/before.
 */
export function keyset<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, order: KeysetOrder, page: KeysetPage): SelectQueryBuilder<DB, TB, O & KeysetRow> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let q = query as unknown as SelectQueryBuilder<any, any, any>;
  if (page.after) q = q.where(beyond(order, keysOf(order, page.after, 'after'), 'after'));
  if (page.before) q = q.where(beyond(order, keysOf(order, page.before, 'before'), 'before'));
  for (const column of order.columns) q = q.orderBy(sql.ref(column.ref), (column.desc ?? false) !== page.backward ? 'desc' : 'asc');
  const key = sql.join([sql.lit(order.name), ...order.columns.map((c) => sql.ref(c.ref))]);
  return q.select(sql<string>`json_build_array(${key})::text`.as('keyset_cursor')).limit(page.limit) as unknown as SelectQueryBuilder<DB, TB, O & KeysetRow>;
}

function pageSize(field: 'first' | 'last', value: number | null | undefined): number | null {
  if (value == null) return null;
  if (!Number.isInteger(value) || value < 0 || value > PAGE_LIMITS.maxSize) {
    throw GatewayError.badUserInput(field, `${field} must be between 0 and ${PAGE_LIMITS.maxSize} (the page-size cap); got ${value}`);
  }
  return value;
}

function decodeCursor(field: 'after' | 'before', cursor: string | null | undefined): unknown[] | null {
  if (cursor == null) return null;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error();
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value)) throw new Error();
    return value;
  } catch {
    throw notACursor(field);
  }
}

/**
 * A relay connection over a keyset-paged list, plus its totalCount, counted only when a query asks
 * for it (once, however many aliases ask): most pages, and every warm dashboard poll, do not.
 * Cursors are opaque (base64url of the row's sort key) and stay valid while rows come and go.
 * `first` and `last` are 0 to 500 (else BAD_USER_INPUT naming the cap); `last` alone is the last
 * items of the list; without either, the first 100.
 */
export async function keysetConnection<T extends KeysetRow>(args: ConnectionArgs, fetch: (page: KeysetPage) => Promise<readonly T[]>, count: () => Promise<number>) {
  const first = pageSize('first', args.first);
  const last = pageSize('last', args.last);
  const after = decodeCursor('after', args.after);
  const before = decodeCursor('before', args.before);
  const backward = first === null && last !== null;
  const size = first ?? last ?? PAGE_LIMITS.defaultSize;
  const rows = await fetch({ limit: size + 1, after, before, backward });
  let counted: Promise<number> | undefined;
  const totalCount = () => (counted ??= count());
  const more = rows.length > size;
  let page = rows.slice(0, size);
  if (backward) page.reverse();
  // first and last together: the last `last` of the first `first`.
  const trimmed = first !== null && last !== null && page.length > last;
  if (trimmed) page = page.slice(page.length - last);
  const edges = page.map(({ keyset_cursor, ...node }) => ({ cursor: Buffer.from(keyset_cursor, 'utf8').toString('base64url'), node }));
  return {
    edges,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
      hasNextPage: backward ? before !== null : more,
      hasPreviousPage: backward ? more : after !== null || trimmed,
    },
    totalCount,
  };
}

/** A list already sorted in memory (e.g. by live figures), with each row's sort key. */
export interface SortedList<Row, Key extends readonly unknown[]> {
  /** Names the list (and its order) in cursors: a cursor of another list or order is refused. */
  name: string;
  rows: readonly { row: Row; key: Key }[];
  compare(a: Key, b: Key): number;
  isKey(keys: readonly unknown[]): keys is Key;
}

/**
 * `keysetConnection` over a list sorted in memory: the same arguments, limits and opaque cursors,
 * and a cursor holds its row's sort key, so a page continues after that key (not at an offset)
 * however the list changed since.
 */
export function sortedListConnection<Row extends object, Key extends readonly unknown[]>(args: ConnectionArgs, list: SortedList<Row, Key>, count: () => Promise<number>) {
  const keyOf = (cursor: readonly unknown[] | null, field: 'after' | 'before'): Key | null => {
    if (!cursor) return null;
    const [name, ...keys] = cursor;
    if (name !== list.name || !list.isKey(keys)) throw notACursor(field);
    return keys;
  };
  return keysetConnection(
    args,
    async (page) => {
      const after = keyOf(page.after, 'after');
      const before = keyOf(page.before, 'before');
      let rows = list.rows.filter(({ key }) => (!after || list.compare(key, after) > 0) && (!before || list.compare(key, before) < 0));
      if (page.backward) rows = [...rows].reverse();
      return rows.slice(0, page.limit).map(({ row, key }) => ({ ...row, keyset_cursor: JSON.stringify([list.name, ...key]) }));
    },
    count,
  );
}
