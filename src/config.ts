import { z } from 'zod';

/**
 * Environment → typed configuration (DESIGN §3). Sandbox-only values that depend on where the
 * simulator listens (issuer, Fleet API URL) are filled in by `main.ts` once the simulator is up.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().min(1).optional(),
  REDIS_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().default('./.data'),
  TESLA_MODE: z.enum(['sandbox', 'live']).optional(),
  TESLA_CLIENT_ID: z.string().min(1).optional(),
  TESLA_CLIENT_SECRET: z.string().min(1).optional(),
  TESLA_REDIRECT_URI: z.string().url().optional(),
  TESLA_AUTH_ISSUER: z.string().url().optional(),
  TESLA_TOKEN_URL: z.string().url().optional(),
  TESLA_FLEET_API_URL: z.string().url().optional(),
  TESLA_COMMAND_PROXY_URL: z.string().url().optional(),
  TESLA_PUBLIC_KEY_FILE: z.string().optional(),
  TESLA_CN_CLIENT_ID: z.string().min(1).optional(),
  TESLA_CN_CLIENT_SECRET: z.string().min(1).optional(),
  TESLA_CN_AUTH_ISSUER: z.string().url().optional(),
  TESLA_CN_TOKEN_URL: z.string().url().optional(),
  POWERHUB_URL: z.string().url().optional(),
  PUBLIC_URL: z.string().url().optional(),
  TELEMETRY_INTERVAL_S: z.coerce.number().positive().default(30),
  TELEMETRY_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
  TELEMETRY_RETENTION_DAYS: z.coerce.number().min(0).default(90),
  // calendar_history reads per site per minute: Site.history's share and program M&V's reserved
  // share of Tesla's 60 data calls/device/minute; together at most 40, so live reads keep room.
  HISTORY_BACKFILL_PER_MINUTE: z.coerce.number().int().min(1).max(20).default(10),
  HISTORY_SETTLEMENT_BACKFILL_PER_MINUTE: z.coerce.number().int().min(1).max(20).default(10),
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  SIMULATOR_SEED: z.coerce.number().int().default(42),
  SIMULATOR_SPEED: z.coerce.number().positive().default(1),
  TOKEN_ENCRYPTION_KEY: z.string().optional(),
  BOOTSTRAP_API_KEY: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLES: z.string().default('api,worker'),
  UPSTREAM_CACHE_TTL_S: z.coerce.number().positive().default(10),
  AUTH_CACHE_TTL_S: z.coerce.number().min(0).max(10).default(10),
  ROW_CACHE_TTL_S: z.coerce.number().min(0).max(60).default(5),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  UPSTREAM_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  UPSTREAM_MAX_RETRY_AFTER_S: z.coerce.number().min(0).default(5),
  UPSTREAM_RATE_LIMIT_BACKOFF_S: z.coerce.number().positive().default(2),
  TESLA_BILLING_PAUSE_S: z.coerce.number().positive().default(900),
  TOKEN_REFRESH_MARGIN_S: z.coerce.number().min(0).default(120),
  DISPATCH_VERIFY_INTERVAL_S: z.coerce.number().positive().default(10),
  DISPATCH_VERIFY_POLLS: z.coerce.number().int().min(1).max(100).default(6),
  VEHICLE_WAKE_TIMEOUT_S: z.coerce.number().positive().default(60),
  COMMAND_JOB_EXPIRE_S: z.coerce.number().int().min(5).default(120),
  COMMAND_QUEUE_MAINTENANCE_S: z.coerce.number().int().min(1).default(60),
  SIMULATOR_URL: z.string().url().optional(),
  SANDBOX_ACCOUNT: z.string().min(1).default('demo'),
  COMMAND_DEVICE_RATE: z.coerce.number().int().min(1).default(30),
  COMMAND_DEVICE_RATE_WINDOW_S: z.coerce.number().int().min(1).default(60),
  COMMAND_GLOBAL_RATE_PER_S: z.coerce.number().int().min(1).default(50),
  COMMAND_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  COMMAND_POLL_INTERVAL_S: z.coerce.number().min(0.5).default(1),
  EVENT_RESTORE_STAGGER_S: z.coerce.number().min(0).default(300),
  EVENT_WATCH_INTERVAL_S: z.coerce.number().positive().default(60),
  EVENT_SETTLE_DELAY_S: z.coerce.number().min(0).optional(),
  MAX_REQUEST_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  REQUEST_DEADLINE_MS: z.coerce.number().int().min(1).default(8000),
  CORS_ORIGINS: z.string().optional(),
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false']).default('true'),
});

export type TeslaMode = 'sandbox' | 'live';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  dataDir: string;
  logLevel: string;
  roles: { api: boolean; worker: boolean };
  publicUrl: string;
  tesla: {
    mode: TeslaMode;
    clientId: string;
    clientSecret: string | undefined;
    redirectUri: string;
    /** Issuer identifier, or the discovery document URL itself (then the issuer is not cross-checked). */
    authIssuer: string | undefined;
    /** Token endpoint to use instead of the discovered one. */
    tokenUrl: string | undefined;
    /** Overrides region discovery when set. */
    fleetApiUrl: string | undefined;
    commandProxyUrl: string | undefined;
    publicKeyFile: string | undefined;
    /** Access tokens are refreshed this long before they expire. */
    tokenRefreshMarginMs: number;
    /**
     * China is a separate Tesla (developer.tesla.cn, auth.tesla.cn, the CN Fleet base) with its own
     * app credentials; unset → accounts of region `cn` cannot be connected.
     */
    cn: { clientId: string; clientSecret: string | undefined; authIssuer: string | undefined; tokenUrl: string | undefined } | undefined;
  };
  powerhubUrl: string | undefined;
  telemetryIntervalS: number;
  /** Live-status reads in flight at once per instance. */
  telemetryConcurrency: number;
  /** Stored samples older than this are deleted (0 = keep forever). */
  telemetryRetentionDays: number;
  /** calendar_history reads per site per minute: for Site.history, and reserved for program M&V baselines. */
  historyBackfill: { perMinute: number; settlementPerMinute: number };
  simulator: { port: number; seed: number; speed: number };
  tokenEncryptionKey: string | undefined;
  commands: {
    concurrency: number;
    pollingIntervalS: number;
    wakeTimeoutMs: number;
    dispatchVerifyIntervalMs: number;
    dispatchVerifyPolls: number;
    /** A job whose worker died is handed out again after this long. */
    jobExpireS: number;
    /** How often the queue looks for such jobs. */
    maintenanceIntervalS: number;
    rateLimits: { perDevice: number; perDeviceWindowS: number; globalPerSecond: number };
  };
  programs: {
    /** Restores after an event are spread at random over this window per site. */
    restoreStaggerMs: number;
    /** How often an active event looks for overrides (customer changes, storm watch, grid services). */
    watchIntervalMs: number;
    /** How long after an event ends its performance is frozen (its last samples must be stored). */
    settleDelayMs: number;
  };
  sandbox: {
    /** An already running simulator to use instead of starting one (e.g. `npm run simulator`). */
    simulatorUrl: string | undefined;
    /** The simulator account connected to organization `default` at start. */
    account: string;
  };
  bootstrapApiKey: string | undefined;
  /**
   * Overall upstream deadline of one GraphQL request over HTTP: what Tesla has not answered by then
   * is a field error UPSTREAM_UNAVAILABLE (upstreamStatus 0), the rest answers.
   */
  requestDeadlineMs: number;
  /** What the public endpoints accept and expose (README "Security"). */
  exposure: {
    /** Largest HTTP request body (413 beyond) and WebSocket frame (close 1009 beyond). */
    maxRequestBytes: number;
    /** Origins allowed cross-origin (exact `scheme://host[:port]`); same-origin is always allowed. */
    corsOrigins: string[];
    /** Introspection, GraphiQL and "Did you mean" suggestions. */
    introspection: boolean;
  };
  /** What each instance keeps in memory so a warm request reads no database (README "Speed"). */
  caches: {
    /** `AUTH_CACHE_TTL_S`: an API key looked up is trusted this long (a revocation drops it at once). */
    authTtlMs: number;
    /** `ROW_CACHE_TTL_S`: site, Tesla connection and Powerhub-link rows are kept this long (a connection's status change drops it at once). */
    rowTtlMs: number;
  };
  upstream: {
    /** Freshness window of the shared upstream cache: K clients cost one call per device per window. */
    cacheTtlMs: number;
    timeoutMs: number;
    retries: number;
    /** A 429 asking to wait longer than this is reported as RATE_LIMITED instead of waited out. */
    maxRetryAfterS: number;
    /** Base backoff between retries. */
    backoffMs: number;
    /** First wait after a Tesla 429 without `Retry-After` (doubling per attempt). */
    rateLimitBackoffMs: number;
    /** How long non-essential calls (telemetry polling) pause after Tesla's billing-limit answer. */
    billingPauseMs: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const SANDBOX_CLIENT_ID = 'derms-sandbox-client';
/** The simulator's default secret for the sandbox app (src/simulator/server.ts). */
export const SANDBOX_CLIENT_SECRET = 'derms-sandbox-secret';

/** `CORS_ORIGINS`: a comma list of origins (`https://console.example.com`), compared exactly. */
function parseOrigins(value: string | undefined): string[] {
  if (!value?.trim()) return [];
  return value.split(',').map((raw) => {
    const origin = raw.trim();
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(`CORS_ORIGINS: ${origin} is not an origin (scheme://host[:port])`);
    }
    if (url.origin === 'null' || url.pathname !== '/' || url.search || url.hash) throw new ConfigError(`CORS_ORIGINS: ${origin} is not an origin (scheme://host[:port])`);
    return url.origin;
  });
}

