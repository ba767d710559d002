import type { Bus } from '../bus/bus.js';
import type { Logger } from '../observability/logger.js';

/** What the gateway knows about the app's Tesla billing limit (one Tesla app serves every instance). */
export interface BillingLimitState {
  /** True from Tesla's `account disabled: EXCEEDED_LIMIT` answer until a later call succeeds. */
  exceeded: boolean;
  /** When Tesla first answered so (ISO), null when not exceeded. */
  since: string | null;
  /** Tesla's words, verbatim. */
  teslaError: string | null;
  /** Until when non-essential calls (telemetry polling) are paused (ISO); then one poll probes again. */
  pausedUntil: string | null;
}

/** How long an unconfirmed "exceeded" is remembered when nothing calls Tesla to clear it. */
const REMEMBER_MS = 24 * 3_600_000;
/** Instances re-read the shared state at most this often (readiness, metrics and the poller read it). */
const LOCAL_VIEW_MS = 1_000;

interface Stored {
  since: number;
  teslaError: string;
  pausedUntil: number;
}

const NOT_EXCEEDED: BillingLimitState = { exceeded: false, since: null, teslaError: null, pausedUntil: null };

/**
 * The app-wide billing-limit switch. Tesla bills every call under HTTP 500 and, once the app's
 * billing limit is used up, suspends the whole app: every call of every account answers 403
 * `account disabled: EXCEEDED_LIMIT` until the limit is raised (tesla-fleet-api.md §4.3). So one
 * such answer, on any connection and any instance, is recorded on the bus: non-essential calls
 * (telemetry polling) pause for `pauseMs` everywhere, `/readyz` reports it (without failing) and
 * `derms_tesla_billing_limit_exceeded` is 1. Calls someone asked for (GraphQL reads, commands) still
 * go out and fail with the stable error; the first one that succeeds afterwards clears the state.
 */
export class TeslaBilling {
  private view: { at: number; stored: Stored | null } | null = null;
  /** Per Tesla app (`teslaAppKey`): another deployment on the same Redis keeps its own state. */
  private readonly key: string;

  constructor(
    private readonly bus: Bus,
    private readonly pauseMs: number,
    private readonly logger: Logger,
    appKey: string,
  ) {
    this.key = `tesla:billing-limit:${appKey}`;
  }

  /** Tesla answered a call with the billing-limit error. */
  record(teslaError: string | undefined): void {
    const now = Date.now();
    const previous = this.view?.stored;
    const stored: Stored = { since: previous?.since ?? now, teslaError: teslaError ?? 'account disabled: EXCEEDED_LIMIT', pausedUntil: now + this.pauseMs };
    this.view = { at: now, stored };
    if (!previous) this.logger.error({ teslaError: stored.teslaError }, "Tesla's billing limit for this app is exceeded: non-essential calls pause; raise the limit in Tesla's developer dashboard");
    void this.bus.set(this.key, JSON.stringify(stored), REMEMBER_MS).catch((error: unknown) => this.logger.warn({ err: error }, 'could not share the billing-limit state'));
  }

  /** A call that started at `startedAt` (epoch ms) succeeded: if it started after the limit was seen, the limit is lifted. */
  succeeded(startedAt: number): void {
    const stored = this.view?.stored;
    if (!stored || startedAt <= stored.since) return;
    this.view = { at: Date.now(), stored: null };
    this.logger.info('Tesla answers again: the billing limit is lifted');
    void this.bus.del(this.key).catch(() => undefined);
  }

  async state(): Promise<BillingLimitState> {
    const stored = await this.read();
    if (!stored) return NOT_EXCEEDED;
    return { exceeded: true, since: new Date(stored.since).toISOString(), teslaError: stored.teslaError, pausedUntil: new Date(stored.pausedUntil).toISOString() };
  }

  /** Whether non-essential calls (telemetry polling) should wait. */
  async pausesNonEssential(): Promise<boolean> {
    const stored = await this.read();
    return stored !== null && Date.now() < stored.pausedUntil;
  }

  private async read(): Promise<Stored | null> {
    const now = Date.now();
    if (this.view && now - this.view.at < LOCAL_VIEW_MS) return this.view.stored;
    let stored: Stored | null = null;
    try {
      const raw = await this.bus.get(this.key);
      stored = raw ? (JSON.parse(raw) as Stored) : null;
    } catch {
      stored = this.view?.stored ?? null;
    }
    this.view = { at: now, stored };
    return stored;
  }
}
