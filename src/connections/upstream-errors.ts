import { GatewayError } from '../gateway-error.js';
import { missingScopes } from '../tesla/scopes.js';
import { TeslaApiError } from '../tesla/errors.js';

export interface ConnectionFacts {
  id: string;
  granted_scopes: string[];
  /** Tesla region of the account, when known (rows carry it). */
  region?: string | null;
}

export interface RemediationLinks {
  /** Where a customer revokes or changes the access they granted us. */
  revokeConsentUrl: string;
  /** Our link that reconnects the same Tesla account (bound to it, 24 h, once); null where there is no connection yet. */
  connectUrl: string | null;
}

/** The customer-facing fix for missing scopes: revoke at Tesla, then connect again granting them. */
export function scopeRemediation(links: RemediationLinks, missing: string[]) {
  return {
    revokeConsentUrl: links.revokeConsentUrl,
    connectUrl: links.connectUrl,
    steps: [
      `Open ${links.revokeConsentUrl} signed in as the Tesla account owner and revoke (or update) this application's access.`,
      links.connectUrl
        ? `Then open ${links.connectUrl} (signed in as the same Tesla account) and tick ${missing.join(', ')} on Tesla's consent screen.`
        : `Then connect the account again (createConnectLink) and tick ${missing.join(', ')} on Tesla's consent screen.`,
    ],
  };
}

/** The fix when Tesla no longer accepts a connection: consent again. */
export function reconnectRemediation(links: RemediationLinks) {
  return {
    revokeConsentUrl: links.revokeConsentUrl,
    connectUrl: links.connectUrl,
    steps: [
      links.connectUrl
        ? `Ask the Tesla account owner to open ${links.connectUrl} and grant access again, signed in as the same Tesla account (the link works once, for 24 hours).`
        : 'Ask the Tesla account owner to connect again through a new connect link (createConnectLink).',
    ],
  };
}

/** What the integrator does when Tesla suspends the app for its billing limit. */
export const BILLING_LIMIT_REMEDIATION =
  "Tesla suspended this app: its Fleet API billing limit is used up. Raise the billing limit (add a payment method first) on the app's billing and usage page at developer.tesla.com; calls work again as soon as Tesla lifts it.";

/** What the integrator does about a 412 (DESIGN §6 `PARTNER_NOT_REGISTERED`). */
export const PARTNER_REGISTRATION_REMEDIATION =
  'Register this Tesla app in every region once: run `npm run admin -- tesla:register` with the live configuration (TESLA_CLIENT_ID, TESLA_CLIENT_SECRET, PUBLIC_URL, TESLA_PUBLIC_KEY_FILE); it prints the outcome per region.';

/** Tesla's 412 names the regional host ("…registered in the current region https://fleet-api.prd.eu…"). */
function regionNamedIn(teslaError: string | undefined): string | null {
  const host = /current region (\S+?)[,\s]/.exec(teslaError ?? '')?.[1] ?? '';
  return /\.(na|eu|cn)\./.exec(host)?.[1] ?? /\/regions\/(na|eu|cn)\b/.exec(host)?.[1] ?? null;
}

/** What the car's owner does about `mobile_access_disabled` (DESIGN §6 `DEVICE_UNAVAILABLE`). */
export const MOBILE_ACCESS_REMEDIATION = 'Turn on Mobile Access in the car (Controls > Safety > Allow Mobile Access)';

/** What the owner checks when one device refuses a token that works for the rest of the account. */
export const DEVICE_REFUSED_REMEDIATION =
  'In the Tesla app, check that this device is still on the account and, for a car, that Mobile Access is on (Controls > Safety > Allow Mobile Access); the account itself needs nothing';

export function insufficientScopes(connection: ConnectionFacts, required: readonly string[], links: RemediationLinks, missing?: string[]): GatewayError {
  const lacking = missing ?? missingScopes(required, connection.granted_scopes);
  return new GatewayError('INSUFFICIENT_SCOPES', `the Tesla account lacks the scope(s) ${lacking.join(', ')} needed here`, {
    accountId: connection.id,
    requiredScopes: [...required],
    missingScopes: lacking,
    grantedScopes: connection.granted_scopes,
    remediation: scopeRemediation(links, lacking),
  });
}

