import type { z } from 'zod';
import { request, type Dispatcher } from 'undici';
import { abortReason } from '../upstream/request-deadline.js';
import { withUpstreamRetries } from '../upstream/upstream-retries.js';
import { TeslaApiError, errorKindFor, parseRetryAfter, type TeslaErrorKind } from './errors.js';
import {
  calendarHistoryResponse,
  energyCommandResponse,
  fleetStatusResponse,
  liveStatusResponse,
  meResponse,
  partnerAccountResponse,
  partnerPublicKeyResponse,
  productsResponse,
  regionResponse,
  siteInfoResponse,
  vehicleCommandResponse,
  vehicleDataResponse,
  vehicleResponse,
  vehiclesPageResponse,
  type VehicleSummary,
} from './responses.js';

/** Tesla's page size for vehicle lists, and a bound on pages read (100 000 cars). */
const VEHICLES_PER_PAGE = 100;
const MAX_VEHICLE_PAGES = 1000;

/** Names used for metrics and logs; they match the simulator's counter names. */
export type FleetEndpoint =
  | 'users_region'
  | 'users_me'
  | 'products'
  | 'vehicles'
  | 'vehicle'
  | 'vehicle_data'
  | 'fleet_status'
  | 'site_info'
  | 'live_status'
  | 'calendar_history'
  | 'backup'
  | 'operation'
  | 'grid_import_export'
  | 'storm_mode'
  | 'time_of_use_settings'
  | 'wake_up'
  | 'vehicle_command'
  | 'partner_accounts'
  | 'partner_public_key';

/**
 * Endpoints about one device (a car or an energy site). A 401 there after a fresh token can be that
 * device's refusal (Mobile Access off, a car or site no longer on the account, a body-less 401);
 * a 401 on the account's own endpoints (users, products, the vehicle list) is the token's.
 */
const DEVICE_ENDPOINTS: ReadonlySet<FleetEndpoint> = new Set<FleetEndpoint>([
  'vehicle',
  'vehicle_data',
  'wake_up',
  'vehicle_command',
  'site_info',
  'live_status',
  'calendar_history',
  'backup',
  'operation',
  'grid_import_export',
  'storm_mode',
  'time_of_use_settings',
]);

export function isDeviceEndpoint(endpoint: string): boolean {
  return DEVICE_ENDPOINTS.has(endpoint as FleetEndpoint);
}

export interface UpstreamCallEvent {
  endpoint: FleetEndpoint;
  /** 0 when no response arrived. */
  status: number;
  durationMs: number;
  attempt: number;
  /** Set when the call failed with Tesla's answer (e.g. `billing_limit`). */
  errorKind?: TeslaErrorKind;
  teslaError?: string;
}

export interface RetryPolicy {
  timeoutMs: number;
  /** Retries after the first attempt, for 5xx, timeouts, network errors and short 429s. */
  retries: number;
  backoffMs: number;
  /** A 429 asking to wait longer than this is not waited out: it surfaces as `rate_limited`. */
  maxRetryAfterS: number;
  /** First wait after a 429 that names no `Retry-After` (doubling per attempt); default 2000. */
  rateLimitBackoffMs?: number;
}

export interface FleetApiClientOptions extends RetryPolicy {
  baseUrl: string;
  /** Called per request so a refreshed token is picked up without rebuilding the client. */
  accessToken: () => string | Promise<string>;
  /**
   * Stops this client's calls when it aborts (a GraphQL request's deadline, through the shared
   * cache): the attempt in flight is cut and nothing more is retried; calls reject with its reason.
   */
  signal?: AbortSignal | undefined;
  onCall?: (event: UpstreamCallEvent) => void;
}

/**
 * How an energy command treats a failure that leaves it unknown whether Tesla carried it out (a
 * timeout, a 5xx). Default: sent again at once, as the setters are absolute. `retryAmbiguous: false`:
 * not sent again here; the caller reads the site back and sends again only if it did not take
 * (a dispatch's levers: Tesla must not carry one out twice).
 */
export interface EnergyCommandOptions {
  retryAmbiguous?: boolean;
}

const energyCommand = (options: EnergyCommandOptions) => ({ idempotent: options.retryAmbiguous ?? true });

/**
 * Typed Fleet API client for one Tesla account: Tesla's envelope, error mapping, timeouts and
 * bounded retries that honour `Retry-After`. It knows nothing of the gateway's database.
 */
export class FleetApiClient {
  constructor(private readonly options: FleetApiClientOptions) {}

  region() {
    return this.get('users_region', '/api/1/users/region', regionResponse);
  }

  me() {
    return this.get('users_me', '/api/1/users/me', meResponse);
  }

  products() {
    return this.get('products', '/api/1/products', productsResponse);
  }

