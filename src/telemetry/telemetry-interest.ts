import type { Bus } from '../bus/bus.js';
import type { Logger } from '../observability/logger.js';

/** Expiring set of `<siteId>|<holder>`: who watches which site, across every instance. */
const INTEREST_KEY = 'telemetry-interest';
/** Pollers listen here so a newly watched site is sampled at once, not at the next interval. */
export const TELEMETRY_KICK_CHANNEL = 'telemetry-kick';

/**
 * Which sites are watched, kept in the bus with expiry: each instance re-announces its local
 * subscribers' sites every interval, so a dead instance's subscribers stop counting within
 * `3 × interval`; a live one withdraws a site as soon as its last local subscriber leaves.
 */
export class TelemetryInterest {
  private readonly local = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly bus: Bus,
    private readonly instanceId: string,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => void this.announce([...this.local.keys()]), intervalMs);
    this.timer.unref();
  }

  /** Counts one local subscriber for each site; the returned function (idempotent) leaves. */
  async watch(siteIds: readonly string[]): Promise<() => void> {
    const unique = [...new Set(siteIds)];
    const fresh: string[] = [];
    for (const id of unique) {
      const count = this.local.get(id) ?? 0;
      if (count === 0) fresh.push(id);
      this.local.set(id, count + 1);
    }
    if (fresh.length) {
      await this.announce(fresh);
      await this.bus.publish(TELEMETRY_KICK_CHANNEL, '');
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const gone: string[] = [];
      for (const id of unique) {
        const count = (this.local.get(id) ?? 1) - 1;
        if (count > 0) this.local.set(id, count);
        else {
          this.local.delete(id);
          gone.push(id);
        }
      }
      if (gone.length) {
        void this.bus
          .removeExpiring(
            INTEREST_KEY,
            gone.map((id) => this.member(id, this.instanceId)),
          )
          .catch((error: unknown) => this.logger.warn({ err: error }, 'could not withdraw telemetry interest'));
      }
    };
  }

  /**
   * Interest that is not a subscriber, e.g. a dispatch verifying a site: it simply expires.
   * `kick: false` leaves the site to the next regular tick instead of polling it now — for a holder
   * that has just read the site itself: a kick runs a whole tick (every watched site's lease), and
   * a 10,000-site dispatch would otherwise run one after each site's levers.
   */
  async hold(siteId: string, holder: string, ttlMs: number, options: { kick?: boolean } = {}): Promise<void> {
    await this.bus.addExpiring(INTEREST_KEY, [this.member(siteId, holder)], ttlMs);
    if (options.kick !== false) await this.bus.publish(TELEMETRY_KICK_CHANNEL, '');
  }

  /** Every site someone watches, on any instance. */
  async watchedSiteIds(): Promise<string[]> {
    const members = await this.bus.liveMembers(INTEREST_KEY);
    return [...new Set(members.map((m) => m.slice(0, m.indexOf('|'))))];
  }

  /** Sites this instance's subscribers watch. */
  get localSiteCount(): number {
    return this.local.size;
  }

  close(): void {
    clearInterval(this.timer);
    const members = [...this.local.keys()].map((id) => this.member(id, this.instanceId));
    this.local.clear();
    void this.bus.removeExpiring(INTEREST_KEY, members).catch(() => undefined);
  }

  private member(siteId: string, holder: string): string {
    return `${siteId}|${holder}`;
  }

  private async announce(siteIds: string[]): Promise<void> {
    try {
      await this.bus.addExpiring(
        INTEREST_KEY,
        siteIds.map((id) => this.member(id, this.instanceId)),
        this.intervalMs * 3,
      );
    } catch (error) {
      this.logger.warn({ err: error }, 'could not announce telemetry interest');
    }
  }
}
