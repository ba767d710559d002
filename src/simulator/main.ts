import { startSimulator } from './server.js';

/** `npm run simulator`: the sandbox on its own, configured from the environment. */

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

const simulator = await startSimulator({
  port: envNumber('SIMULATOR_PORT', 4001),
  seed: envNumber('SIMULATOR_SEED', 42),
  speed: envNumber('SIMULATOR_SPEED', 1),
  largeAccountSites: envNumber('SIMULATOR_LARGE_ACCOUNT_SITES', 0),
  largeAccountVehicles: envNumber('SIMULATOR_LARGE_ACCOUNT_VEHICLES', 0),
  historyDays: envNumber('SIMULATOR_HISTORY_DAYS', 1),
});

const accounts = (await (await fetch(`${simulator.url}/sim/accounts`)).json()) as Array<{
  name: string;
  region: string;
  userId: string;
  energySiteIds: string[];
  vehicles: unknown[];
}>;
console.log(`Tesla sandbox simulator listening on ${simulator.url}`);
for (const account of accounts) {
  console.log(
    `  account ${account.name} (${account.region}, user ${account.userId}): ` +
      `${account.energySiteIds.length} energy sites, ${account.vehicles.length} vehicles`,
  );
}
console.log(`  mint a token: curl -X POST ${simulator.url}/sim/accounts/demo/tokens`);
console.log(`  OIDC issuer ${simulator.url}/oauth2/v3 (consent page at /oauth2/v3/authorize)`);
console.log(`  Powerhub (modeled) ${simulator.powerhubUrl}, client derms-sandbox-powerhub (sandbox secret: see src/simulator/README.md)`);
console.log(`  regional Fleet bases ${simulator.url}/regions/{na,eu,cn}; ${simulator.url}/api/1 serves every account`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing simulator`);
  simulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
