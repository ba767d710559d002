/**
 * How many requests reached each endpoint, and each endpoint per device, so tests can assert
 * the gateway's upstream traffic (caching, batching, no duplicate polling). Injected faults,
 * 403s and 429s count too: Tesla saw those requests.
 */
export class RequestCounters {
  private total = 0;
  private byEndpoint = new Map<string, number>();
  private byEndpointAndDevice = new Map<string, number>();

  record(endpoint: string, deviceKey?: string): void {
    this.total++;
    this.byEndpoint.set(endpoint, (this.byEndpoint.get(endpoint) ?? 0) + 1);
    if (deviceKey !== undefined) {
      const key = `${endpoint}:${deviceKey}`;
      this.byEndpointAndDevice.set(key, (this.byEndpointAndDevice.get(key) ?? 0) + 1);
    }
  }

  reset(): void {
    this.total = 0;
    this.byEndpoint.clear();
    this.byEndpointAndDevice.clear();
  }

  toJSON() {
    return {
      total: this.total,
      byEndpoint: Object.fromEntries(this.byEndpoint),
      byEndpointAndDevice: Object.fromEntries(this.byEndpointAndDevice),
    };
  }
}
