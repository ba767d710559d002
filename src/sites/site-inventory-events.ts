/**
 * Bus channel of inventory discoveries: `{ organizationId }` after an account's sites were stored
 * again (import, reconnect, `refreshInventory`), so every instance drops the site rows and list
 * pages it keeps (cache/row-caches.ts) and lists the new or renamed sites at once.
 */
export const SITE_INVENTORY_CHANNEL = 'site-inventory';

/** Told after an inventory discovery stored an organization's sites. */
export interface SiteInventoryEvents {
  inventoryChanged(organizationId: string): void;
}
