/**
 * Text an upstream (Tesla, Powerhub) sent, made fit to copy into our errors, command reasons and
 * logs: anything token-shaped replaced by `[redacted]` and the rest capped at `maxLength`
 * characters (README "Security"). A misbehaving upstream can echo a bearer token or send a
 * megabyte of HTML; neither reaches a caller or a log line.
 */
export const UPSTREAM_TEXT_MAX_LENGTH = 300;

const TOKEN_SHAPES: RegExp[] = [
  /\bBearer\s+[\w.~+/-]{16,}=*/gi, // an Authorization header value (not the words "bearer token")
  /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, // a JWT (Tesla's access and id tokens)
  /\b(?:NA|EU|CN)_[\w-]{16,}/g, // a Tesla refresh token (region prefix)
  /\bdgw_[\w-]{8,}/g, // one of our API keys
  /\b(?:access_token|refresh_token|client_secret|id_token|code|password)=[^&\s"']+/gi, // a form or query parameter
  /(?<![\w/+=.-])(?!\/)[A-Za-z0-9+/_-]{40,}={0,2}/g, // any other long opaque run (hex or base64 secrets), not a URL path
];

export function upstreamText(text: string, maxLength?: number): string;
export function upstreamText(text: string | undefined, maxLength?: number): string | undefined;
export function upstreamText(text: string | undefined, maxLength = UPSTREAM_TEXT_MAX_LENGTH): string | undefined {
  if (text === undefined) return undefined;
  // Redact within a bounded prefix: no regex ever runs over a megabyte.
  let clean = text.slice(0, maxLength * 4);
  for (const shape of TOKEN_SHAPES) clean = clean.replace(shape, (match) => (/^[\w-]+=/.test(match) ? `${match.split('=')[0]}=[redacted]` : '[redacted]'));
  // eslint-disable-next-line no-control-regex
  clean = clean.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return clean.length > maxLength ? `${clean.slice(0, maxLength - 1)}…` : clean;
}
