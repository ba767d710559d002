import type { Bus } from '../bus/bus.js';

/** Bus channel: the id of each API key just revoked, on whichever instance (or CLI) revoked it. */
export const API_KEY_REVOKED_CHANNEL = 'api-key-revoked';

export function publishApiKeyRevoked(bus: Bus, apiKeyId: string): Promise<void> {
  return bus.publish(API_KEY_REVOKED_CHANNEL, apiKeyId);
}

/**
 * What this instance heard of revocations: open WebSockets of a revoked key are closed and shared
 * subscription executions stop handing it events (websocket-server.ts). HTTP requests authenticate
 * through OrganizationService's short per-instance cache (AUTH_CACHE_TTL_S), which listens on the
 * same channel itself and drops a revoked key the moment it hears of it.
 */
export class ApiKeyRevocations {
  private readonly revoked = new Set<string>();
  private readonly listeners = new Set<(apiKeyId: string) => void>();
  private unsubscribe: (() => Promise<void>) | undefined;
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: Bus,
    /**
     * The safety net for a revocation no instance heard (a CLI without REDIS_URL, a lost publish):
     * every `sweepIntervalMs` the keys in use are checked against the database.
     */
    private readonly sweepOptions?: { keysInUse(): string[]; revokedAmong(ids: string[]): Promise<string[]>; sweepIntervalMs: number },
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe(API_KEY_REVOKED_CHANNEL, (apiKeyId) => this.heard(apiKeyId));
    const sweep = this.sweepOptions;
    if (sweep) {
      this.sweep = setInterval(() => {
        const ids = sweep.keysInUse();
        if (ids.length) void sweep.revokedAmong(ids).then((revoked) => revoked.forEach((id) => this.heard(id)), () => undefined);
      }, sweep.sweepIntervalMs);
      this.sweep.unref();
    }
  }

  private heard(apiKeyId: string): void {
    this.revoked.add(apiKeyId);
    for (const listener of this.listeners) listener(apiKeyId);
  }

  isRevoked(apiKeyId: string): boolean {
    return this.revoked.has(apiKeyId);
  }

  onRevoked(listener: (apiKeyId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    await this.unsubscribe?.();
    this.listeners.clear();
  }
}
