/**
 * What programs need of Powerhub (DESIGN §11), per organization: which sites are linked to it, and
 * one dispatch for an event's sites. Implemented by the Powerhub domain (src/powerhub/); programs
 * know nothing of its client or tokens.
 */
export interface PowerhubTransport {
  /** The Powerhub site id of each of these sites that is linked for the organization. */
  linkedSites(organizationId: string, siteIds: readonly string[]): Promise<Map<string, string>>;
  createDispatch(
    organizationId: string,
    input: { powerhubSiteIds: string[]; mode: 'discharge' | 'charge'; perSiteKw: number; start: Date; end: Date; idempotencyKey: string },
  ): Promise<{ dispatchId: string; sites: { siteId: string; status: 'accepted' | 'rejected'; reason: string | null }[] }>;
  getDispatch(organizationId: string, dispatchId: string): Promise<{ state: string; sites: { siteId: string; status: string; reason: string | null; deliveredKwh: number | null }[] }>;
  cancelDispatch(organizationId: string, dispatchId: string): Promise<void>;
}

/** Until an organization connects Powerhub (or with POWERHUB_URL unset): nothing is linked. */
export const NO_POWERHUB: PowerhubTransport = {
  linkedSites: async () => new Map(),
  createDispatch: async () => {
    throw new Error('Powerhub is not configured');
  },
  getDispatch: async () => {
    throw new Error('Powerhub is not configured');
  },
  cancelDispatch: async () => {
    throw new Error('Powerhub is not configured');
  },
};
