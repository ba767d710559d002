/** The simulator's test-only admin API (/sim/...), over real HTTP. */
export interface SimulatorCounters {
  /** Requests as they arrive (what Tesla bills), before auth and before the body is read. */
  total: number;
  byEndpoint: Record<string, number>;
  byEndpointAndDevice: Record<string, number>;
  /** Writes carried out (a 2xx, or a timeout whose write still took): what changed the device. */
  applied: number;
  appliedByEndpoint: Record<string, number>;
  appliedByEndpointAndDevice: Record<string, number>;
  /** Requests dropped because their client had hung up before the simulator reached them. */
  abandoned: number;
}

export interface FaultSpec {
  endpoint: string;
  deviceId?: string;
  status?: number;
  error?: string;
  latencyMs?: number;
  retryAfterSeconds?: number;
  /** With status 429: no `Retry-After` (nor a wait in the body). */
  withoutRetryAfter?: boolean;
  count?: number;
  /** With `outcomes`: the share (0–1) of matching requests that fail, drawn from the simulator's seed. */
  probability?: number;
  /** What a drawn failure is: a status (and Retry-After), or `timeoutMs` (the write is carried out, the answer held back). */
  outcomes?: { status?: number; retryAfterSeconds?: number; timeoutMs?: number; weight?: number }[];
}

/** A fault as `GET /sim/faults` reports it: how often it struck, and with which outcome. */
export interface FaultReport {
  id: string;
  applied: number;
  passed: number;
  /** Per outcome, with `outcomes` only. */
  outcomeCounts?: number[];
}

export interface SimulatorAccount {
  name: string;
  region: string;
  userId: string;
  energySiteIds: string[];
  vehicles: { id: string; vin: string }[];
}

export interface SimulatorVehicle {
  id: string;
  vin: string;
  state: 'online' | 'asleep' | 'offline';
  keyPaired: boolean;
  commandSigning: 'required' | 'allowed';
  chargeLimitSoc: number;
  chargeAmps: number;
  maxAmps: number;
  pluggedIn: boolean;
  charging: { chargingState: string; batteryLevel: number };
}

export class SimulatorAdmin {
  constructor(readonly url: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator ${method} ${path} → ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  mintTokens(account: string, options: { scopes?: string[]; expiresIn?: number; clientId?: string } = {}) {
    return this.call<{ access_token: string; refresh_token: string; expires_in: number }>('POST', `/sim/accounts/${account}/tokens`, options);
  }

  accounts() {
    return this.call<SimulatorAccount[]>('GET', '/sim/accounts');
  }

  async account(name: string): Promise<SimulatorAccount> {
    const found = (await this.accounts()).find((a) => a.name === name);
    if (!found) throw new Error(`no simulator account ${name}`);
    return found;
  }

  counters() {
    return this.call<SimulatorCounters>('GET', '/sim/counters');
  }

  resetCounters() {
    return this.call<unknown>('POST', '/sim/counters/reset');
  }

  addFault(fault: FaultSpec) {
    return this.call<{ id: string }>('POST', '/sim/faults', fault);
  }

  faults() {
    return this.call<FaultReport[]>('GET', '/sim/faults');
  }

  clearFaults() {
    return this.call<unknown>('DELETE', '/sim/faults');
  }

  vehicle(vin: string) {
    return this.call<SimulatorVehicle>('GET', `/sim/vehicles/${vin}`);
  }

  setVehicle(vin: string, patch: { state?: 'online' | 'asleep' | 'offline'; keyPaired?: boolean; wakeDelaySeconds?: number }) {
    return this.call<unknown>('POST', `/sim/vehicles/${vin}`, patch);
  }

  /** The app's billing limit: while exceeded, every Fleet API call answers 403 EXCEEDED_LIMIT (or 402). */
  setBillingLimit(exceeded: boolean, status?: 402 | 403) {
    return this.call<unknown>('POST', '/sim/billing', { exceeded, ...(status ? { status } : {}) });
  }

  revokeConsent(account: string, clientId?: string) {
    return this.call<unknown>('POST', `/sim/accounts/${account}/revoke-consent`, clientId ? { clientId } : {});
  }

  editConsent(account: string, scopes: string[], clientId?: string) {
    return this.call<unknown>('POST', `/sim/accounts/${account}/consent`, { scopes, ...(clientId ? { clientId } : {}) });
  }

  moveAccount(account: string, region: string) {
    return this.call<unknown>('POST', `/sim/accounts/${account}/region`, { region });
  }

  setPartnerRegistration(regions: Partial<Record<'na' | 'eu' | 'cn', boolean>>) {
    return this.call<unknown>('POST', '/sim/partner-registration', regions);
  }

  site(energySiteId: string) {
    return this.call<Record<string, unknown>>('GET', `/sim/sites/${energySiteId}`);
  }

  /**
   * Starts or ends a Storm Watch at a site (an energy_site_id, or a Powerhub-only `ph-…` id). The
   * battery is held only where storm mode is enabled: see `derived.stormModeActive` in the answer.
   */
  setStormWatch(energySiteId: string, active: boolean) {
    return this.call<Record<string, unknown> & { derived: { stormModeActive: boolean } }>('POST', `/sim/sites/${encodeURIComponent(energySiteId)}/environment`, {
      stormWatchActive: active,
    });
  }

  /** A raw Fleet API read with a token, to compare the gateway's mapping against Tesla's shape. */
  async fleet<T = unknown>(path: string, accessToken: string): Promise<{ status: number; text: string; json: T }> {
    const response = await fetch(`${this.url}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
    const text = await response.text();
    return { status: response.status, text, json: JSON.parse(text) as T };
  }
}
