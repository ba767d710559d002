/**
 * How many requests reached each endpoint, and each endpoint per device, so tests can assert
 * the gateway's upstream traffic (caching, batching, no duplicate polling). Injected faults,
 * 403s and 429s count too: Tesla saw those requests.
 *
 * Apart from those, the writes Tesla carried out (`applied…`): a write endpoint (energy and vehicle
 * commands) counts here once its handler answered 2xx, including a write whose answer an injected
 * timeout held back (the client saw a timeout, Tesla did it); a vehicle command's 2xx includes the
 * car's own `result: false`. A write refused by an injected fault, a 4xx or a rate limit does not
 * count, nor does one whose client hung up before it was read (`abandoned`: under load a request
 * may wait longer than the client's timeout). So a test can tell "sent again after a refusal or
 * after a read showed it did not take" (fine) from "carried out twice" (sent again blindly).
 */
export class RequestCounters {
  private total = 0;
  private byEndpoint = new Map<string, number>();
  private byEndpointAndDevice = new Map<string, number>();
  private applied = 0;
  private appliedByEndpoint = new Map<string, number>();
  private appliedByEndpointAndDevice = new Map<string, number>();
  /** Requests dropped unread because their client had hung up (its timeout ran out while they waited). */
  private abandoned = 0;

  record(endpoint: string, deviceKey?: string): void {
    this.total++;
    bump(this.byEndpoint, endpoint);
    if (deviceKey !== undefined) bump(this.byEndpointAndDevice, `${endpoint}:${deviceKey}`);
  }

  /** A write carried out (its handler answered 2xx). */
  recordApplied(endpoint: string, deviceKey?: string): void {
    this.applied++;
    bump(this.appliedByEndpoint, endpoint);
    if (deviceKey !== undefined) bump(this.appliedByEndpointAndDevice, `${endpoint}:${deviceKey}`);
  }

  recordAbandoned(): void {
    this.abandoned++;
  }

  reset(): void {
    this.total = 0;
    this.byEndpoint.clear();
    this.byEndpointAndDevice.clear();
    this.applied = 0;
    this.appliedByEndpoint.clear();
    this.appliedByEndpointAndDevice.clear();
    this.abandoned = 0;
  }

  toJSON() {
    return {
      total: this.total,
      byEndpoint: Object.fromEntries(this.byEndpoint),
      byEndpointAndDevice: Object.fromEntries(this.byEndpointAndDevice),
      applied: this.applied,
      appliedByEndpoint: Object.fromEntries(this.appliedByEndpoint),
      appliedByEndpointAndDevice: Object.fromEntries(this.appliedByEndpointAndDevice),
      abandoned: this.abandoned,
    };
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
