import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The gateway as a real process (`src/main.ts`), for tests that must kill it with SIGKILL. Resolves
 * once `/readyz` answers 200; `output` collects its stdout and stderr for failure messages.
 */
export async function startGatewayProcess(env: NodeJS.ProcessEnv, url: string, output: string[]): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`gateway exited: ${output.join('').slice(-2000)}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200).catch(() => false);
    if (ready) return proc;
    await new Promise((r) => setTimeout(r, 250));
  }
  proc.kill('SIGKILL');
  throw new Error(`gateway not ready: ${output.join('').slice(-2000)}`);
}

/**
 * `npm start` as a user runs it, on the embedded defaults whatever this process runs with (its own
 * simulator, PGlite in `dataDir`, the in-process bus), in its own process group; `stop` ends the
 * group (SIGTERM, SIGKILL after 10 s). `output` collects its stdout and stderr.
 */
export function spawnNpmStart(o: { port: number; simulatorPort: number; dataDir: string }): { proc: ChildProcess; output: string[]; stop: () => Promise<void> } {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const output: string[] = [];
  const proc = spawn('npm', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...inherited, PORT: String(o.port), HOST: '127.0.0.1', SIMULATOR_PORT: String(o.simulatorPort), DATA_DIR: o.dataDir, LOG_LEVEL: 'warn', BOOTSTRAP_API_KEY: `dgw_${randomBytes(24).toString('base64url')}` },
  });
  proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid!, name);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { proc, output, stop };
}

/**
 * The environment of a sandbox gateway process on the simulator's `large` account, on the test's
 * Postgres and Redis when it has them (else the embedded defaults in `dataDir`); `settings` adds or
 * overrides the rest (command pacing, intervals…).
 */
export function largeSandboxGatewayEnv(
  where: { port: number; dataDir: string; databaseUrl: string | undefined; simulatorUrl: string; apiKey: string },
  settings: Record<string, string>,
): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    PORT: String(where.port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${where.port}`,
    DATA_DIR: where.dataDir,
    ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : {}),
    ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
    TESLA_MODE: 'sandbox',
    SIMULATOR_URL: where.simulatorUrl,
    SANDBOX_ACCOUNT: 'large',
    BOOTSTRAP_API_KEY: where.apiKey,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    ...settings,
  };
}
