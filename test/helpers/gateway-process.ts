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