  /**
   * Every car of the account: Tesla lists 100 a page, so every page is read (one call per 100 cars).
   * A page that adds no new VIN ends the walk too, in case a server ignores `page`.
   */
  async vehicles(): Promise<VehicleSummary[]> {
    const byVin = new Map<string, VehicleSummary>();
    for (let page = 1; page <= MAX_VEHICLE_PAGES; page++) {
      const body = await this.request('vehicles', 'GET', `/api/1/vehicles?page=${page}&per_page=${VEHICLES_PER_PAGE}`, vehiclesPageResponse, undefined, { wholeBody: true });
      const before = byVin.size;
      for (const vehicle of body.response) if (!byVin.has(vehicle.vin)) byVin.set(vehicle.vin, vehicle);
      if (byVin.size === before) break;
      // A full page (counting rows left out as unreadable) means another may follow.
      const next = body.pagination ? body.pagination.next != null && body.pagination.next > page : body.rows >= VEHICLES_PER_PAGE;
      if (!next) break;
    }
    return [...byVin.values()];
  }

  vehicle(vehicleTag: string) {
    return this.get('vehicle', `/api/1/vehicles/${encodeURIComponent(vehicleTag)}`, vehicleResponse);
  }

  /** Never wakes the car: an asleep or offline one answers 408 → `device_unavailable`. */
  vehicleData(vehicleTag: string, endpoints: readonly string[] = ['charge_state']) {
    const query = endpoints.length ? `?endpoints=${encodeURIComponent(endpoints.join(';'))}` : '';
    return this.get('vehicle_data', `/api/1/vehicles/${encodeURIComponent(vehicleTag)}/vehicle_data${query}`, vehicleDataResponse);
  }

  fleetStatus(vins: readonly string[]) {
    return this.request('fleet_status', 'POST', '/api/1/vehicles/fleet_status', fleetStatusResponse, { vins });
  }

  siteInfo(energySiteId: string) {
    return this.get('site_info', `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/site_info`, siteInfoResponse);
  }

  liveStatus(energySiteId: string) {
    return this.get('live_status', `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/live_status`, liveStatusResponse);
  }

  calendarHistory(energySiteId: string, params: { kind: 'energy' | 'backup'; startDate: string; endDate: string; period: string; timeZone: string }) {
    const q = new URLSearchParams({
      kind: params.kind,
      start_date: params.startDate,
      end_date: params.endDate,
      period: params.period,
      time_zone: params.timeZone,
    });
    return this.get('calendar_history', `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/calendar_history?${q}`, calendarHistoryResponse);
  }

  // Energy commands. Tesla answers `{code:201,message}`, `{Code:200,Message}` or `""` depending on
  // endpoint and year (tesla-fleet-api.md §5.5): success is the HTTP status, and the caller verifies
  // the effect by reading site_info back.

  setBackupReserve(energySiteId: string, percent: number, options: EnergyCommandOptions = {}) {
    return this.request('backup', 'POST', `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/backup`, energyCommandResponse, { backup_reserve_percent: percent }, energyCommand(options));
  }

  setOperationMode(energySiteId: string, mode: 'self_consumption' | 'autonomous' | 'backup', options: EnergyCommandOptions = {}) {
    return this.request('operation', 'POST', `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/operation`, energyCommandResponse, { default_real_mode: mode }, energyCommand(options));
  }

  setGridImportExport(
    energySiteId: string,
    settings: { exportRule?: 'pv_only' | 'battery_ok' | 'never'; disallowChargeFromGridWithSolarInstalled?: boolean },
    options: EnergyCommandOptions = {},
  ) {
    return this.request(
      'grid_import_export',
      'POST',
      `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/grid_import_export`,
      energyCommandResponse,
      {
        ...(settings.exportRule !== undefined ? { customer_preferred_export_rule: settings.exportRule } : {}),
        ...(settings.disallowChargeFromGridWithSolarInstalled !== undefined
          ? { disallow_charge_from_grid_with_solar_installed: settings.disallowChargeFromGridWithSolarInstalled }
          : {}),
      },
      energyCommand(options),
    );
  }

  setStormMode(energySiteId: string, enabled: boolean, options: EnergyCommandOptions = {}) {
    return this.request('storm_mode', 'POST', `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/storm_mode`, energyCommandResponse, { enabled }, energyCommand(options));
  }

  setTimeOfUseSettings(energySiteId: string, touSettings: Record<string, unknown>, options: EnergyCommandOptions = {}) {
    return this.request(
      'time_of_use_settings',
      'POST',
      `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/time_of_use_settings`,
      energyCommandResponse,
      { tou_settings: touSettings },
      energyCommand(options),
    );
  }

  /** Starts waking the car; it answers at once (usually still asleep), and comes online 10–60 s later. */
  wakeUp(vehicleTag: string) {
    // Waking twice is harmless (a second wake_up while one is under way changes nothing).
    return this.request('wake_up', 'POST', `/api/1/vehicles/${encodeURIComponent(vehicleTag)}/wake_up`, vehicleResponse);
  }

