import type { PowerhubService } from '../powerhub/powerhub-service.js';
import type { PartnerRegistrationOutcome } from '../tesla/partner-registration.js';
import type { ConnectionService } from './connection-service.js';

/**
 * Sandbox start-up: asks the simulator for a token pair of one of its accounts (what a finished
 * consent would yield) and imports it through the same path as a real Tesla account, so sites and
 * vehicles are discovered over HTTP like in live mode.
 */
export async function connectSandboxAccount(connections: ConnectionService, organizationId: string, simulatorUrl: string, account = 'demo') {
  const response = await fetch(`${simulatorUrl}/sim/accounts/${encodeURIComponent(account)}/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!response.ok) throw new Error(`the simulator refused a token for account ${account}: HTTP ${response.status}`);
  const tokens = (await response.json()) as { access_token: string; refresh_token?: string };
  return connections.importConnection({ organizationId, accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? null });
}

/** The simulator's Powerhub client credentials (src/simulator/powerhub/powerhub.ts): sandbox only. */
export const SANDBOX_POWERHUB_CLIENT_ID = 'derms-sandbox-powerhub';
export const SANDBOX_POWERHUB_CLIENT_SECRET = 'derms-sandbox-powerhub-secret';

/**
 * Sandbox start-up, after the fleet: connects the simulator's Powerhub with its sandbox
 * credentials through the same path as `connectPowerhub`, so the fleet's sites are linked.
 */
export function connectSandboxPowerhub(powerhub: PowerhubService, organizationId: string) {
  return powerhub.connectPowerhub(organizationId, { clientId: SANDBOX_POWERHUB_CLIENT_ID, clientSecret: SANDBOX_POWERHUB_CLIENT_SECRET });
}

/**
 * Sandbox start-up, once the gateway listens: the simulator starts like a new Tesla app, registered
 * nowhere (412 everywhere), so the gateway registers through Tesla's real partner flow — after
 * telling the simulator where this domain's well-known key is served (Tesla would fetch
 * https://<domain>; a sandbox gateway listens on a port). A demo never sees a 412.
 */
export async function registerSandboxApp(
  gateway: { registerTeslaApp(): Promise<{ domain: string; outcomes: PartnerRegistrationOutcome[] }> },
  simulatorUrl: string,
  domain: string,
  gatewayUrl: string,
): Promise<PartnerRegistrationOutcome[]> {
  await tellSimulatorPartnerDomain(simulatorUrl, domain, gatewayUrl);
  const { outcomes } = await gateway.registerTeslaApp();
  const failed = outcomes.filter((o) => o.status !== 'registered');
  if (failed.length) throw new Error(`sandbox partner registration failed: ${failed.map((o) => `${o.region}: ${o.message}`).join('; ')}`);
  return outcomes;
}

/** Where the simulator fetches `domain`'s well-known key (Tesla would fetch https://<domain>). */
export async function tellSimulatorPartnerDomain(simulatorUrl: string, domain: string, origin: string): Promise<void> {
  const told = await fetch(`${simulatorUrl}/sim/partner-domains`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ domain, origin }),
  });
  if (!told.ok) throw new Error(`the simulator refused the partner domain ${domain}: HTTP ${told.status}`);
}
