import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Bus } from '../bus/bus.js';
import type { Db } from '../db/database.js';
import type { TeslaConnectionRow } from '../db/tables.js';
import { GatewayError } from '../gateway-error.js';
import type { Logger } from '../observability/logger.js';
import { readAccessTokenClaims } from '../tesla/token-claims.js';
import { TeslaOAuthError, type TeslaOAuth } from '../tesla/tesla-oauth.js';
import { findConnectionById, setConnectionStatus, storeRotatedTokens } from './connection-repository.js';
import type { ReconnectLinks } from './reconnect-links.js';
import type { TokenVault } from './token-vault.js';
import { reconnectRemediation } from './upstream-errors.js';
import { CONNECTION_STATUS_CHANNEL } from './connection-events.js';

/** Longer than one refresh can take (timeouts included), so a live holder never loses the lock. */
const LOCK_TTL_MS = 30_000;
const LOCK_POLL_MS = 25;

export interface CurrentAccessToken {
  token: string;
  /** Identifies this token without exposing it: what a caller passes back when Tesla refused it. */
  ciphertext: string;
}

export interface ConnectionStatusEvents {
  statusChanged(connection: TeslaConnectionRow): void;
}

/**
 * Access tokens of stored connections, refreshed before expiry and on demand. Tesla's refresh tokens
 * are single-use, so a refresh is single-flight per connection: within this process by a shared
 * promise, across instances by a bus lock; after taking the lock the row is read again, and a pair
 * someone else already rotated is used instead of spending the refresh token twice. The rotated
 * pair is stored (compare-and-set) before the new access token is handed out.
 */
export class ConnectionTokens {
  private readonly inflight = new Map<string, Promise<CurrentAccessToken>>();
  /**
   * Access tokens read from the database, kept `keepMs` per connection: a fleet dispatch makes
   * thousands of Tesla calls a minute on one account, and each would otherwise read its row. A token
   * rotated on another instance still works meanwhile (Tesla's old access token stays valid until it
   * expires; a 401 refreshes, which reads the row). Dropped on a refresh or a status change here, and
   * when any instance announces a status change; nothing is kept until those announcements are heard.
   */
  private readonly kept = new Map<string, { current: CurrentAccessToken; expiresAt: Date | null; until: number }>();
  private keptGeneration = 0;
  private listening: 'no' | 'starting' | 'yes' = 'no';

  constructor(
    private readonly db: Db,
    private readonly vault: TokenVault,
    private readonly bus: Bus,
    /** The Tesla app that refreshes an account's tokens: China's for region `cn`, else the global one. */
    private readonly apps: { forRegion(region: string | null): TeslaOAuth | null },
    private readonly logger: Logger,
    private readonly events: ConnectionStatusEvents,
    private readonly links: ReconnectLinks,
    /** Refresh this long before expiry (Tesla: within a minute; a little more leaves room for slow calls). */
    private readonly refreshMarginMs: number,
    /** How long an access token read from the database is used without reading it again (0: never kept). */
    private readonly keepMs = 0,
  ) {}

  async current(connectionId: string): Promise<CurrentAccessToken> {
    const kept = this.kept.get(connectionId);
    if (kept && kept.until > Date.now() && !this.expiresSoon({ access_token_expires_at: kept.expiresAt })) return kept.current;
    const readSince = this.keptGeneration;
    const row = await this.usableRow(connectionId);
    if (this.expiresSoon(row)) return this.refresh(connectionId, row.access_token_ciphertext!);
    const current = { token: this.vault.open(row.access_token_ciphertext!), ciphertext: row.access_token_ciphertext! };
    if (this.keepMs > 0 && this.listen() && readSince === this.keptGeneration) {
      this.kept.set(connectionId, { current, expiresAt: row.access_token_expires_at, until: Date.now() + this.keepMs });
    }
    return current;
  }

  /** Refreshes unless the access token `staleCiphertext` has already been replaced. */
  refresh(connectionId: string, staleCiphertext: string): Promise<CurrentAccessToken> {
    this.forget(connectionId);
    const running = this.inflight.get(connectionId);
    if (running) return running;
    const promise = this.refreshUnderLock(connectionId, staleCiphertext).finally(() => {
      this.inflight.delete(connectionId);
      this.forget(connectionId); // a read that raced the rotation may have kept the old token
    });
    this.inflight.set(connectionId, promise);
    return promise;
  }

  /** Tesla refused the connection for good: flag it, tell subscribers, and say so to the caller. */
  async markNeedsReauth(connectionId: string, why: string): Promise<GatewayError> {
    this.forget(connectionId);
    const row = await setConnectionStatus(this.db, connectionId, 'NEEDS_REAUTH');
    if (row) {
      this.logger.warn({ connectionId, why }, 'Tesla connection needs the customer to connect again');
      this.events.statusChanged(row);
    }
    return this.needsReauth(row ?? { id: connectionId, organization_id: null, tesla_user_id: null });
  }

  needsReauth(connection: { id: string; organization_id: string | null; tesla_user_id: string | null; region?: string | null }): GatewayError {
    return new GatewayError('ACCOUNT_NEEDS_REAUTH', "Tesla no longer accepts this account's tokens; the customer must connect again", {
      accountId: connection.id,
      ...(connection.organization_id && connection.tesla_user_id
        ? {
            remediation: reconnectRemediation(
              this.links.forConnection({ id: connection.id, organization_id: connection.organization_id, tesla_user_id: connection.tesla_user_id, region: connection.region ?? null }),
            ),
          }
        : {}),
    });
  }

