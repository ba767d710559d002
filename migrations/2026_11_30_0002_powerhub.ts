import { sql, type Kysely } from 'kysely';

/**
 * Powerhub (DESIGN §11): one account per organization (client credentials, the secret sealed by
 * the token vault like Tesla tokens), and the sites that account manages, each linked to our
 * `sites` row with the same Fleet API `energy_site_id` when the organization has one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('powerhub_accounts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().unique().references('organizations.id').onDelete('cascade'))
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('encryption_key_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('site_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unlinked_site_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('linked_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('powerhub_sites')
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('powerhub_site_id', 'text', (c) => c.notNull())
    // Our site with the same energy_site_id; null while the organization has no such site.
    .addColumn('site_id', 'uuid', (c) => c.references('sites.id').onDelete('set null'))
    .addColumn('energy_site_id', 'text')
    .addColumn('group_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('nameplate_power_kw', 'double precision')
    .addColumn('nameplate_energy_kwh', 'double precision')
    .addPrimaryKeyConstraint('powerhub_sites_pk', ['organization_id', 'powerhub_site_id'])
    .execute();
  // A site is linked to at most one Powerhub site.
  await db.schema
    .createIndex('powerhub_sites_site')
    .on('powerhub_sites')
    .columns(['site_id'])
    .unique()
    .where(sql.ref('site_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('powerhub_sites').execute();
  await db.schema.dropTable('powerhub_accounts').execute();
}
