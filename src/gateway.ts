import { RowCaches, withCachedPowerhubLinks } from './cache/row-caches.js';
import { SITE_INVENTORY_CHANNEL } from './sites/site-inventory-events.js';
import { SiteReserves } from './telemetry/site-reserves.js';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Bus } from './bus/bus.js';
import { openBus } from './bus/open-bus.js';
import { SharedCache } from './bus/shared-cache.js';
import type { Config } from './config.js';
import { ConnectionService } from './connections/connection-service.js';
import { CommandQueue } from './commands/command-queue.js';
import { CommandRateLimits } from './commands/command-rate-limits.js';
import { CommandRunner } from './commands/command-runner.js';
import { CommandService } from './commands/command-service.js';
import { CloseStack } from './close-stack.js';
import { DispatchService } from './dispatch/dispatch-service.js';
import { DispatchSteps } from './dispatch/dispatch-steps.js';
import { EventOverrides } from './programs/event-overrides.js';
import { EventPerformanceService } from './programs/event-performance-service.js';
import { PROGRAM_EVENT_QUEUE, ProgramEventService, type EventJob } from './programs/program-event-service.js';
import { ProgramService } from './programs/program-service.js';
import { handlePerformanceCsv, PERFORMANCE_CSV_PATTERN } from './programs/performance-routes.js';
import { CONTROL_ROOM_PATTERN, handleControlRoom } from './control-room/control-room-routes.js';
import { NO_POWERHUB } from './programs/powerhub-transport.js';
import { PowerhubService } from './powerhub/powerhub-service.js';
import { ConnectFlow } from './connections/connect-flow.js';
import { handleReconnectLink, handleTeslaCallback } from './connections/connect-routes.js';
import { ConnectionTokens } from './connections/connection-tokens.js';
import { FleetClients, TESLA_REGION_BASE_URLS } from './connections/fleet-clients.js';
import { registerTeslaApp } from './connections/partner-accounts.js';
import { TeslaApps } from './connections/tesla-apps.js';
import { ApiKeyRevocations } from './organizations/api-key-revocations.js';
import { CONNECTION_STATUS_CHANNEL } from './connections/connection-events.js';
import { chinaRevokeConsentUrl, ReconnectLinks } from './connections/reconnect-links.js';
import { loadTokenVault } from './connections/token-vault.js';
import { loggedDatabaseEvents, openDatabase, type DatabaseHandle } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import type { TeslaConnectionRow } from './db/tables.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics, registerGauges, type Metrics } from './observability/metrics.js';
import { OrganizationService } from './organizations/organization-service.js';
import type { Services } from './server/context.js';
import { createHttpServer } from './server/http-server.js';
import { attachWebSocketServer } from './server/websocket-server.js';
import { TelemetryFeed } from './telemetry/telemetry-feed.js';
import { HistoryBackfillBudget } from './telemetry/history-budget.js';
import { TelemetryHistory } from './telemetry/telemetry-history.js';
import { TelemetryInterest } from './telemetry/telemetry-interest.js';
import { TelemetryRetention } from './telemetry/telemetry-retention.js';
import { TeslaBilling } from './tesla/tesla-billing.js';
import { teslaAppKey } from './tesla/tesla-app-key.js';
import { TelemetryScheduler } from './telemetry/telemetry-scheduler.js';
import { TelemetryStore } from './telemetry/telemetry-store.js';
import { createGraphqlHandler } from './server/yoga.js';
import { SiteService } from './sites/site-service.js';
import { loadIntegratorPublicKey } from './vehicles/integrator-public-key.js';
import { onSkippedTeslaField } from './tesla/responses.js';
import { VehicleService } from './vehicles/vehicle-service.js';

/** Retries of a command whose send failed transiently (Tesla 5xx, timeouts, rate limits). */
const COMMAND_RETRY_LIMIT = 4;

export { CONNECTION_STATUS_CHANNEL } from './connections/connection-events.js';

/** Tesla's page where an owner revokes (or updates) the access granted to one application. */
function revokeConsentUrl(clientId: string): string {
  return `https://auth.tesla.com/user/revoke/consent?revoke_client_id=${encodeURIComponent(clientId)}`;
}

/** Without Redis (or if a publish is lost), a revoked key's open WebSockets close within this. */
const API_KEY_REVOCATION_SWEEP_MS = 10_000;

