import { randomBytes } from 'node:crypto';

/**
 * Authorization requests waiting for the user on the consent page. The page carries only a
 * `request_id`, so what the client asked for (redirect_uri, PKCE challenge, nonce…) cannot be
 * altered by editing the form.
 */

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  /** Requested scopes, in request order, without duplicates. */
  scopes: string[];
  state: string;
  nonce?: string;
  /** S256 challenge; absent when the client does not use PKCE. */
  codeChallenge?: string;
  promptMissingScopes: boolean;
  requireRequestedScopes: boolean;
  locale: string;
}

/** Long enough for a person to read the page; simulated time, like everything else. */
const PENDING_LIFETIME_MS = 60 * 60_000;

export class AuthorizeRequestStore {
  private readonly pending = new Map<string, { request: AuthorizeRequest; expiresAt: number }>();

  save(request: AuthorizeRequest, now: number): string {
    const id = randomBytes(16).toString('hex');
    this.pending.set(id, { request, expiresAt: now + PENDING_LIFETIME_MS });
    return id;
  }

  get(id: string, now: number): AuthorizeRequest | undefined {
    const entry = this.pending.get(id);
    return entry && entry.expiresAt > now ? entry.request : undefined;
  }

  /** A request is answered once; a resubmitted form gets the "start again" page. */
  delete(id: string): void {
    this.pending.delete(id);
  }

  clear(): void {
    this.pending.clear();
  }
}
