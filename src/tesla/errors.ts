import { upstreamText } from '../upstream/upstream-text.js';

/** Why a Fleet API call failed, in terms a caller can act on. */
export type TeslaErrorKind =
  | 'unauthorized' // bad or expired access token
  | 'login_required' // refresh refused: the customer must consent again
  | 'mobile_access_disabled' // 401 for ONE car whose owner turned remote access off: not the token's fault
  | 'device_refused' // 401 on one device's endpoint while the same token works for the account (set by the connection service)
  | 'missing_scopes' // 403 "Unauthorized missing scopes"
  | 'protocol_required' // 403 "Tesla Vehicle Command Protocol required…": a REST command to a car that needs signing
  | 'billing_limit' // the APP's billing limit is exhausted (403 `account disabled: EXCEEDED_LIMIT`, or 402): app-wide, never retried
  | 'forbidden' // any other 403
  | 'not_found'
  | 'device_unavailable' // 408 (direct) or 500/503 "vehicle unavailable" (proxy): asleep or offline
  | 'rejected' // the car refused a signed command (key not paired): final, never retried
  | 'rate_limited'
  | 'misdirected' // 421: account lives in another region
  | 'not_registered' // 412: partner not registered in the region
  | 'bad_request'
  | 'unavailable' // 5xx, timeout, network
  | 'invalid_response';

export class TeslaApiError extends Error {
  override name = 'TeslaApiError';
  readonly kind: TeslaErrorKind;
  /** HTTP status; 0 when no response arrived (timeout, network). */
  readonly status: number;
  readonly endpoint: string;
  /** Tesla's `error` string: verbatim, but capped and with anything token-shaped redacted (upstreamText). */
  readonly teslaError: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  attempts = 1;
  /** A 429 without `Retry-After` that surfaced: the backoff the gateway chose, seconds. */
  backoffSeconds: number | undefined = undefined;

  constructor(init: {
    kind: TeslaErrorKind;
    status: number;
    endpoint: string;
    message: string;
    teslaError?: string | undefined;
    retryAfterSeconds?: number | undefined;
  }) {
    super(upstreamText(init.message));
    this.kind = init.kind;
    this.status = init.status;
    this.endpoint = init.endpoint;
    this.teslaError = upstreamText(init.teslaError);
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  get retryable(): boolean {
    return this.kind === 'unavailable' || this.kind === 'rate_limited';
  }

  get rateLimited(): boolean {
    return this.kind === 'rate_limited';
  }

  /** No answer or a 5xx: the request may have been carried out (a command must be read back, not re-sent). */
  get ambiguous(): boolean {
    return this.kind === 'unavailable';
  }
}

export function errorKindFor(status: number, teslaError: string | undefined): TeslaErrorKind {
  const text = (teslaError ?? '').toLowerCase();
  // Through the vehicle-command proxy these arrive as 5xx but are the car's final word, not a blip.
  if (text.includes('vehicle rejected request')) return 'rejected';
  if (text.includes('vehicle unavailable')) return 'device_unavailable';
  if (isBillingLimit(status, text)) return 'billing_limit';
  if (status === 401) {
    // One car with "Allow Mobile Access" off answers 401 `mobile_access_disabled` while the token is
    // fine for every other device (python-tesla-fleet-api `exceptions.py` MobileAccessDisabled):
    // refreshing tokens or marking the account for re-consent would be wrong.
    if (text.includes('mobile_access_disabled')) return 'mobile_access_disabled';
    return text.includes('login_required') ? 'login_required' : 'unauthorized';
  }
  if (status === 403) {
    if (text.includes('missing scopes')) return 'missing_scopes';
    return text.includes('vehicle command protocol required') ? 'protocol_required' : 'forbidden';
  }
  if (status === 404) return 'not_found';
  if (status === 408) return 'device_unavailable';
  if (status === 412) return 'not_registered';
  if (status === 421) return 'misdirected';
  if (status === 429) return 'rate_limited';
  if (status >= 400 && status < 500) return 'bad_request';
  return 'unavailable';
}

/**
 * Tesla's answer once the app's billing limit is used up. Observed: 403 with the body
 * `{"error": "account disabled: EXCEEDED_LIMIT"}` on every call, without `Retry-After`
 * (teslamotors/vehicle-command issue #403; evcc-io/evcc #19802 logs "403 Forbidden: account
 * disabled: EXCEEDED_LIMIT"; teslamate-org/teslamate PR #5476 backs off 15 min on it). Tesla's
 * status table and python-tesla-fleet-api's `PaymentRequired` also name a 402 "payment required"
 * whose body is undocumented: every variant is the same app-wide condition. Matched on the text
 * under any 4xx, since the words are all the sources agree on.
 */
export function isBillingLimit(status: number, lowerCaseError: string): boolean {
  if (status === 402) return true;
  return status >= 400 && status < 500 && lowerCaseError.includes('exceeded_limit');
}

/** `Retry-After` as seconds (delta or HTTP date), else Tesla's "Retry in N seconds" body text. */
export function parseRetryAfter(header: string | null, body: string | undefined): number | undefined {
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }
  const match = body?.match(/retry in (\d+) seconds/i);
  return match ? Number(match[1]) : undefined;
}