export interface GatewayOptions {
  logger?: Logger;
  /** Fleet API base per region; sandbox points every region at the simulator. */
  regionBaseUrls?: Record<string, string>;
  /** Keep the embedded database in memory instead of DATA_DIR (tests). */
  inMemoryDatabase?: boolean;
  /**
   * The database, already opening (`npm start` opens the embedded one while the gateway's modules
   * load) instead of opening one from the config. The gateway migrates it and closes it, as its own.
   */
  database?: Promise<DatabaseHandle>;
}

export interface Gateway {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  database: DatabaseHandle;
  bus: Bus;
  services: Services;
  /** Starts serving; resolves with the URL once the port is bound. */
  listen(): Promise<{ url: string; port: number }>;
  /** Marks start-up work (e.g. the sandbox fleet) done: /readyz turns ready. */
  markStarted(): void;
  /** Tesla's partner registration in every region, for PUBLIC_URL's host (sandbox start-up, tests). */
  registerTeslaApp(): ReturnType<typeof registerTeslaApp>;
  close(): Promise<void>;
}

/**
 * Wires config → database (migrated) → bus → services → workers → HTTP server, without listening
 * yet. Each part is put on one close stack as it starts: a failure half-way closes what started.
 */
export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const stack = new CloseStack(logger);
  try {
    return await startGateway(config, options, logger, stack);
  } catch (error) {
    await stack.closeAll();
    throw error;
  }
}

/** `/readyz`'s `teslaBilling`: reported (degraded), never failing readiness (see ReadinessCheck.advisory). */
async function billingCheck(billing: TeslaBilling): Promise<void> {
  const state = await billing.state();
  if (state.exceeded) {
    throw new Error(`Tesla answered "${state.teslaError}" since ${state.since}; telemetry polling paused until ${state.pausedUntil}`);
  }
}

