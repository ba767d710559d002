import pLimit from 'p-limit';
import { withUpstreamRetries } from '../upstream/upstream-retries.js';
import type { z } from 'zod';
import { GatewayError } from '../gateway-error.js';
import { parseRetryAfter } from '../tesla/errors.js';
import type {
  PowerhubApi,
  PowerhubDispatch,
  PowerhubDispatchAck,
  PowerhubDispatchInput,
  PowerhubSite,
  PowerhubTelemetry,
} from './powerhub-api.js';
import { PowerhubAuthError, PowerhubHttpError, toGatewayError, type PowerhubEndpoint } from './powerhub-errors.js';
import {
  cancelResponse,
  dispatchAckResponse,
  dispatchResponse,
  sitesPageResponse,
  telemetryResponse,
  tokenResponse,
} from './powerhub-responses.js';

/**
 * Powerhub over HTTP, for one operator's client credentials — the one module that knows the
 * (modeled, DESIGN §11) wire contract; see `powerhub-api.ts`. It fetches and caches its own
 * client-credentials token, renews it ahead of expiry and once when Powerhub calls it invalid,
 * and retries 5xx, timeouts and acceptable 429s with backoff. Knows nothing of the database or GraphQL.
 */

export type { PowerhubEndpoint } from './powerhub-errors.js';

export interface PowerhubCallEvent {
  endpoint: PowerhubEndpoint;
  method: string;
  /** 0 when no response arrived. */
  status: number;
  durationMs: number;
  attempt: number;
}

export interface PowerhubClientOptions {
  /** e.g. the sandbox simulator's `${url}/powerhub`. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  /** Retries after the first attempt, for 5xx, timeouts, network errors and short 429s. */
  retries: number;
  backoffMs: number;
  /** A 429 asking to wait longer than this is not waited out: it surfaces as RATE_LIMITED. */
  maxRetryAfterS: number;
  onCall?(event: PowerhubCallEvent): void;
}

/** Powerhub's limits per call. */
const PAGE_SIZE = 500;
const TELEMETRY_BATCH = 500;
const TELEMETRY_CONCURRENCY = 4;
/** Renew this long before expiry (at most half the lifetime, for short-lived tokens). */
const RENEW_MARGIN_MS = 60_000;

interface CachedToken {
  value: string;
  renewAt: number;
}

interface HttpAnswer {
  status: number;
  text: string;
}

interface HttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export class PowerhubClient implements PowerhubApi {
  private token: CachedToken | null = null;
  /** The token request in flight, shared by every caller that needs a token meanwhile. */
  private tokenRequest: Promise<string> | null = null;

  constructor(private readonly options: PowerhubClientOptions) {}

