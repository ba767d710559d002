import { GatewayError } from '../gateway-error.js';
import { missingScopes } from '../tesla/scopes.js';
import { TeslaApiError } from '../tesla/errors.js';

export interface ConnectionFacts {
  id: string;
  granted_scopes: string[];
}

export interface RemediationLinks {
  /** Where a customer revokes or changes the access they granted us. */
  revokeConsentUrl: string;
  /** Our link that starts a fresh consent for the same organization. */
  connectUrl: string;
}

/** The customer-facing fix for missing scopes: revoke at Tesla, then connect again granting them. */
export function scopeRemediation(links: RemediationLinks, missing: string[]) {
  return {
    revokeConsentUrl: links.revokeConsentUrl,
    connectUrl: links.connectUrl,
    steps: [
      `Open ${links.revokeConsentUrl} signed in as the Tesla account owner and revoke (or update) this application's access.`,
      `Then open ${links.connectUrl} and tick ${missing.join(', ')} on Tesla's consent screen.`,
    ],
  };
}

/** The fix when Tesla no longer accepts a connection: consent again. */
export function reconnectRemediation(links: RemediationLinks) {
  return {
    revokeConsentUrl: links.revokeConsentUrl,
    connectUrl: links.connectUrl,
    steps: [`Ask the Tesla account owner to open ${links.connectUrl} and grant access again.`],
  };
}

/** What the car's owner does about `mobile_access_disabled` (DESIGN §6 `DEVICE_UNAVAILABLE`). */
export const MOBILE_ACCESS_REMEDIATION = 'Turn on Mobile Access in the car (Controls > Safety > Allow Mobile Access)';

export function insufficientScopes(connection: ConnectionFacts, required: readonly string[], links: RemediationLinks, missing?: string[]): GatewayError {
  const lacking = missing ?? missingScopes(required, connection.granted_scopes);
  return new GatewayError('INSUFFICIENT_SCOPES', `the Tesla connection lacks the scope(s) ${lacking.join(', ')} needed here`, {
    connectionId: connection.id,
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
      return new GatewayError('CONNECTION_NEEDS_REAUTH', 'Tesla no longer accepts this connection\'s tokens; the customer must connect again', {
        connectionId: connection.id,
        remediation: reconnectRemediation(links),
      });
    case 'mobile_access_disabled':
      // One car's refusal, not the account's: the connection stays ACTIVE and every other device works.
      return new GatewayError('DEVICE_UNAVAILABLE', `the car refused remote access: Mobile Access is turned off in the car (Tesla: ${error.teslaError ?? 'mobile_access_disabled'})`, {
        upstreamStatus: error.status,
        remediation: MOBILE_ACCESS_REMEDIATION,
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
      return new GatewayError(
        'UPSTREAM_UNAVAILABLE',
        `this Tesla app is not registered in the account's region (${error.endpoint} answered 412): register it with POST /api/1/partner_accounts in every region`,
        { upstreamStatus: error.status, endpoint: error.endpoint },
      );
    case 'rate_limited':
      return new GatewayError('RATE_LIMITED', 'Tesla rate-limited this request', { retryAfterSeconds: error.retryAfterSeconds ?? null });
    default:
      return new GatewayError('UPSTREAM_UNAVAILABLE', `Tesla ${error.endpoint} failed after ${error.attempts} attempt(s): ${error.message}`, {
        upstreamStatus: error.status,
        endpoint: error.endpoint,
      });
  }
}
