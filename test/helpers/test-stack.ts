import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../src/config.js';
import { partnerDomain } from '../../src/connections/partner-accounts.js';
import { registerSandboxApp } from '../../src/connections/sandbox-fleet.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { createLogger } from '../../src/observability/logger.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/server.js';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { executeOperation, type GraphqlResponse } from './graphql-client.js';
import { SimulatorAdmin } from './simulator-admin.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestOrganization {
  organizationId: string;
  apiKey: string;
}

export interface TestStack {
  gateway: Gateway;
  gatewayUrl: string;
  simulator: RunningSimulator;
  sim: SimulatorAdmin;
  /** A new organization with an admin API key. */
  createOrganization(name?: string): Promise<TestOrganization>;
  /** Connects a simulator account to an organization through the real import path. */
  connectAccount(organizationId: string, account: string, scopes?: string[]): Promise<{ connectionId: string; accessToken: string }>;
  /** An organization with the demo fleet connected: what most tests start from. */
  demoOrganization(): Promise<TestOrganization & { connectionId: string; accessToken: string }>;
  /** The organization's first site with a battery (by name): what most telemetry and command tests act on. */
  firstBatterySite(apiKey: string): Promise<{ id: string; energySiteId: string; timeZone: string }>;
  execute<TResult, TVariables>(document: TypedDocumentNode<TResult, TVariables> | string, variables?: TVariables, apiKey?: string): Promise<GraphqlResponse<TResult>>;
  /** True with real Postgres and Redis: then more gateway instances can share this stack's state. */
  sharesState: boolean;
  /** The stack's own Postgres database (unset on PGlite), and the token key every instance shares. */
  databaseUrl: string | undefined;
  tokenEncryptionKey: string;
  /** Another instance on the same Postgres and Redis; `env` overrides its settings (e.g. ROLES). */
  addGatewayInstance(env?: Record<string, string>): Promise<{ gateway: Gateway; url: string }>;
  close(): Promise<void>;
}

const FIRST_BATTERY_SITE = `query { sites(first: 1, filter: { hasBattery: true }) { edges { node { id energySiteId timeZone } } } }`;

/** Shapes of secrets: Tesla JWTs, region-prefixed refresh tokens, our API keys. */
const SECRET_PATTERNS: [string, RegExp][] = [
  ['a JWT', /eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]*/],
  ['a Tesla refresh token', /\b(?:NA|EU|CN)_[\w-]{20,}/],
  ['an API key', /dgw_[\w-]{20,}/],
];

/** Every test stack's whole log is checked: a token in a log line fails the test file. */
function assertNoSecretsIn(log: string): void {
  for (const [what, pattern] of SECRET_PATTERNS) {
    const match = pattern.exec(log);
    if (match) throw new Error(`the gateway logged ${what} (…${match[0].slice(-6)}) near: ${log.slice(Math.max(0, match.index - 200), match.index).slice(-200)}`);
  }
}

export interface TestStackOptions {
  simulator?: SimulatorOptions;
  /** Extra environment for the gateway's config (e.g. UPSTREAM_TIMEOUT_MS). */
  env?: Record<string, string>;
  /** Environment that depends on the simulator's URL (known only once it listens). */
  envFromSimulator?: (simulatorUrl: string) => Record<string, string>;
  /** Receives every log line of the gateway (at LOG_LEVEL, e.g. 'debug'). */
  logStream?: { write(line: string): void };
  /** Default true: register the app with the simulator (partner_accounts) as `npm start` does; false leaves every region answering 412. */
  registerApp?: boolean;
}

