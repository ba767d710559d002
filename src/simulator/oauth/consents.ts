/**
 * What each account has agreed to share with each client: one consent per (account, client),
 * holding the granted scopes. Tesla reuses it on later authorizations (unless the app asks with
 * `prompt_missing_scopes`), and refreshes read its *current* scopes, so an owner who narrows the
 * consent at Tesla affects new access tokens from existing refresh tokens (tesla-fleet-api.md §2.5).
 */

export interface Consent {
  accountName: string;
  clientId: string;
  scopes: string[];
  /** Simulated epoch ms of the last change. */
  updatedAt: number;
}

export class ConsentStore {
  private readonly consents = new Map<string, Consent>();

  get(accountName: string, clientId: string): Consent | undefined {
    return this.consents.get(key(accountName, clientId));
  }

  set(accountName: string, clientId: string, scopes: readonly string[], now: number): Consent {
    const consent = { accountName, clientId, scopes: [...new Set(scopes)], updatedAt: now };
    this.consents.set(key(accountName, clientId), consent);
    return consent;
  }

  remove(accountName: string, clientId: string): boolean {
    return this.consents.delete(key(accountName, clientId));
  }

  clear(): void {
    this.consents.clear();
  }
}

const key = (accountName: string, clientId: string) => `${accountName}\u0000${clientId}`;
