import { decodeJwt } from 'jose';

export interface AccessTokenClaims {
  subject: string;
  scopes: string[];
  expiresAt: Date | undefined;
  /** Tesla's `ou_code` lower-cased: 'na', 'eu', 'cn'. */
  region: string | undefined;
}

/**
 * Reads Tesla's access-token JWT without verifying it: Tesla, not the gateway, checks its own tokens;
 * granted scopes are visible only in `scp` (tesla-fleet-api.md §1.2).
 */
export function readAccessTokenClaims(accessToken: string): AccessTokenClaims {
  const claims = decodeJwt(accessToken);
  const scp = claims['scp'];
  const scopes = Array.isArray(scp) ? scp.map(String) : typeof scp === 'string' ? scp.split(' ') : [];
  const ou = claims['ou_code'];
  return {
    subject: String(claims.sub ?? ''),
    scopes,
    expiresAt: typeof claims.exp === 'number' ? new Date(claims.exp * 1000) : undefined,
    region: typeof ou === 'string' ? ou.toLowerCase() : undefined,
  };
}
