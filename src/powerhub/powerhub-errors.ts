import { GatewayError } from '../gateway-error.js';
import { upstreamText } from '../upstream/upstream-text.js';

/**
 * Powerhub failures. Inside the client an HTTP failure is a `PowerhubHttpError` (what the retry
 * loop classifies); callers only ever see `GatewayError`s (DESIGN §6). Messages carry Powerhub's
 * error code and description, the latter dropped when it repeats a credential of the request.
 */

export type PowerhubEndpoint = 'token' | 'sites' | 'telemetry_latest' | 'dispatches';

export class PowerhubHttpError extends Error {
  override name = 'PowerhubHttpError';
  attempts = 1;

  constructor(
    readonly endpoint: PowerhubEndpoint,
    /** 0 when no response arrived (timeout, network). */
    readonly status: number,
    message: string,
    /** Powerhub's `error` code, e.g. `invalid_token`. */
    readonly powerhubError?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(upstreamText(message));
    this.powerhubError = upstreamText(powerhubError);
  }

  /** 5xx, timeouts and network errors; 429s too, as long as the wait is acceptable (the caller decides). */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }

  get rateLimited(): boolean {
    return this.status === 429;
  }
}

/**
 * Powerhub refused the client id and secret. Typed so the layer that stores credentials can tell
 * the operator which input to fix; a plain `UPSTREAM_UNAVAILABLE` to everyone else.
 */
export class PowerhubAuthError extends GatewayError {
  override name = 'PowerhubAuthError';

  constructor(upstreamStatus: number) {
    super('UPSTREAM_UNAVAILABLE', 'Powerhub refused the client credentials', { upstreamStatus, endpoint: 'token' });
  }
}

export function toGatewayError(error: unknown): unknown {
  if (!(error instanceof PowerhubHttpError)) return error;
  const { endpoint, status } = error;
  if (status === 429) {
    return new GatewayError('RATE_LIMITED', 'Powerhub rate-limited this request', { retryAfterSeconds: error.retryAfterSeconds ?? null });
  }
  if (status === 401) {
    return new GatewayError('UPSTREAM_UNAVAILABLE', `Powerhub refused a freshly issued access token for ${endpoint}`, { upstreamStatus: 401, endpoint });
  }
  if (status === 404 && endpoint === 'dispatches') return GatewayError.notFound('Powerhub dispatch');
  return new GatewayError('UPSTREAM_UNAVAILABLE', `Powerhub ${endpoint} failed after ${error.attempts} attempt(s): ${error.message}`, {
    upstreamStatus: status,
    endpoint,
  });
}
