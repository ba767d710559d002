import type { IncomingHttpHeaders } from 'node:http';

/**
 * Which browser origins may call the gateway (README "Security"). A request without `Origin` is not
 * a cross-origin browser request (curl, servers, same-origin GETs) and is let through; a same-origin
 * one (the control room) names the gateway's own host; anything else must be listed in
 * `CORS_ORIGINS`. The opaque origin `null` (sandboxed frames, `file:`) is never same-origin.
 */
export interface OriginPolicy {
  /** Exact origins allowed cross-origin, as `scheme://host[:port]`. */
  corsOrigins: readonly string[];
  /** The gateway's public URL (PUBLIC_URL), read per request: tests learn the port only after listen. */
  publicUrl?: () => string;
}

export type OriginVerdict = 'none' | 'same-origin' | 'allowed' | 'refused';

export function judgeOrigin(headers: IncomingHttpHeaders, policy: OriginPolicy): OriginVerdict {
  const origin = headers.origin;
  if (origin === undefined) return 'none';
  if (policy.corsOrigins.includes(origin)) return 'allowed';
  let host: string;
  try {
    const url = new URL(origin);
    if (url.origin === 'null') return 'refused';
    host = url.host.toLowerCase();
  } catch {
    return 'refused';
  }
  const ownHosts = [headers.host, firstOf(headers['x-forwarded-host'])].filter((h): h is string => Boolean(h)).map((h) => h.trim().toLowerCase());
  const publicUrl = policy.publicUrl?.();
  if (publicUrl) ownHosts.push(new URL(publicUrl).host.toLowerCase());
  return ownHosts.includes(host) ? 'same-origin' : 'refused';
}

function firstOf(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.split(',')[0];
}