  private forget(connectionId: string): void {
    this.keptGeneration++;
    this.kept.delete(connectionId);
  }

  /** True once other instances' status changes are heard (subscribes on first use). */
  private listen(): boolean {
    if (this.listening === 'no') {
      this.listening = 'starting';
      this.bus
        .subscribe(CONNECTION_STATUS_CHANNEL, (message) => {
          try {
            const { connectionId } = JSON.parse(message) as { connectionId?: unknown };
            if (typeof connectionId === 'string') return this.forget(connectionId);
          } catch {
            // not ours to parse: forget everything below
          }
          this.keptGeneration++;
          this.kept.clear();
        })
        .then(
          () => (this.listening = 'yes'),
          (error: unknown) => this.logger.warn({ err: error }, 'could not hear connection status changes; access tokens are read from the database every time'),
        );
    }
    return this.listening === 'yes';
  }

  private async usableRow(connectionId: string): Promise<TeslaConnectionRow> {
    const row = await findConnectionById(this.db, connectionId);
    if (!row || row.status !== 'ACTIVE' || !row.access_token_ciphertext) throw this.needsReauth(row ?? { id: connectionId, organization_id: null, tesla_user_id: null });
    return row;
  }

  private async refreshUnderLock(connectionId: string, staleCiphertext: string): Promise<CurrentAccessToken> {
    const lockKey = `refresh-lock:${connectionId}`;
    const deadline = Date.now() + LOCK_TTL_MS * 2;
    while (Date.now() < deadline) {
      const holder = randomUUID();
      if (await this.bus.setIfAbsent(lockKey, holder, LOCK_TTL_MS)) {
        try {
          const row = await this.usableRow(connectionId);
          if (row.access_token_ciphertext !== staleCiphertext && !this.expiresSoon(row)) {
            return { token: this.vault.open(row.access_token_ciphertext!), ciphertext: row.access_token_ciphertext! };
          }
          return await this.rotate(row);
        } finally {
          await this.bus.deleteIfEquals(lockKey, holder);
        }
      }
      // Another instance is refreshing: wait for it, then use what it stored.
      while ((await this.bus.get(lockKey)) !== null && Date.now() < deadline) await sleep(LOCK_POLL_MS);
      const row = await this.usableRow(connectionId);
      if (row.access_token_ciphertext !== staleCiphertext && !this.expiresSoon(row)) {
        return { token: this.vault.open(row.access_token_ciphertext!), ciphertext: row.access_token_ciphertext! };
      }
    }
    throw new GatewayError('UPSTREAM_UNAVAILABLE', 'timed out waiting for another instance to refresh the Tesla token', { upstreamStatus: 0 });
  }

  private expiresSoon(row: Pick<TeslaConnectionRow, 'access_token_expires_at'>): boolean {
    return row.access_token_expires_at !== null && row.access_token_expires_at.getTime() - Date.now() < this.refreshMarginMs;
  }

  private async rotate(row: TeslaConnectionRow): Promise<CurrentAccessToken> {
    const oauth = this.apps.forRegion(row.region);
    if (!row.refresh_token_ciphertext || !oauth) {
      throw await this.markNeedsReauth(row.id, row.refresh_token_ciphertext ? 'no OAuth client configured to refresh' : 'access token expired and there is no refresh token');
    }
    let tokens;
    try {
      tokens = await oauth.refresh(this.vault.open(row.refresh_token_ciphertext));
    } catch (error) {
      if (error instanceof TeslaOAuthError && error.kind === 'refresh_refused') throw await this.markNeedsReauth(row.id, `refresh refused: ${error.teslaError ?? 'unknown'}`);
      throw new GatewayError('UPSTREAM_UNAVAILABLE', `could not refresh the Tesla token: ${(error as Error).message}`, {
        upstreamStatus: error instanceof TeslaOAuthError ? (error.status ?? 0) : 0,
      });
    }
    const claims = readAccessTokenClaims(tokens.accessToken);
    const access = this.vault.seal(tokens.accessToken);
    const refresh = tokens.refreshToken ? this.vault.seal(tokens.refreshToken).ciphertext : row.refresh_token_ciphertext;
    const stored = await storeRotatedTokens(this.db, row.id, row.refresh_token_ciphertext, {
      accessTokenCiphertext: access.ciphertext,
      refreshTokenCiphertext: refresh,
      keyId: access.keyId,
      expiresAt: tokens.expiresIn ? new Date(Date.now() + tokens.expiresIn * 1000) : (claims.expiresAt ?? null),
      grantedScopes: claims.scopes,
    });
    if (!stored) {
      // Someone replaced the pair while we held the lock (a re-import): theirs wins.
      const current = await this.usableRow(row.id);
      return { token: this.vault.open(current.access_token_ciphertext!), ciphertext: current.access_token_ciphertext! };
    }
    this.logger.info({ connectionId: row.id, scopes: claims.scopes.length }, 'Tesla token refreshed');
    return { token: tokens.accessToken, ciphertext: access.ciphertext };
  }
}
