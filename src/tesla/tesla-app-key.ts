/**
 * Names one Tesla app at one Tesla: the client id, and the host of its Fleet API base
 * (`TESLA_FLEET_API_URL`, else the North American base — Tesla's, or a sandbox's own simulator;
 * one host stands for all regions, as Tesla counts per app). What Tesla counts per app — its billing limit, and the gateway's
 * own send budget that keeps the app under Tesla's rate limits — is keyed by it in Redis, so every
 * instance of one deployment shares it while another deployment, or a test stack with a simulator
 * of its own, on the same Redis does not draw from it.
 */
export function teslaAppKey(clientId: string, fleetApiBaseUrl: string): string {
  return `${clientId}@${new URL(fleetApiBaseUrl).host}`;
}
