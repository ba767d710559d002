import { ConfigError, loadConfig } from './config.js';
import { partnerDomain } from './connections/partner-accounts.js';
import { connectSandboxAccount, connectSandboxPowerhub, registerSandboxApp } from './connections/sandbox-fleet.js';
import { createGateway } from './gateway.js';
import { createLogger } from './observability/logger.js';
import { startSimulator, type RunningSimulator } from './simulator/server.js';

/** `npm start`: config → (sandbox: simulator) → database → bus → server → sandbox fleet. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  let simulator: RunningSimulator | undefined;
  let simulatorUrl: string | undefined;
  let regionBaseUrls: Record<string, string> | undefined;
  if (config.tesla.mode === 'sandbox') {
    if (config.sandbox.simulatorUrl) {
      simulatorUrl = config.sandbox.simulatorUrl.replace(/\/+$/, '');
      logger.info({ url: simulatorUrl }, 'using the running sandbox simulator');
    } else {
      simulator = await startSimulator({ port: config.simulator.port, seed: config.simulator.seed, speed: config.simulator.speed, clientId: config.tesla.clientId, clientSecret: config.tesla.clientSecret });
      simulatorUrl = simulator.url;
      logger.info({ url: simulatorUrl }, 'sandbox simulator started (Tesla Fleet API, OAuth and test admin under /sim)');
    }
    regionBaseUrls = { na: `${simulatorUrl}/regions/na`, eu: `${simulatorUrl}/regions/eu`, cn: `${simulatorUrl}/regions/cn` };
    config.tesla.authIssuer ??= `${simulatorUrl}/oauth2/v3`;
    config.tesla.commandProxyUrl ??= `${simulatorUrl}/proxy`;
    config.powerhubUrl ??= `${simulatorUrl}/powerhub`;
  }
  const gateway = await createGateway(config, { logger, regionBaseUrls });
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
  logger.info({ graphql: `${url}/graphql`, database: gateway.database.kind, bus: gateway.bus.kind, mode: config.tesla.mode }, 'derms-gateway ready');
  if (generatedApiKey) {
    // Printed once, to the terminal only (never to the log stream): only its hash is stored.
    process.stderr.write(
      `\n  API key for organization "default" (shown once, keep it):\n\n    ${generatedApiKey}\n\n` +
        `  GraphiQL: ${url}/graphql  — add the header {"Authorization": "Bearer ${generatedApiKey}"}\n` +
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
