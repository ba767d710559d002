import DataLoader from 'dataloader';
import type { ApiKeySummary, OrganizationService } from './organization-service.js';

/** `createdBy` of a page of commands, dispatches or events: one query for all their keys. */
export function createApiKeyLoaders(organizations: OrganizationService, organizationId: string) {
  return {
    apiKeyById: new DataLoader<string, ApiKeySummary | null>(async (ids) => {
      const byId = new Map((await organizations.apiKeysByIds(organizationId, ids)).map((k) => [k.id, k]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type ApiKeyLoaders = ReturnType<typeof createApiKeyLoaders>;
