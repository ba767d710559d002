import type { Kysely } from 'kysely';

/**
 * Which Tesla the consent went to: 'global' (auth.tesla.com: North America, Europe, Asia-Pacific)
 * or 'cn' (auth.tesla.cn, its own app credentials). The callback exchanges the code with the same
 * app that built the authorization URL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connect_sessions').addColumn('auth_region', 'text', (c) => c.notNull().defaultTo('global')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('connect_sessions').dropColumn('auth_region').execute();
}
