import { sql, type Kysely } from 'kysely';

/** OAuth consent sessions: state and PKCE verifier kept server-side until Tesla calls back. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('connect_sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('organization_id', 'uuid', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    // SHA-256 of the state: the state itself travels through the customer's browser.
    .addColumn('state_hash', 'text', (c) => c.notNull().unique())
    .addColumn('code_verifier_ciphertext', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('requested_scopes', sql`text[]`, (c) => c.notNull())
    .addColumn('redirect_after', 'text')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('connection_id', 'uuid', (c) => c.references('tesla_connections.id').onDelete('set null'))
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('connect_sessions').execute();
}