/**
 * Boots the real thing on ephemeral ports: the simulator, and a gateway talking to it over HTTP,
 * on real Postgres/Redis when DATABASE_URL/REDIS_URL are set, else PGlite and the in-process bus.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const simulator = await startSimulator({ port: 0, seed: 42, ...options.simulator });
  const logLines: string[] = [];
  const logCapture = {
    write(line: string) {
      logLines.push(line);
      options.logStream?.write(line);
      if (process.env['TEST_LOG']) process.stdout.write(line);
    },
  };
  let database: TestDatabase | undefined;
  let gateway: Gateway | undefined;
  try {
    database = await createTestDatabase();
    const env: Record<string, string> = {
      PORT: '0',
      HOST: '127.0.0.1',
      // Everything is logged (and scanned for secrets at close); TEST_LOG=1 also prints it.
      LOG_LEVEL: 'debug',
      TESLA_MODE: 'sandbox',
      UPSTREAM_TIMEOUT_MS: '2000',
      UPSTREAM_RETRIES: '2',
      // Shared by every instance of this stack, as it would be in production.
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
      ...options.env,
      ...options.envFromSimulator?.(simulator.url),
    };
    const boot = async (overrides: Record<string, string> = {}) => {
      const config: Config = loadConfig({ ...env, ...overrides });
      config.upstream.backoffMs = 20;
      config.tesla.authIssuer ??= `${simulator.url}/oauth2/v3`;
      config.tesla.commandProxyUrl ??= simulator.proxyUrl;
      config.powerhubUrl ??= simulator.powerhubUrl;
      const instance = await createGateway(config, {
        logger: createLogger(config.logLevel, logCapture),
        regionBaseUrls: { na: `${simulator.url}/regions/na`, eu: `${simulator.url}/regions/eu`, cn: `${simulator.url}/regions/cn` },
        inMemoryDatabase: true,
      });
      const { url } = await instance.listen();
      // Only now is the port known: the OAuth callback and reconnect links point at it.
      config.publicUrl = url;
      config.tesla.redirectUri = `${url}/oauth/tesla/callback`;
      instance.markStarted();
      return { gateway: instance, url };
    };
    const first = await boot();
    gateway = first.gateway;
    const gatewayUrl = first.url;
    // The simulator starts registered nowhere, like a new Tesla app: register as `npm start` does.
    if (options.registerApp !== false) await registerSandboxApp(gateway, simulator.url, partnerDomain(gateway.config), gatewayUrl);
    const extraInstances: Gateway[] = [];
    const sharesState = Boolean(database.url && env['REDIS_URL']);
    const sim = new SimulatorAdmin(simulator.url);
    const g = gateway;
    let orgCounter = 0;

    const createOrganization = async (name = `org-${++orgCounter}-${Date.now()}`) => {
      const org = await g.services.organizations.createOrganization(name);
      const { apiKey } = await g.services.organizations.createApiKey(org.id);
      return { organizationId: org.id, apiKey };
    };
    const connectAccount = async (organizationId: string, account: string, scopes?: string[]) => {
      const tokens = await sim.mintTokens(account, scopes ? { scopes } : {});
      const { connection } = await g.services.connections.importConnection({
        organizationId,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
      });
      return { connectionId: connection.id, accessToken: tokens.access_token };
    };
    const db = database;
    return {
      gateway,
      gatewayUrl,
      simulator,
      sim,
      createOrganization,
      connectAccount,
      demoOrganization: async () => {
        const org = await createOrganization();
        return { ...org, ...(await connectAccount(org.organizationId, 'demo')) };
      },
      execute: (document, variables, apiKey) => executeOperation(gatewayUrl, document, variables, apiKey),
      firstBatterySite: async (apiKey) => {
        const result = await executeOperation(gatewayUrl, FIRST_BATTERY_SITE, {}, apiKey);
        const site = (result.data as { sites: { edges: { node: { id: string; energySiteId: string; timeZone: string } }[] } } | undefined)?.sites.edges[0]?.node;
        if (!site) throw new Error(`no battery site: ${JSON.stringify(result.errors)}`);
        return site;
      },
      sharesState,
      databaseUrl: database.url ?? undefined,
      tokenEncryptionKey: env['TOKEN_ENCRYPTION_KEY']!,
      addGatewayInstance: async (overrides) => {
        if (!sharesState) throw new Error('a second instance needs DATABASE_URL and REDIS_URL');
        const extra = await boot(overrides);
        extraInstances.push(extra.gateway);
        return extra;
      },
      close: async () => {
        for (const extra of extraInstances) await extra.close();
        await g.close();
        await simulator.close();
        await db.drop();
        assertNoSecretsIn(logLines.join(''));
      },
    };
  } catch (error) {
    await gateway?.close().catch(() => {});
    await simulator.close();
    await database?.drop().catch(() => {});
    throw error;
  }
}
