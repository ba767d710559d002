import type { Config } from '../config.js';
import { createMetrics } from '../observability/metrics.js';
import { loadIntegratorPublicKey } from '../vehicles/integrator-public-key.js';
import { FleetClients, TESLA_REGION_BASE_URLS } from './fleet-clients.js';
import { partnerDomain, registerTeslaApp } from './partner-accounts.js';
import { tellSimulatorPartnerDomain } from './sandbox-fleet.js';
import { TeslaApps } from './tesla-apps.js';

/**
 * `npm run admin -- tesla:register`: Tesla's one-time partner registration for every region the app
 * serves, with the live configuration (TESLA_CLIENT_ID, TESLA_CLIENT_SECRET, PUBLIC_URL,
 * TESLA_PUBLIC_KEY_FILE), printing the outcome per region. Needs no database. Against a running
 * sandbox simulator (SIMULATOR_URL) it does the same with the sandbox app. Returns false when a
 * region did not end registered with the key this gateway serves.
 */
export async function runTeslaRegister(config: Config, print: (line: string) => void): Promise<boolean> {
  let regionBaseUrls: Record<string, string> = TESLA_REGION_BASE_URLS;
  if (config.tesla.mode === 'sandbox') {
    const simulatorUrl = config.sandbox.simulatorUrl?.replace(/\/+$/, '');
    if (!simulatorUrl) {
      print('sandbox mode: `npm start` registers with its simulator by itself. Set SIMULATOR_URL to register with a running simulator, or TESLA_CLIENT_ID / TESLA_CLIENT_SECRET for Tesla.');
      return false;
    }
    regionBaseUrls = { na: `${simulatorUrl}/regions/na`, eu: `${simulatorUrl}/regions/eu`, cn: `${simulatorUrl}/regions/cn` };
    config.tesla.authIssuer ??= `${simulatorUrl}/oauth2/v3`;
    // The simulator fetches the key where PUBLIC_URL serves it (Tesla: https://<domain>).
    await tellSimulatorPartnerDomain(simulatorUrl, partnerDomain(config), new URL(config.publicUrl).origin);
  }
  const publicKeyPem = await loadIntegratorPublicKey({ publicKeyFile: config.tesla.publicKeyFile, sandbox: config.tesla.mode === 'sandbox', dataDir: config.dataDir });
  const clients = new FleetClients(config, createMetrics(), regionBaseUrls);
  const { domain, outcomes, skipped } = await registerTeslaApp(config, clients, new TeslaApps(config, regionBaseUrls), regionBaseUrls, publicKeyPem);
  print(`Tesla partner registration of ${domain} (client ${config.tesla.clientId}):`);
  for (const outcome of outcomes) {
    const label = outcome.status === 'registered' ? 'registered' : outcome.status === 'key_mismatch' ? 'KEY MISMATCH' : 'FAILED';
    print(`  ${outcome.region.padEnd(10)} ${label.padEnd(12)} ${outcome.baseUrl}  ${outcome.message}`);
  }
  for (const region of skipped) print(`  skipped    ${region}`);
  const ok = outcomes.length > 0 && outcomes.every((o) => o.status === 'registered');
  print(ok ? 'done: Fleet API calls will no longer answer 412 in these regions.' : 'not done: fix what is reported above and run tesla:register again.');
  return ok;
}