  /**
   * A vehicle command, REST-style on the Fleet API or through Tesla's signing proxy (same path).
   * Not idempotent: a timeout or a 5xx may come after the car executed it (Tesla's best practices:
   * "timeouts are ambiguous"), so it is never re-sent here; only a 429 (refused before it reached
   * the car) is retried. The command runner reads the car back before deciding to send again.
   */
  vehicleCommand(vin: string, name: string, body: Record<string, unknown> = {}) {
    return this.request('vehicle_command', 'POST', `/api/1/vehicles/${encodeURIComponent(vin)}/command/${encodeURIComponent(name)}`, vehicleCommandResponse, body, { idempotent: false });
  }

  // Partner endpoints: this client must hold a partner token (client_credentials) for its base.

  /** Registers the app in this client's region, after Tesla fetched the domain's well-known key. */
  registerPartnerAccount(domain: string) {
    return this.request('partner_accounts', 'POST', '/api/1/partner_accounts', partnerAccountResponse, { domain });
  }

  /** The key Tesla holds for the domain in this region (proof that registration took). */
  partnerPublicKey(domain: string) {
    return this.get('partner_public_key', `/api/1/partner_accounts/public_key?domain=${encodeURIComponent(domain)}`, partnerPublicKeyResponse);
  }

  private get<S extends z.ZodType>(endpoint: FleetEndpoint, path: string, schema: S): Promise<z.output<S>> {
    return this.request(endpoint, 'GET', path, schema);
  }

  private request<S extends z.ZodType>(
    endpoint: FleetEndpoint,
    method: string,
    path: string,
    schema: S,
    body?: unknown,
    options: { idempotent?: boolean; wholeBody?: boolean } = {},
  ): Promise<z.output<S>> {
    return withUpstreamRetries(
      { ...this.options, retryAmbiguous: options.idempotent ?? true },
      isTeslaApiError,
      (attempt) => this.attempt(endpoint, method, path, schema, body, attempt, options.wholeBody ?? false),
    );
  }

  private async attempt<S extends z.ZodType>(
    endpoint: FleetEndpoint,
    method: string,
    path: string,
    schema: S,
    body: unknown,
    attempt: number,
    wholeBody: boolean,
  ): Promise<z.output<S>> {
    const started = performance.now();
    let status = 0;
    let failure: TeslaApiError | undefined;
    try {
      const token = await this.options.accessToken();
      let text: string;
      let retryAfter: string | undefined;
      const signal = this.options.signal ? AbortSignal.any([AbortSignal.timeout(this.options.timeoutMs), this.options.signal]) : AbortSignal.timeout(this.options.timeoutMs);
      try {
        // undici's request, not fetch: fetch's WHATWG streams cost a large share of the gateway's CPU
        // at thousands of Tesla calls a second (issue 12's dispatch profile); same keep-alive pool.
        const response = await request(joinUrl(this.options.baseUrl, path), {
          method: method as Dispatcher.HttpMethod,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal,
        });
        status = response.statusCode;
        const header = response.headers['retry-after'];
        retryAfter = Array.isArray(header) ? header[0] : header;
        text = await response.body.text();
      } catch (error) {
        if (this.options.signal?.aborted) throw abortReason(this.options.signal);
        const timedOut = signal.aborted || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
        throw (failure = new TeslaApiError({
          kind: 'unavailable',
          status: 0,
          endpoint,
          message: timedOut ? `Tesla did not answer ${endpoint} within ${this.options.timeoutMs} ms` : `could not reach Tesla for ${endpoint}`,
        }));
      }
      const envelope = parseEnvelope(text);
      if (status < 200 || status > 299) {
        const teslaError = envelope?.error ?? (text.slice(0, 200) || undefined);
        const kind = errorKindFor(status, teslaError);
        throw (failure = new TeslaApiError({
          kind,
          status,
          endpoint,
          teslaError,
          retryAfterSeconds: kind === 'rate_limited' ? parseRetryAfter(retryAfter ?? null, text) : undefined,
          message: `Tesla answered ${status} to ${endpoint}${teslaError ? `: ${teslaError}` : ''}`,
        }));
      }
      const parsed = schema.safeParse(wholeBody ? envelope?.body : envelope?.response);
      if (!parsed.success) {
        throw new TeslaApiError({
          kind: 'invalid_response',
          status,
          endpoint,
          message: `Tesla's ${endpoint} response did not have the expected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`,
        });
      }
      return parsed.data;
    } finally {
      this.options.onCall?.({
        endpoint,
        status,
        durationMs: performance.now() - started,
        attempt,
        ...(failure ? { errorKind: failure.kind, ...(failure.teslaError ? { teslaError: failure.teslaError } : {}) } : {}),
      });
    }
  }
}

/** Regional bases may carry a path (a proxy, the sandbox's /regions/eu): keep it, unlike `new URL(path, base)`. */
function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

function parseEnvelope(text: string): { response?: unknown; error?: string; body: Record<string, unknown> } | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      return { response: record['response'], error: typeof record['error'] === 'string' ? record['error'] : undefined, body: record };
    }
  } catch {
    // Non-JSON bodies (proxies, 5xx pages) are reported by status alone.
  }
  return undefined;
}

function isTeslaApiError(error: unknown): error is TeslaApiError {
  return error instanceof TeslaApiError;
}
