import type { Kysely } from 'kysely';

/**
 * What the gateway learned about a car's Vehicle Command Protocol by experience: set when Tesla
 * refused a REST command with 403 "Tesla Vehicle Command Protocol required…" although fleet_status
 * said the car needs no protocol (fleet_status is known to lag). Such a car's commands then always
 * go through the signing proxy. Null: nothing learned.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('vehicles').addColumn('rest_commands_refused_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('vehicles').dropColumn('rest_commands_refused_at').execute();
}
