/**
 * Errors the gateway reports to its callers, each with a stable code (DESIGN §6). Services throw
 * these; the GraphQL layer turns them into GraphQL errors with `extensions.code`, so services never
 * import GraphQL. Messages and extensions must never carry secrets.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'INSUFFICIENT_SCOPES'
  | 'ACCOUNT_NEEDS_REAUTH'
  | 'VIRTUAL_KEY_NOT_PAIRED'
  | 'EXPORT_NOT_PERMITTED'
  | 'SCHEDULE_CONFLICT'
  | 'DEVICE_OFFLINE'
  | 'DEVICE_UNAVAILABLE'
  | 'RATE_LIMITED'
  | 'PARTNER_NOT_REGISTERED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'QUERY_TOO_COMPLEX';

export class GatewayError extends Error {
  override name = 'GatewayError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields exposed next to `code` in `extensions`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  static notFound(what = 'object'): GatewayError {
    // Identical for a missing object and another organization's, by design.
    return new GatewayError('NOT_FOUND', `${what} not found`);
  }

  static badUserInput(field: string, message: string): GatewayError {
    return new GatewayError('BAD_USER_INPUT', message, { field });
  }

  static unauthenticated(message = 'a valid API key is required: send "Authorization: Bearer <api key>"'): GatewayError {
    return new GatewayError('UNAUTHENTICATED', message);
  }
}

/**
 * A failure after which Tesla may have carried a write out: no answer (timeout, network) or a 5xx
 * that is not one of Tesla's known final words (those map to other codes). Such a write is read
 * back before it is sent again, never re-sent blindly.
 */
export function leavesWriteUnknown(error: unknown): error is GatewayError {
  if (!(error instanceof GatewayError) || error.code !== 'UPSTREAM_UNAVAILABLE') return false;
  const status = Number(error.details['upstreamStatus'] ?? 0);
  return status === 0 || status >= 500;
}
