/** Bus channel of connection status changes: `{ connectionId, organizationId, status }`. */
export const CONNECTION_STATUS_CHANNEL = 'connection-status';