async function startGateway(config: Config, options: GatewayOptions, logger: Logger, stack: CloseStack): Promise<Gateway> {
  const metrics = createMetrics();
  // What Tesla sent that could not be read is skipped, not fatal; each kind is logged once.
  onSkippedTeslaField((skipped) => logger.warn(skipped, 'skipped a field Tesla sent that the gateway could not read'));
  const dataDir = options.inMemoryDatabase ? undefined : config.dataDir;
  const database = await (options.database ?? openDatabase({ databaseUrl: config.databaseUrl, dataDir, ...loggedDatabaseEvents(logger) }));
  stack.defer('database', () => database.close());
  const applied = await migrateToLatest(database.db);
  if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  const bus = openBus(config.redisUrl);
  stack.defer('bus', () => bus.close());
  if (bus.kind === 'memory') logger.warn('REDIS_URL is not set: using the in-process bus and cache (single instance only)');

  const cache = new SharedCache(bus);
  const vault = await loadTokenVault(config.tokenEncryptionKey, config.tesla.mode === 'sandbox' ? dataDir : undefined);
  const regionBaseUrls = options.regionBaseUrls ?? TESLA_REGION_BASE_URLS;
  const appKey = teslaAppKey(config.tesla.clientId, config.tesla.fleetApiUrl ?? regionBaseUrls['na'] ?? TESLA_REGION_BASE_URLS['na']!);
  const billing = new TeslaBilling(bus, config.upstream.billingPauseMs, logger, appKey);
  const clients = new FleetClients(config, metrics, regionBaseUrls, billing);
  const apps = new TeslaApps(config, regionBaseUrls);
  if (!apps.global) logger.warn('TESLA_AUTH_ISSUER is not set: connect links and token refresh are off');
  // The app that holds a `cn` account's consent is China's: so is its revoke page.
  const links = new ReconnectLinks(vault, () => config.publicUrl, revokeConsentUrl(config.tesla.clientId), config.tesla.cn ? chinaRevokeConsentUrl(config.tesla.cn.clientId) : null);
  // Per instance, for request reads only (README "Performance"): rows, site lists and Powerhub links.
  const rows = new RowCaches(bus, config.caches.rowTtlMs);
  const events = {
    // Subscribers (connectionStatusChanged) listen on the bus, on every instance.
    statusChanged: (row: TeslaConnectionRow) =>
      void bus
        .publish(CONNECTION_STATUS_CHANNEL, JSON.stringify({ connectionId: row.id, organizationId: row.organization_id, status: row.status }))
        .catch((error: unknown) => logger.warn({ err: error }, 'could not publish a connection status change')),
    // This instance forgets its site lists at once; the others when the bus tells them.
    inventoryChanged: (organizationId: string) => {
      rows.inventoryChanged();
      void bus.publish(SITE_INVENTORY_CHANNEL, JSON.stringify({ organizationId })).catch((error: unknown) => logger.warn({ err: error }, 'could not publish an inventory change'));
    },
  };
  const tokens = new ConnectionTokens(database.db, vault, bus, apps, logger, events, links, config.tesla.tokenRefreshMarginMs, config.caches.rowTtlMs);
  const connections = new ConnectionService(database.db, vault, clients, tokens, links, logger, events);
  const sites = new SiteService(database.db, connections, cache, config.upstream.cacheTtlMs, metrics);
  const vehicles = new VehicleService(database.db, connections, cache, config.upstream.cacheTtlMs, metrics, () => new URL(config.publicUrl).hostname);
  const queue = new CommandQueue(database.raw, logger, {
    pollingIntervalSeconds: config.commands.pollingIntervalS,
    retryLimit: COMMAND_RETRY_LIMIT,
    expireInSeconds: config.commands.jobExpireS,
    maintenanceIntervalSeconds: config.commands.maintenanceIntervalS,
  });
  const instanceId = randomUUID();
  const telemetryIntervalMs = config.telemetryIntervalS * 1000;
  const telemetryStore = new TelemetryStore(database.db);
  const interest = new TelemetryInterest(bus, instanceId, telemetryIntervalMs, logger);
  const scheduler = config.roles.worker
    ? new TelemetryScheduler(bus, interest, telemetryStore, sites, logger, metrics, { instanceId, intervalMs: telemetryIntervalMs, concurrency: config.telemetryConcurrency, billing })
    : null;
  const retention = config.roles.worker ? new TelemetryRetention(bus, telemetryStore, config.telemetryRetentionDays, instanceId, logger) : null;
  const historyBudget = new HistoryBackfillBudget({
    dashboardPerMinute: config.historyBackfill.perMinute,
    settlementPerMinute: config.historyBackfill.settlementPerMinute,
    redisUrl: config.redisUrl,
  });
  stack.defer('history backfill budget', () => historyBudget.close());
  const telemetryHistory = new TelemetryHistory(telemetryStore, sites, cache, bus, historyBudget, { retentionDays: config.telemetryRetentionDays, billing });
  const telemetryFeed = new TelemetryFeed(bus, interest, telemetryIntervalMs);
  const dispatches = new DispatchService(database.db, queue, sites, connections, bus);
  const powerhubService = config.powerhubUrl
    ? new PowerhubService(database.db, vault, bus, metrics, logger, {
        baseUrl: config.powerhubUrl,
        cacheTtlMs: config.upstream.cacheTtlMs,
        timeoutMs: config.upstream.timeoutMs,
        retries: config.upstream.retries,
        backoffMs: config.upstream.backoffMs,
        maxRetryAfterS: config.upstream.maxRetryAfterS,
      })
    : null;
  const powerhub = powerhubService ?? NO_POWERHUB;
  const programs = new ProgramService(database.db, sites, connections, powerhub);
  const eventPerformance = new EventPerformanceService(database.db, sites, connections, telemetryStore, telemetryHistory, powerhub, logger);
  const programEvents = new ProgramEventService(
    database.db,
    queue,
    programs,
    dispatches,
    sites,
    powerhub,
    interest,
    eventPerformance,
    new EventOverrides(database.db, sites, dispatches, telemetryFeed, logger),
    bus,
    logger,
    { ...config.programs, telemetryIntervalMs },
  );
  const services: Services = {
    gatewayBus: bus,
    telemetry: telemetryFeed,
    telemetryHistory,
    organizations: new OrganizationService(database.db, bus, { authCacheTtlMs: config.caches.authTtlMs }),
    connections,
    connectFlow: new ConnectFlow(database.db, vault, apps, connections, logger, links),
    commands: new CommandService(database.db, queue, sites, vehicles, connections, bus),
    dispatches,
    programs,
    programEvents,
    eventPerformance,
    sites,
    vehicles,
    powerhub: powerhubService,
    requestDeadlineMs: config.requestDeadlineMs,
    siteReserves: new SiteReserves(sites, connections),
    rows,
    powerhubReads: powerhubService && withCachedPowerhubLinks(powerhubService, rows),
  };

  registerGauges(metrics, {
    watchedSites: () => interest.localSiteCount,
    polledSites: () => scheduler?.polledSiteCount ?? 0,
    openCommands: () => services.commands.openCommandCounts(),
    teslaBillingLimitExceeded: async () => (await billing.state()).exceeded,
  });

  const limits = new CommandRateLimits({ ...config.commands.rateLimits, redisUrl: config.redisUrl, appKey });
  stack.defer('command rate limits', () => limits.close());
  await queue.start();
  stack.defer('job queue', () => queue.stop());
  await queue.createQueue(PROGRAM_EVENT_QUEUE, { retryLimit: COMMAND_RETRY_LIMIT });
  stack.defer('telemetry interest', () => interest.close());
  if (config.roles.worker) {
    const dispatchSteps = new DispatchSteps(database.db, sites, connections, logger, {
      verifyIntervalMs: config.commands.dispatchVerifyIntervalMs,
      verifyPolls: config.commands.dispatchVerifyPolls,
      telemetryInterest: interest,
    });
    const runner = new CommandRunner(database.db, sites, vehicles, connections, bus, logger, queue, limits, {
      maxAttempts: COMMAND_RETRY_LIMIT + 1,
      commandProxyUrl: config.tesla.commandProxyUrl,
      wakeTimeoutMs: config.commands.wakeTimeoutMs,
      handlers: dispatchSteps.handlers(),
    });
    await queue.work((job) => runner.run(job.commandId), config.commands.concurrency);
    await queue.workOn<EventJob>(PROGRAM_EVENT_QUEUE, (job) => programEvents.runJob(job), 2);
  }
  if (scheduler) {
    await scheduler.start();
    stack.defer('telemetry scheduler', () => scheduler.close());
  }
  if (retention) {
    retention.start();
    stack.defer('telemetry retention', () => retention.close());
  }

  const publicKeyPem = await loadIntegratorPublicKey({ publicKeyFile: config.tesla.publicKeyFile, sandbox: config.tesla.mode === 'sandbox', dataDir });
  const origins = { corsOrigins: config.exposure.corsOrigins, publicUrl: () => config.publicUrl };
  const yoga = createGraphqlHandler(services, logger, { introspection: config.exposure.introspection, origins });
  let started = false;
  const server = createHttpServer({
    graphql: yoga,
    routes: {
      '/oauth/tesla/callback': (req, res) => handleTeslaCallback(req, res, services.connectFlow, config.publicUrl, logger),
      '/oauth/tesla/connect': (req, res) => handleReconnectLink(req, res, services.connectFlow, config.publicUrl),
    },
    paramRoutes: [
      { route: '/events/:id/performance.csv', pattern: PERFORMANCE_CSV_PATTERN, handler: (req, res, id) => handlePerformanceCsv(req, res, id, services) },
      // The live web console (src/control-room), a same-origin client of the public API.
      { route: '/control-room', pattern: CONTROL_ROOM_PATTERN, handler: (req, res, file) => handleControlRoom(req, res, file) },
    ],
    metrics,
    logger,
    publicKeyPem,
    exposure: { maxRequestBytes: config.exposure.maxRequestBytes, origins },
    isStarted: () => started,
    readiness: [
      { name: 'database', check: database.ping },
      { name: 'bus', check: () => bus.ping() },
      { name: 'teslaBilling', advisory: true, check: () => billingCheck(billing) },
    ],
  });

  stack.defer(
    'http server',
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  let keysInUse: () => string[] = () => [];
  const revocations = new ApiKeyRevocations(bus, {
    keysInUse: () => keysInUse(),
    revokedAmong: (ids) => services.organizations.revokedAmong(ids),
    sweepIntervalMs: API_KEY_REVOCATION_SWEEP_MS,
  });
  await revocations.start();
  stack.defer('API key revocations', () => revocations.close());
  const websockets = attachWebSocketServer(server, yoga, services, logger, metrics, { maxPayload: config.exposure.maxRequestBytes, origins }, revocations);
  keysInUse = websockets.keysInUse;
  stack.defer('websockets', () => websockets.close());

  return {
    config,
    logger,
    metrics,
    database,
    bus,
    services,
    registerTeslaApp: () => registerTeslaApp(config, clients, apps, regionBaseUrls, publicKeyPem),
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
          resolve({ url: `http://${host}:${port}`, port });
        });
      }),
    markStarted: () => {
      started = true;
    },
    close: () => stack.closeAll(),
  };
}