/** Maps a Fleet API failure to the gateway's error contract (DESIGN §6). */
export function toGatewayError(error: unknown, connection: ConnectionFacts, required: readonly string[], links: RemediationLinks): unknown {
  if (!(error instanceof TeslaApiError)) return error;
  switch (error.kind) {
    case 'missing_scopes': {
      // Tesla says scopes are missing although the token claims them (e.g. revoked since): name the
      // required ones we cannot confirm.
      const missing = missingScopes(required, connection.granted_scopes);
      return insufficientScopes(connection, required, links, missing.length ? missing : [...required]);
    }
    case 'unauthorized':
    case 'login_required':
      return new GatewayError('ACCOUNT_NEEDS_REAUTH', "Tesla no longer accepts this account's tokens; the customer must connect again", {
        accountId: connection.id,
        remediation: reconnectRemediation(links),
      });
    case 'mobile_access_disabled':
      // One car's refusal, not the account's: the connection stays ACTIVE and every other device works.
      // The remedy is in the message too: a command's `reason` keeps the message, not the extensions.
      return new GatewayError('DEVICE_UNAVAILABLE', `the car refused remote access: Mobile Access is turned off in the car (Tesla: ${error.teslaError ?? 'mobile_access_disabled'}); ${MOBILE_ACCESS_REMEDIATION}`, {
        upstreamStatus: error.status,
        remediation: MOBILE_ACCESS_REMEDIATION,
      });
    case 'device_refused':
      // The token works for the account (proven by a users/region call): this device alone refuses it.
      return new GatewayError('DEVICE_UNAVAILABLE', `Tesla refused this device to the account's valid token (${error.endpoint} answered ${error.status}${error.teslaError ? `: ${error.teslaError}` : ''}); ${DEVICE_REFUSED_REMEDIATION}`, {
        upstreamStatus: error.status,
        remediation: DEVICE_REFUSED_REMEDIATION,
      });
    case 'protocol_required':
      // Tesla's words verbatim; the command runner resends such a command through the signing proxy.
      return new GatewayError('UPSTREAM_UNAVAILABLE', error.teslaError ?? 'Tesla Vehicle Command Protocol required', {
        upstreamStatus: error.status,
        endpoint: error.endpoint,
        protocolRequired: true,
      });
    case 'not_found':
      return GatewayError.notFound('device');
    case 'rejected':
      // Tesla's words verbatim: integrators match on them and show them to customers.
      return new GatewayError('VIRTUAL_KEY_NOT_PAIRED', error.teslaError ?? 'the vehicle rejected the request', { upstreamStatus: error.status });
    case 'device_unavailable':
      return new GatewayError('DEVICE_OFFLINE', `the device is offline or asleep (Tesla: ${error.teslaError ?? 'unavailable'})`);
    case 'not_registered':
      // The integrator's set-up, not the customer's: one command fixes it for every account.
      return new GatewayError(
        'PARTNER_NOT_REGISTERED',
        `this Tesla app is not registered in the account's region (${error.endpoint} answered 412): run \`npm run admin -- tesla:register\``,
        {
          region: connection.region ?? regionNamedIn(error.teslaError),
          upstreamStatus: error.status,
          endpoint: error.endpoint,
          remediation: PARTNER_REGISTRATION_REMEDIATION,
        },
      );
    case 'rate_limited':
      return new GatewayError('RATE_LIMITED', 'Tesla rate-limited this request', { retryAfterSeconds: error.retryAfterSeconds ?? error.backoffSeconds ?? null });
    case 'billing_limit':
      // App-wide and not transient: never retried; `upstreamError` is the stable discriminator.
      return new GatewayError('UPSTREAM_UNAVAILABLE', `Tesla suspended this app for its billing limit (${error.endpoint} answered ${error.status}: ${error.teslaError ?? 'account disabled: EXCEEDED_LIMIT'})`, {
        upstreamStatus: error.status,
        endpoint: error.endpoint,
        upstreamError: 'EXCEEDED_LIMIT',
        remediation: BILLING_LIMIT_REMEDIATION,
      });
    default:
      return new GatewayError('UPSTREAM_UNAVAILABLE', `Tesla ${error.endpoint} failed after ${error.attempts} attempt(s): ${error.message}`, {
        upstreamStatus: error.status,
        endpoint: error.endpoint,
      });
  }
}
