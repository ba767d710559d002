import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { ApiKeyRole } from '../db/tables.js';

/** Who is calling: every query is scoped to `organizationId`. */
export interface Caller {
  organizationId: string;
  apiKeyId: string;
  role: ApiKeyRole;
}

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

export function generateApiKey(): string {
  return `dgw_${randomBytes(32).toString('base64url')}`;
}

export class OrganizationService {
  constructor(private readonly db: Db) {}

  async createOrganization(name: string): Promise<{ id: string; name: string }> {
    return this.db.insertInto('organizations').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow();
  }

  async findOrganizationByName(name: string): Promise<{ id: string; name: string } | undefined> {
    return this.db.selectFrom('organizations').select(['id', 'name']).where('name', '=', name).executeTakeFirst();
  }

  /** Returns the plaintext key: it is shown once and only its hash is stored. */
  async createApiKey(organizationId: string, options: { name?: string; role?: ApiKeyRole; apiKey?: string } = {}): Promise<{ id: string; apiKey: string }> {
    const apiKey = options.apiKey ?? generateApiKey();
    const row = await this.db
      .insertInto('api_keys')
      .values({
        organization_id: organizationId,
        name: options.name ?? 'default',
        key_hash: hashApiKey(apiKey),
        key_prefix: apiKey.slice(0, 8),
        role: options.role ?? 'admin',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, apiKey };
  }

  async authenticate(apiKey: string): Promise<Caller | null> {
    const row = await this.db
      .selectFrom('api_keys')
      .select(['id', 'organization_id', 'role'])
      .where('key_hash', '=', hashApiKey(apiKey))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row ? { organizationId: row.organization_id, apiKeyId: row.id, role: row.role } : null;
  }

  /**
   * Makes sure organization `name` exists and, when `apiKey` is given, that it opens that
   * organization. Returns a freshly generated key only when the organization had none.
   */
  async ensureOrganization(name: string, apiKey?: string): Promise<{ organizationId: string; generatedApiKey?: string }> {
    const org = (await this.findOrganizationByName(name)) ?? (await this.createOrganization(name));
    if (apiKey) {
      const existing = await this.db.selectFrom('api_keys').select('organization_id').where('key_hash', '=', hashApiKey(apiKey)).executeTakeFirst();
      if (!existing) await this.createApiKey(org.id, { name: 'bootstrap', apiKey });
      else if (existing.organization_id !== org.id) throw new Error('BOOTSTRAP_API_KEY already belongs to another organization');
      return { organizationId: org.id };
    }
    const anyKey = await this.db.selectFrom('api_keys').select('id').where('organization_id', '=', org.id).where('revoked_at', 'is', null).executeTakeFirst();
    if (anyKey) return { organizationId: org.id };
    const created = await this.createApiKey(org.id, { name: 'bootstrap' });
    return { organizationId: org.id, generatedApiKey: created.apiKey };
  }
}
