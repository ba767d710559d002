import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<any> so they stay frozen in time as the app's table types evolve.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Only a SHA-256 of the key is stored; the prefix lets an operator tell keys apart.
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('admin'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('revoked_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('tesla_connections')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('tesla_user_id', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('fleet_api_base_url', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('ACTIVE'))
    .addColumn('granted_scopes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('access_token_ciphertext', 'text')
    .addColumn('refresh_token_ciphertext', 'text')
    .addColumn('encryption_key_id', 'text')
    .addColumn('access_token_expires_at', 'timestamptz')
    .addColumn('last_refreshed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('tesla_connections_org_user', ['organization_id', 'tesla_user_id'])
    .execute();

  // Tesla ids exceed 32 bits (and JSON numbers are unsafe past 2^53), so they are kept as text.
  await db.schema
    .createTable('sites')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('connection_id', 'uuid', (c) => c.notNull().references('tesla_connections.id').onDelete('cascade'))
    .addColumn('energy_site_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text')
    .addColumn('has_battery', 'boolean', (c) => c.notNull())
    .addColumn('has_solar', 'boolean', (c) => c.notNull())
    .addColumn('has_grid', 'boolean', (c) => c.notNull())
    .addColumn('battery_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('nameplate_power_w', 'integer')
    .addColumn('nameplate_energy_wh', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('sites_org_energy_site', ['organization_id', 'energy_site_id'])
    .execute();
  await db.schema.createIndex('sites_org_name').on('sites').columns(['organization_id', 'name', 'id']).execute();

  await db.schema
    .createTable('powerwalls')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('din', 'text', (c) => c.notNull())
    .addColumn('serial_number', 'text')
    .addColumn('part_name', 'text')
    .addColumn('nameplate_energy_wh', 'integer')
    .addColumn('nameplate_power_w', 'integer')
    .addUniqueConstraint('powerwalls_site_din', ['site_id', 'din'])
    .execute();

  await db.schema
    .createTable('wall_connectors')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('site_id', 'uuid', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('din', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('part_name', 'text')
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addUniqueConstraint('wall_connectors_site_din', ['site_id', 'din'])
    .execute();

  await db.schema
    .createTable('vehicles')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('connection_id', 'uuid', (c) => c.notNull().references('tesla_connections.id').onDelete('cascade'))
    .addColumn('tesla_vehicle_id', 'text', (c) => c.notNull())
    .addColumn('vin', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('command_signing', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('vehicles_org_vin', ['organization_id', 'vin'])
    .execute();
  await db.schema.createIndex('vehicles_org_name').on('vehicles').columns(['organization_id', 'display_name', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['vehicles', 'wall_connectors', 'powerwalls', 'sites', 'tesla_connections', 'api_keys', 'organizations']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