  async listSites(): Promise<PowerhubSite[]> {
    const sites: PowerhubSite[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = `limit=${PAGE_SIZE}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = await this.call('sites', 'GET', `/v2/sites?${query}`, sitesPageResponse);
      sites.push(...page.sites);
      cursor = page.nextCursor;
      // A cursor seen before would page forever.
      if (cursor !== null && seen.has(cursor)) {
        throw new GatewayError('UPSTREAM_UNAVAILABLE', 'Powerhub repeated a page cursor while listing sites', { upstreamStatus: 200, endpoint: 'sites' });
      }
      if (cursor !== null) seen.add(cursor);
    } while (cursor !== null);
    return sites;
  }

  async latestTelemetry(siteIds: readonly string[]): Promise<PowerhubTelemetry[]> {
    const ids = [...new Set(siteIds)];
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += TELEMETRY_BATCH) batches.push(ids.slice(i, i + TELEMETRY_BATCH));
    const limit = pLimit(TELEMETRY_CONCURRENCY);
    const results = await Promise.all(
      batches.map((batch) => limit(() => this.call('telemetry_latest', 'POST', '/v2/telemetry/latest', telemetryResponse, { site_ids: batch }))),
    );
    return results.flat();
  }

  createDispatch(input: PowerhubDispatchInput): Promise<PowerhubDispatchAck> {
    // Safe to retry: Powerhub answers a repeated idempotency key with the first dispatch.
    return this.call('dispatches', 'POST', '/v2/dispatches', dispatchAckResponse, {
      site_ids: input.siteIds,
      mode: input.mode,
      per_site_kw: input.perSiteKw,
      start: input.start.toISOString(),
      end: input.end.toISOString(),
      idempotency_key: input.idempotencyKey,
    });
  }

  getDispatch(dispatchId: string): Promise<PowerhubDispatch> {
    return this.call('dispatches', 'GET', `/v2/dispatches/${encodeURIComponent(dispatchId)}`, dispatchResponse);
  }

  async cancelDispatch(dispatchId: string): Promise<void> {
    await this.call('dispatches', 'DELETE', `/v2/dispatches/${encodeURIComponent(dispatchId)}`, cancelResponse);
  }

  /**
   * One API call with the cached token. A 401 means the token is no longer good (expired early,
   * revoked, Powerhub restarted): forget it, get a new one, and try once more.
   */
  private async call<S extends z.ZodType>(endpoint: PowerhubEndpoint, method: string, path: string, schema: S, body?: unknown): Promise<z.output<S>> {
    for (let renewed = false; ; renewed = true) {
      const token = await this.accessToken();
      try {
        const answer = await this.withRetries(endpoint, {
          method,
          path,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return parseBody(endpoint, schema, answer);
      } catch (error) {
        if (error instanceof PowerhubHttpError && error.status === 401 && !renewed) {
          this.forgetToken(token);
          continue;
        }
        throw toGatewayError(error);
      }
    }
  }

  private async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) return this.token.value;
    this.tokenRequest ??= this.requestToken().finally(() => {
      this.tokenRequest = null;
    });
    return this.tokenRequest;
  }

  /** Only the token that failed: another caller may already hold a newer one. */
  private forgetToken(value: string): void {
    if (this.token?.value === value) this.token = null;
  }

  private async requestToken(): Promise<string> {
    const { clientId, clientSecret } = this.options;
    // RFC 6749 §2.3.1: each half is form-encoded before they are joined and base64-encoded.
    const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64');
    const requestedAt = Date.now();
    let answer: HttpAnswer;
    try {
      answer = await this.withRetries('token', {
        method: 'POST',
        path: '/v1/auth/token',
        headers: { authorization: `Basic ${basic}`, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
      });
    } catch (error) {
      if (error instanceof PowerhubHttpError && (error.status === 401 || error.powerhubError === 'invalid_client')) {
        throw new PowerhubAuthError(error.status);
      }
      throw toGatewayError(error);
    }
    const token = parseBody('token', tokenResponse, answer);
    const lifetimeMs = token.expires_in * 1000;
    this.token = { value: token.access_token, renewAt: requestedAt + lifetimeMs - Math.min(RENEW_MARGIN_MS, lifetimeMs / 2) };
    return token.access_token;
  }

  /** Attempts with backoff; Powerhub's `Retry-After` is waited out when it is short enough. */
  private withRetries(endpoint: PowerhubEndpoint, request: HttpRequest): Promise<HttpAnswer> {
    return withUpstreamRetries(this.options, isPowerhubHttpError, (attempt) => this.attempt(endpoint, request, attempt));
  }

  /**
   * Powerhub's error code (a short word only) and description (e.g. "end is in the past", which
   * callers need), each dropped if it would repeat a credential this request carried.
   */
  private errorBody(text: string, request: HttpRequest): { code?: string; description?: string } {
    const body = readErrorBody(text);
    const credentials = [this.options.clientSecret, request.headers.authorization?.split(' ')[1]].filter((c): c is string => !!c);
    const safe = (value: string) => !credentials.some((credential) => value.includes(credential));
    const code = typeof body.error === 'string' && /^[a-z0-9_.-]{1,64}$/i.test(body.error) && safe(body.error) ? body.error : undefined;
    const description = typeof body.error_description === 'string' ? body.error_description.slice(0, 200) : undefined;
    return { ...(code ? { code } : {}), ...(description && safe(description) ? { description } : {}) };
  }

  private async attempt(endpoint: PowerhubEndpoint, request: HttpRequest, attempt: number): Promise<HttpAnswer> {
    const started = performance.now();
    let status = 0;
    try {
      let response: Response;
      let text: string;
      try {
        response = await fetch(`${this.options.baseUrl.replace(/\/+$/, '')}${request.path}`, {
          method: request.method,
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: request.body }),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        status = response.status;
        // Inside the timeout too: a body that stalls is as good as no answer.
        text = await response.text();
      } catch (error) {
        const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
        status = 0;
        throw new PowerhubHttpError(endpoint, 0, timedOut ? `no answer within ${this.options.timeoutMs} ms` : 'could not reach Powerhub');
      }
      if (!response.ok) {
        const { code, description } = this.errorBody(text, request);
        const retryAfter = status === 429 ? parseRetryAfter(response.headers.get('retry-after'), undefined) : undefined;
        const said = code ? ` (${code}${description ? `: ${description}` : ''})` : '';
        throw new PowerhubHttpError(endpoint, status, `Powerhub answered ${status}${said}`, code, retryAfter);
      }
      return { status, text };
    } finally {
      this.options.onCall?.({ endpoint, method: request.method, status, durationMs: performance.now() - started, attempt });
    }
  }
}

function parseBody<S extends z.ZodType>(endpoint: PowerhubEndpoint, schema: S, answer: HttpAnswer): z.output<S> {
  let value: unknown;
  try {
    value = answer.text === '' ? undefined : JSON.parse(answer.text);
  } catch {
    // Not JSON (a proxy's page): left as text, which no object shape accepts.
    value = answer.text;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    // The issue's message only: zod's path and message never quote the values.
    throw new GatewayError('UPSTREAM_UNAVAILABLE', `Powerhub's ${endpoint} response did not have the expected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`, {
      upstreamStatus: answer.status,
      endpoint,
    });
  }
  return parsed.data;
}

/** Powerhub's JSON error body, or nothing when the body is something else (a proxy's page). */
function readErrorBody(text: string): { error?: unknown; error_description?: unknown } {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function isPowerhubHttpError(error: unknown): error is PowerhubHttpError {
  return error instanceof PowerhubHttpError;
}
