import { randomBytes } from 'node:crypto';

/**
 * Powerhub's client-credentials access tokens: opaque, held in memory, expiring on the clock
 * the OAuth server's tokens use (wall time plus `/sim/clock` jumps), so a test expires one by
 * advancing the clock while a client judges expiry with its own clock.
 */
export class PowerhubTokens {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly lifetimeSeconds: number,
    private readonly tokenNow: () => number,
  ) {}

  issue(): { accessToken: string; expiresIn: number } {
    this.prune();
    const accessToken = `ph_${randomBytes(32).toString('base64url')}`;
    this.expiries.set(accessToken, this.tokenNow() + this.lifetimeSeconds * 1000);
    return { accessToken, expiresIn: this.lifetimeSeconds };
  }

  isValid(accessToken: string): boolean {
    const expiresAt = this.expiries.get(accessToken);
    return expiresAt !== undefined && this.tokenNow() < expiresAt;
  }

  private prune(): void {
    const now = this.tokenNow();
    for (const [token, expiresAt] of this.expiries) if (expiresAt <= now) this.expiries.delete(token);
  }
}
