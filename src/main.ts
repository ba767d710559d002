import { ConfigError, loadConfig, type Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { pgliteDirectory, startSeeding } from './db/pglite-template.js';
import { createLogger, type Logger } from './observability/logger.js';
import type { RunningSimulator } from './simulator/server.js';

/**
 * `npm start`: config → (sandbox: simulator) → database → bus → server → sandbox fleet.
 *
 * Only config and logging are loaded before main() runs. Loading the rest (about 1,200 modules) is
 * the longest part of a cold start, so what does not need it starts first and overlaps it: a fresh
 * embedded data directory is copied from its template on a thread of its own, then PGlite opens
 * (src/db/pglite-template.ts); the simulator, whose modules are fewer, starts while the gateway's
 * still load. The gateway then migrates the database and builds everything else as before, and
 * /readyz turns ready only once the sandbox fleet is imported (markStarted).
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = config.databaseUrl ? undefined : openEmbeddedDatabase(config.dataDir, logger);
  database?.catch(() => {}); // awaited by the gateway; a failure surfaces there
  try {
    await start(config, logger, database);
  } catch (error) {
    // Closed by the gateway once it has it; closing again is a no-op.
    await database?.then((handle) => handle.close()).catch(() => {});
    throw error;
  }
}

function openEmbeddedDatabase(dataDir: string, logger: Logger): Promise<DatabaseHandle> {
  startSeeding(pgliteDirectory(dataDir)); // copying starts now, on a thread of its own
  return import('./db/database.js').then(({ openDatabase, loggedDatabaseEvents }) => openDatabase({ dataDir, ...loggedDatabaseEvents(logger) }));
}

async function start(config: Config, logger: Logger, database: Promise<DatabaseHandle> | undefined): Promise<void> {
  const simulatorStarting =
    config.tesla.mode === 'sandbox' && !config.sandbox.simulatorUrl
      ? import('./simulator/server.js').then(({ startSimulator }) =>
          startSimulator({ port: config.simulator.port, seed: config.simulator.seed, speed: config.simulator.speed, clientId: config.tesla.clientId, clientSecret: config.tesla.clientSecret }),
        )
      : undefined;
  simulatorStarting?.catch(() => {}); // awaited below
  const [{ createGateway }, { partnerDomain }, { connectSandboxAccount, connectSandboxPowerhub, registerSandboxApp }] = await Promise.all([
    import('./gateway.js'),
    import('./connections/partner-accounts.js'),
    import('./connections/sandbox-fleet.js'),
  ]);
  let simulator: RunningSimulator | undefined;
  let simulatorUrl: string | undefined;
  let regionBaseUrls: Record<string, string> | undefined;
  if (config.tesla.mode === 'sandbox') {
    if (config.sandbox.simulatorUrl) {
      simulatorUrl = config.sandbox.simulatorUrl.replace(/\/+$/, '');
      logger.info({ url: simulatorUrl }, 'using the running sandbox simulator');
    } else {
      simulator = await simulatorStarting!;
      simulatorUrl = simulator.url;
      logger.info({ url: simulatorUrl }, 'sandbox simulator started (Tesla Fleet API, OAuth and test admin under /sim)');
    }
    regionBaseUrls = { na: `${simulatorUrl}/regions/na`, eu: `${simulatorUrl}/regions/eu`, cn: `${simulatorUrl}/regions/cn` };
    config.tesla.authIssuer ??= `${simulatorUrl}/oauth2/v3`;
    config.tesla.commandProxyUrl ??= `${simulatorUrl}/proxy`;
    config.powerhubUrl ??= `${simulatorUrl}/powerhub`;
  }
  const gateway = await createGateway(config, { logger, regionBaseUrls, database });
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await gateway.close().catch((error: unknown) => logger.error({ err: error }, 'error while closing'));
    await simulator?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const { organizationId, generatedApiKey } = await gateway.services.organizations.ensureOrganization('default', config.bootstrapApiKey);
  const { url } = await gateway.listen();
  if (simulatorUrl) {
    const registered = await registerSandboxApp(gateway, simulatorUrl, partnerDomain(config), url);
    logger.info({ domain: partnerDomain(config), regions: registered.map((o) => o.region) }, 'registered the sandbox app with the simulator (partner_accounts)');
    const { inventory } = await connectSandboxAccount(gateway.services.connections, organizationId, simulatorUrl, config.sandbox.account);
    logger.info({ account: config.sandbox.account, ...inventory }, 'sandbox fleet connected to organization "default"');
    if (gateway.services.powerhub) {
      // Not fatal: without it sites read the Fleet API, and connectPowerhub can be called later.
      await connectSandboxPowerhub(gateway.services.powerhub, organizationId).then(
        (account) => logger.info({ siteCount: account.site_count, unlinkedSiteCount: account.unlinked_site_count }, 'sandbox Powerhub connected to organization "default"'),
        (error: unknown) => logger.warn({ err: error }, 'could not connect the sandbox Powerhub'),
      );
    }
  }
  gateway.markStarted();
  logger.info(
    { graphql: `${url}/graphql`, controlRoom: `${url}/control-room`, database: gateway.database.kind, bus: gateway.bus.kind, mode: config.tesla.mode, startupMs: Math.round(performance.now()) },
    'derms-gateway ready',
  );
  if (generatedApiKey) {
    // Printed once, to the terminal only (never to the log stream): only its hash is stored.
    process.stderr.write(
      `\n  API key for organization "default" (shown once, keep it):\n\n    ${generatedApiKey}\n\n` +
        `  GraphiQL: ${url}/graphql  — add the header {"Authorization": "Bearer ${generatedApiKey}"}\n` +
        `  Control room: ${url}/control-room  — sign in with this API key\n` +
        `  Set BOOTSTRAP_API_KEY to choose your own key instead.\n\n`,
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`derms-gateway failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
