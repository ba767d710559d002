import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { isRowId } from '../db/row-id.js';
import type { ApiKeyRole } from '../db/tables.js';
import type { Bus } from '../bus/bus.js';
import { TtlCache } from '../cache/ttl-cache.js';
import { API_KEY_REVOKED_CHANNEL, publishApiKeyRevoked } from './api-key-revocations.js';

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

/** `last_used_at` is written at most this often per key and instance: not a write per request. */
const LAST_USED_WRITE_INTERVAL_MS = 60_000;

export interface ApiKeySummary {
  id: string;
  name: string;
  key_prefix: string;
  role: ApiKeyRole;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

export interface OrganizationServiceOptions {
  /**
   * `AUTH_CACHE_TTL_S` in ms: how long this instance trusts a key it has looked up without asking
   * the database again (0: every request asks). A revocation drops it at once on the instance that
   * revoked it and, through the bus, on every other instance; the TTL bounds only what no instance
   * heard (a CLI revocation without REDIS_URL, a lost publish).
   */
  authCacheTtlMs?: number;
}

/** Keys kept per instance at most (each a few hundred bytes). */
const AUTH_CACHE_MAX_KEYS = 10_000;

export class OrganizationService {
  private readonly lastUsedWrites = new Map<string, number>();
  /** Callers by key hash (never the key itself), trusted for `authCacheTtlMs`. */
  private readonly callers: TtlCache<Caller>;
  /** Keys this instance revoked or heard revoked: never cached again (a revoked key stays revoked). */
  private readonly revokedKeyIds = new Set<string>();
  /** The cache serves only once this instance listens to revocations (the bus subscription is up). */
  private listening: 'no' | 'starting' | 'yes' = 'no';
  private stopListening: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: Db,
    /** Where revocations are announced (ApiKeyRevocations); without one, only the database knows. */
    private readonly bus?: Bus,
    options: OrganizationServiceOptions = {},
  ) {
    this.callers = new TtlCache<Caller>(options.authCacheTtlMs ?? 10_000, AUTH_CACHE_MAX_KEYS);
  }

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
        key_prefix: apiKey.slice(0, 12),
        role: options.role ?? 'admin',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, apiKey };
  }

  async listOrganizations(): Promise<{ id: string; name: string; created_at: Date }[]> {
    return this.db.selectFrom('organizations').select(['id', 'name', 'created_at']).orderBy('name').execute();
  }

  async listApiKeys(organizationId: string): Promise<ApiKeySummary[]> {
    return this.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'key_prefix', 'role', 'created_at', 'revoked_at', 'last_used_at'])
      .where('organization_id', '=', organizationId)
      .orderBy('created_at')
      .execute();
  }

  /** Revokes one key, named by its id or its visible prefix; refuses a prefix shared by several keys. */
  async revokeApiKey(idOrPrefix: string): Promise<{ id: string; key_prefix: string }> {
    const column = isRowId(idOrPrefix) ? 'id' : 'key_prefix';
    const matches = await this.db.selectFrom('api_keys').select(['id', 'key_prefix']).where(column, '=', idOrPrefix).where('revoked_at', 'is', null).execute();
    if (matches.length !== 1) throw new Error(matches.length ? `${matches.length} active keys start with ${idOrPrefix}; revoke by id` : `no active API key ${idOrPrefix}`);
    await this.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', matches[0]!.id).execute();
    this.forgetApiKey(matches[0]!.id);
    await this.announceRevocation(matches[0]!.id);
    return matches[0]!;
  }

  /** One key of the organization (GraphQL `revokeApiKey`); null when it has no such active key. */
  async revokeApiKeyOf(organizationId: string, apiKeyId: string): Promise<ApiKeySummary | null> {
    const row = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('id', '=', apiKeyId)
      .where('organization_id', '=', organizationId)
      .where('revoked_at', 'is', null)
      .returning(['id', 'name', 'key_prefix', 'role', 'created_at', 'revoked_at', 'last_used_at'])
      .executeTakeFirst();
    if (row) {
      this.forgetApiKey(row.id);
      await this.announceRevocation(row.id);
    }
    return row ?? null;
  }

  async findApiKey(organizationId: string, apiKeyId: string): Promise<ApiKeySummary | null> {
    const row = await this.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'key_prefix', 'role', 'created_at', 'revoked_at', 'last_used_at'])
      .where('id', '=', apiKeyId)
      .where('organization_id', '=', organizationId)
      .executeTakeFirst();
    return row ?? null;
  }

  async apiKeysByIds(organizationId: string, ids: readonly string[]): Promise<ApiKeySummary[]> {
    if (!ids.length) return [];
    return this.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'key_prefix', 'role', 'created_at', 'revoked_at', 'last_used_at'])
      .where('organization_id', '=', organizationId)
      .where('id', 'in', [...ids])
      .execute();
  }

  /** Which of these keys are revoked (the periodic check behind the bus, ApiKeyRevocations). */
  async revokedAmong(apiKeyIds: string[]): Promise<string[]> {
    if (!apiKeyIds.length) return [];
    const rows = await this.db.selectFrom('api_keys').select('id').where('id', 'in', apiKeyIds).where('revoked_at', 'is not', null).execute();
    return rows.map((r) => r.id);
  }

  /** Every instance closes the key's WebSockets at once (a lost publish still fails every new request). */
  private async announceRevocation(apiKeyId: string): Promise<void> {
    if (this.bus) await publishApiKeyRevoked(this.bus, apiKeyId);
  }

  async authenticate(apiKey: string): Promise<Caller | null> {
    const keyHash = hashApiKey(apiKey);
    // Only what was read while revocations were heard may be kept (one heard before the read
    // finished is in `revokedKeyIds`; one heard after drops the entry).
    const heard = this.listening === 'yes';
    const cached = heard ? this.callers.get(keyHash) : undefined;
    if (cached) {
      this.noteUsed(cached.apiKeyId);
      return cached;
    }
    if (this.listening === 'no') this.listen();
    const row = await this.db
      .selectFrom('api_keys')
      .select(['id', 'organization_id', 'role'])
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    this.noteUsed(row.id);
    const caller: Caller = { organizationId: row.organization_id, apiKeyId: row.id, role: row.role };
    if (heard && !this.revokedKeyIds.has(row.id)) this.callers.set(keyHash, caller);
    return caller;
  }

  /** Drops a revoked key from this instance's cache: its next request fails. */
  forgetApiKey(apiKeyId: string): void {
    this.revokedKeyIds.add(apiKeyId);
    this.callers.deleteWhere((caller) => caller.apiKeyId === apiKeyId);
  }

  /** Subscribes to revocations from other instances (and the CLI, with REDIS_URL) once, on first use. */
  private listen(): void {
    if (!this.bus || !this.callers.enabled) return;
    this.listening = 'starting';
    this.bus.subscribe(API_KEY_REVOKED_CHANNEL, (apiKeyId) => this.forgetApiKey(apiKeyId)).then(
      (unsubscribe) => {
        this.stopListening = unsubscribe;
        this.listening = 'yes';
      },
      // Without the subscription nothing is cached: every request asks the database, as before.
      () => undefined,
    );
  }

  /** Stops listening for revocations (the bus closing does it too). */
  async close(): Promise<void> {
    this.listening = 'no';
    this.callers.clear();
    await this.stopListening?.().catch(() => undefined);
  }

  /** Fire and forget: a failed write must not fail the request it is about. */
  private noteUsed(apiKeyId: string): void {
    const now = Date.now();
    if (now - (this.lastUsedWrites.get(apiKeyId) ?? 0) < LAST_USED_WRITE_INTERVAL_MS) return;
    this.lastUsedWrites.set(apiKeyId, now);
    this.db
      .updateTable('api_keys')
      .set({ last_used_at: new Date(now) })
      .where('id', '=', apiKeyId)
      .execute()
      .catch(() => this.lastUsedWrites.delete(apiKeyId));
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
