/**
 * Who is calling the token endpoint: `client_id` (and optional `client_secret`) from the form
 * (client_secret_post, or none for public clients with PKCE) or an `Authorization: Basic` header
 * (client_secret_basic). The sandbox knows one client; its secret, when configured, is checked
 * only if the caller sends one, because public clients (Home Assistant) send none (§2.4).
 */

export interface RegisteredClient {
  clientId: string;
  clientSecret?: string | undefined;
}

export type ClientCheck =
  | { ok: true; clientId: string }
  | { ok: false; status: 400 | 401; error: string; description: string };

const UNKNOWN_CLIENT = "We don't recognize this client_id and client_secret combination";

/** `Authorization: Basic` credentials (RFC 6749 §2.3.1), or undefined when absent or malformed. */
export function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both halves are form-urlencoded before joining.
  const unescape = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
  try {
    return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}

export function authenticateClient(authorization: string | undefined, form: Record<string, unknown>, client: RegisteredClient): ClientCheck {
  const basic = basicCredentials(authorization);
  const formId = typeof form.client_id === 'string' ? form.client_id : undefined;
  if (basic && formId !== undefined && formId !== basic.id) {
    return { ok: false, status: 400, error: 'invalid_request', description: 'client_id differs from the Authorization header' };
  }
  const clientId = basic?.id ?? formId;
  if (clientId !== client.clientId) return { ok: false, status: 400, error: 'unauthorized_client', description: UNKNOWN_CLIENT };
  const secret = basic?.secret ?? (typeof form.client_secret === 'string' && form.client_secret !== '' ? form.client_secret : undefined);
  if (secret !== undefined && client.clientSecret !== undefined && secret !== client.clientSecret) {
    return { ok: false, status: 401, error: 'unauthorized_client', description: UNKNOWN_CLIENT };
  }
  return { ok: true, clientId };
}
