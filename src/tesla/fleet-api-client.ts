import type { z } from 'zod';
import { withUpstreamRetries } from '../upstream/upstream-retries.js';
import { TeslaApiError, errorKindFor, parseRetryAfter } from './errors.js';
import {
  calendarHistoryResponse,
  energyCommandResponse,
  fleetStatusResponse,
  liveStatusResponse,
  meResponse,
  productsResponse,
  regionResponse,
  siteInfoResponse,
  vehicleCommandResponse,
  vehicleDataResponse,
  vehicleResponse,
  vehiclesResponse,
} from './responses.js';

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
  | 'vehicle_command';

export interface UpstreamCallEvent {
  endpoint: FleetEndpoint;
  /** 0 when no response arrived. */
  status: number;
  durationMs: number;
  attempt: number;
}

export interface RetryPolicy {
  timeoutMs: number;
  /** Retries after the first attempt, for 5xx, timeouts, network errors and short 429s. */
  retries: number;
  backoffMs: number;
  /** A 429 asking to wait longer than this is not waited out: it surfaces as `rate_limited`. */
  maxRetryAfterS: number;
}

export interface FleetApiClientOptions extends RetryPolicy {
  baseUrl: string;
  /** Called per request so a refreshed token is picked up without rebuilding the client. */
  accessToken: () => string | Promise<string>;
  onCall?: (event: UpstreamCallEvent) => void;
}

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

  vehicles() {
    return this.get('vehicles', '/api/1/vehicles?per_page=100', vehiclesResponse);
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

  setBackupReserve(energySiteId: string, percent: number) {
    return this.request('backup', 'POST', `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/backup`, energyCommandResponse, { backup_reserve_percent: percent });
  }

  setOperationMode(energySiteId: string, mode: 'self_consumption' | 'autonomous' | 'backup') {
    return this.request('operation', 'POST', `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/operation`, energyCommandResponse, { default_real_mode: mode });
  }

  setGridImportExport(energySiteId: string, settings: { exportRule?: 'pv_only' | 'battery_ok' | 'never'; disallowChargeFromGridWithSolarInstalled?: boolean }) {
    return this.request('grid_import_export', 'POST', `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/grid_import_export`, energyCommandResponse, {
      ...(settings.exportRule !== undefined ? { customer_preferred_export_rule: settings.exportRule } : {}),
      ...(settings.disallowChargeFromGridWithSolarInstalled !== undefined
        ? { disallow_charge_from_grid_with_solar_installed: settings.disallowChargeFromGridWithSolarInstalled }
        : {}),
    });
  }

  setStormMode(energySiteId: string, enabled: boolean) {
    return this.request('storm_mode', 'POST', `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/storm_mode`, energyCommandResponse, { enabled });
  }

  setTimeOfUseSettings(energySiteId: string, touSettings: Record<string, unknown>) {
    return this.request('time_of_use_settings', 'POST', `/api/1/energy_sites/${encodeURIComponent(energySiteId)}/time_of_use_settings`, energyCommandResponse, {
      tou_settings: touSettings,
    });
  }

  /** Starts waking the car; it answers at once (usually still asleep), and comes online 10–60 s later. */
  wakeUp(vehicleTag: string) {
    return this.request('wake_up', 'POST', `/api/1/vehicles/${encodeURIComponent(vehicleTag)}/wake_up`, vehicleResponse);
  }

  /** A vehicle command, REST-style on the Fleet API or through Tesla's signing proxy (same path). */
  vehicleCommand(vin: string, name: string, body: Record<string, unknown> = {}) {
    return this.request('vehicle_command', 'POST', `/api/1/vehicles/${encodeURIComponent(vin)}/command/${encodeURIComponent(name)}`, vehicleCommandResponse, body);
  }

  private get<S extends z.ZodType>(endpoint: FleetEndpoint, path: string, schema: S): Promise<z.output<S>> {
    return this.request(endpoint, 'GET', path, schema);
  }

  private request<S extends z.ZodType>(endpoint: FleetEndpoint, method: string, path: string, schema: S, body?: unknown): Promise<z.output<S>> {
    return withUpstreamRetries(this.options, isTeslaApiError, (attempt) => this.attempt(endpoint, method, path, schema, body, attempt));
  }

  private async attempt<S extends z.ZodType>(endpoint: FleetEndpoint, method: string, path: string, schema: S, body: unknown, attempt: number): Promise<z.output<S>> {
    const started = performance.now();
    let status = 0;
    try {
      const token = await this.options.accessToken();
      let response: Response;
      try {
        response = await fetch(joinUrl(this.options.baseUrl, path), {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        throw new TeslaApiError({
          kind: 'unavailable',
          status: 0,
          endpoint,
          message: timedOut ? `Tesla did not answer ${endpoint} within ${this.options.timeoutMs} ms` : `could not reach Tesla for ${endpoint}`,
        });
      }
      status = response.status;
      const text = await response.text();
      const envelope = parseEnvelope(text);
      if (!response.ok) {
        const teslaError = envelope?.error ?? (text.slice(0, 200) || undefined);
        const kind = errorKindFor(status, teslaError);
        throw new TeslaApiError({
          kind,
          status,
          endpoint,
          teslaError,
          retryAfterSeconds: kind === 'rate_limited' ? parseRetryAfter(response.headers.get('retry-after'), text) : undefined,
          message: `Tesla answered ${status} to ${endpoint}${teslaError ? `: ${teslaError}` : ''}`,
        });
      }
      const parsed = schema.safeParse(envelope?.response);
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
      this.options.onCall?.({ endpoint, status, durationMs: performance.now() - started, attempt });
    }
  }
}

/** Regional bases may carry a path (a proxy, the sandbox's /regions/eu): keep it, unlike `new URL(path, base)`. */
function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

function parseEnvelope(text: string): { response?: unknown; error?: string } | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      return { response: record['response'], error: typeof record['error'] === 'string' ? record['error'] : undefined };
    }
  } catch {
    // Non-JSON bodies (proxies, 5xx pages) are reported by status alone.
  }
  return undefined;
}

function isTeslaApiError(error: unknown): error is TeslaApiError {
  return error instanceof TeslaApiError;
}
