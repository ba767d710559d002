const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that cannot be row ids are simply not found (and never reach Postgres as bad uuids). */
export function isRowId(id: string): boolean {
  return UUID.test(id);
}