export interface LoadConfigOptions {
  /**
   * False for a command that holds no customer tokens (`tesla:register`): then live mode does not
   * ask for TOKEN_ENCRYPTION_KEY, which only seals stored tokens.
   */
  storesTokens?: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const mode: TeslaMode = e.TESLA_MODE ?? (e.TESLA_CLIENT_ID ? 'live' : 'sandbox');
  if (mode === 'live') {
    if (!e.TESLA_CLIENT_ID) throw new ConfigError('TESLA_MODE=live needs TESLA_CLIENT_ID');
    if (!e.TOKEN_ENCRYPTION_KEY && options.storesTokens !== false) throw new ConfigError('TESLA_MODE=live needs TOKEN_ENCRYPTION_KEY');
    // Partner tokens (client_credentials) for `tesla:register` need the secret, and Tesla's token
    // endpoint treats Fleet API apps as confidential clients.
    if (!e.TESLA_CLIENT_SECRET) throw new ConfigError('TESLA_MODE=live needs TESLA_CLIENT_SECRET (your Tesla app is a confidential client: partner registration and token calls need the secret)');
    if (e.TESLA_CN_CLIENT_ID && !e.TESLA_CN_CLIENT_SECRET) throw new ConfigError('TESLA_CN_CLIENT_ID needs TESLA_CN_CLIENT_SECRET');
  }
  const roles = new Set(e.ROLES.split(',').map((r) => r.trim()));
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    roles: { api: roles.has('api'), worker: roles.has('worker') },
    publicUrl,
    tesla: {
      mode,
      clientId: e.TESLA_CLIENT_ID ?? SANDBOX_CLIENT_ID,
      // The sandbox app is confidential too, so the partner flow runs as it does live.
      clientSecret: e.TESLA_CLIENT_SECRET ?? (mode === 'sandbox' && !e.TESLA_CLIENT_ID ? SANDBOX_CLIENT_SECRET : undefined),
      redirectUri: e.TESLA_REDIRECT_URI ?? `http://localhost:${e.PORT}/oauth/tesla/callback`,
      // Tesla's third-party discovery document; its issuer and token endpoint name auth.tesla.com.
      authIssuer:
        e.TESLA_AUTH_ISSUER ?? (mode === 'live' ? 'https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/thirdparty/.well-known/openid-configuration' : undefined),
      tokenUrl: e.TESLA_TOKEN_URL ?? (mode === 'live' ? 'https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token' : undefined),
      fleetApiUrl: e.TESLA_FLEET_API_URL,
      commandProxyUrl: e.TESLA_COMMAND_PROXY_URL,
      publicKeyFile: e.TESLA_PUBLIC_KEY_FILE,
      tokenRefreshMarginMs: e.TOKEN_REFRESH_MARGIN_S * 1000,
      cn: e.TESLA_CN_CLIENT_ID
        ? {
            clientId: e.TESLA_CN_CLIENT_ID,
            clientSecret: e.TESLA_CN_CLIENT_SECRET,
            // tesla-fleet-api.md §1.1: auth.tesla.cn serves authorize and token; fleet-auth has no CN host.
            authIssuer: e.TESLA_CN_AUTH_ISSUER ?? (mode === 'live' ? 'https://auth.tesla.cn/oauth2/v3' : undefined),
            tokenUrl: e.TESLA_CN_TOKEN_URL ?? (mode === 'live' ? 'https://auth.tesla.cn/oauth2/v3/token' : undefined),
          }
        : undefined,
    },
    powerhubUrl: e.POWERHUB_URL,
    telemetryIntervalS: e.TELEMETRY_INTERVAL_S,
    telemetryConcurrency: e.TELEMETRY_CONCURRENCY,
    telemetryRetentionDays: e.TELEMETRY_RETENTION_DAYS,
    historyBackfill: { perMinute: e.HISTORY_BACKFILL_PER_MINUTE, settlementPerMinute: e.HISTORY_SETTLEMENT_BACKFILL_PER_MINUTE },
    simulator: { port: e.SIMULATOR_PORT, seed: e.SIMULATOR_SEED, speed: e.SIMULATOR_SPEED },
    tokenEncryptionKey: e.TOKEN_ENCRYPTION_KEY,
    commands: { concurrency: e.COMMAND_CONCURRENCY, pollingIntervalS: e.COMMAND_POLL_INTERVAL_S, wakeTimeoutMs: e.VEHICLE_WAKE_TIMEOUT_S * 1000,
      dispatchVerifyIntervalMs: e.DISPATCH_VERIFY_INTERVAL_S * 1000,
      dispatchVerifyPolls: e.DISPATCH_VERIFY_POLLS,
      jobExpireS: e.COMMAND_JOB_EXPIRE_S,
      maintenanceIntervalS: e.COMMAND_QUEUE_MAINTENANCE_S,
      rateLimits: { perDevice: e.COMMAND_DEVICE_RATE, perDeviceWindowS: e.COMMAND_DEVICE_RATE_WINDOW_S, globalPerSecond: e.COMMAND_GLOBAL_RATE_PER_S },
    },
    programs: {
      restoreStaggerMs: e.EVENT_RESTORE_STAGGER_S * 1000,
      watchIntervalMs: e.EVENT_WATCH_INTERVAL_S * 1000,
      settleDelayMs: (e.EVENT_SETTLE_DELAY_S ?? 2 * e.TELEMETRY_INTERVAL_S) * 1000,
    },
    sandbox: { simulatorUrl: e.SIMULATOR_URL, account: e.SANDBOX_ACCOUNT },
    bootstrapApiKey: e.BOOTSTRAP_API_KEY,
    requestDeadlineMs: e.REQUEST_DEADLINE_MS,
    exposure: {
      maxRequestBytes: e.MAX_REQUEST_BYTES,
      corsOrigins: parseOrigins(e.CORS_ORIGINS),
      introspection: e.GRAPHQL_INTROSPECTION === 'true',
    },
    caches: {
      authTtlMs: e.AUTH_CACHE_TTL_S * 1000,
      rowTtlMs: e.ROW_CACHE_TTL_S * 1000,
    },
    upstream: {
      cacheTtlMs: e.UPSTREAM_CACHE_TTL_S * 1000,
      timeoutMs: e.UPSTREAM_TIMEOUT_MS,
      retries: e.UPSTREAM_RETRIES,
      maxRetryAfterS: e.UPSTREAM_MAX_RETRY_AFTER_S,
      backoffMs: 250,
      rateLimitBackoffMs: e.UPSTREAM_RATE_LIMIT_BACKOFF_S * 1000,
      billingPauseMs: e.TESLA_BILLING_PAUSE_S * 1000,
    },
  };
}
