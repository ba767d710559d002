import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SimulatorOptions } from '../../../src/simulator/server.js';
import { freePort } from '../../helpers/gateway-process.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** Every process the bench starts, so a failure or Ctrl-C leaves none behind. */
const started = new Set<ChildProcess>();
export function killAll(): void {
  for (const proc of started) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (killAll(), process.exit(130)));

export function track(proc: ChildProcess): ChildProcess {
  started.add(proc);
  proc.once('exit', () => started.delete(proc));
  return proc;
}

export async function stopProcess(proc: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/** A `tsx` entry of this directory as its own node process; resolves with the URL it prints as `<TAG> <url>`. */
async function startEntry(entry: string, tag: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<{ proc: ChildProcess; url: string }> {
  // BENCH_SIMULATOR_NODE_ARGS adds node flags to the simulator, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof-sim"
  const nodeArgs = entry.startsWith('simulator') ? (process.env['BENCH_SIMULATOR_NODE_ARGS'] ?? '').split(' ').filter(Boolean) : [];
  const proc = track(spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(root, 'test/bench', entry)], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] }));
  const output: string[] = [];
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start in ${timeoutMs} ms: ${output.join('').slice(-2000)}`)), timeoutMs);
    let buffered = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const match = new RegExp(`^${tag} (\\S+)$`, 'm').exec(buffered);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code}): ${output.join('').slice(-2000)}`));
    });
  });
  return { proc, url };
}

export interface SimulatorProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startSimulatorProcess(options: SimulatorOptions): Promise<SimulatorProcess> {
  const { proc, url } = await startEntry('simulator-process.ts', 'SIMULATOR_URL', { ...process.env, BENCH_SIMULATOR_OPTIONS: JSON.stringify(options) });
  return { url, pid: proc.pid!, stop: () => stopProcess(proc) };
}

export async function startBareYoga(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const { proc, url } = await startEntry('bare-yoga.ts', 'BARE_YOGA_URL', { PATH: process.env['PATH'] });
  return { url, pid: proc.pid!, stop: () => stopProcess(proc) };
}

export interface GatewayProcess {
  url: string;
  pid: number;
  apiKey: string;
  database: 'pglite' | 'postgres';
  bus: 'memory' | 'redis';
  /** Milliseconds from spawn to /readyz. */
  readyMs: number;
  output: string[];
  stop(): Promise<void>;
}

export interface GatewayOptions {
  simulatorUrl: string;
  /** Postgres + Redis (from DATABASE_URL / REDIS_URL, a fresh database, BENCH_REDIS_DB) or the embedded defaults. */
  shared: boolean;
  env?: Record<string, string>;
  /** Default 300 s: importing the 10,000-site account takes a minute or more on a busy machine. */
  readyTimeoutMs?: number;
}

/**
 * Like test/helpers/gateway-process.ts's startGatewayProcess (`node --import tsx src/main.ts`,
 * ready once `/readyz` answers 200), with a longer, configurable deadline than its 90 s.
 */
async function spawnGateway(env: NodeJS.ProcessEnv, url: string, output: string[], timeoutMs: number): Promise<ChildProcess> {
  // BENCH_GATEWAY_NODE_ARGS adds node flags to the gateway, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  // to see where a scenario's time goes (node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = (process.env['BENCH_GATEWAY_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const proc = track(spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`gateway exited (${proc.exitCode}): ${output.join('').slice(-2000)}`);
    if (await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false)) return proc;
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`gateway not ready after ${timeoutMs} ms: ${output.join('').slice(-2000)}`);
}

/** The Redis of the bench: REDIS_URL on its own logical database, so nothing it keeps (rate-limit buckets) is shared with tests. */
export function benchRedisUrl(): string | undefined {
  const base = process.env['REDIS_URL'];
  if (!base) return undefined;
  const url = new URL(base);
  url.pathname = `/${process.env['BENCH_REDIS_DB'] ?? '13'}`;
  return url.toString();
}

export const sharedStateAvailable = () => Boolean(process.env['DATABASE_URL'] && process.env['REDIS_URL']);

/** `src/main.ts` as its own process in sandbox mode against the bench's simulator process. */
export async function startGateway(options: GatewayOptions): Promise<GatewayProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'derms-bench-'));
  let database: TestDatabase | undefined;
  if (options.shared) database = await createTestDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const apiKey = `dgw_${randomBytes(24).toString('base64url')}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    TESLA_MODE: 'sandbox',
    SIMULATOR_URL: options.simulatorUrl,
    BOOTSTRAP_API_KEY: apiKey,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    ...(options.shared ? { DATABASE_URL: database!.url!, REDIS_URL: benchRedisUrl()! } : {}),
    ...options.env,
  };
  const output: string[] = [];
  const t0 = performance.now();
  let proc: ChildProcess;
  try {
    proc = await spawnGateway(env, url, output, options.readyTimeoutMs ?? 300_000);
  } catch (error) {
    await database?.drop().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const readyMs = performance.now() - t0;
  return {
    url,
    pid: proc.pid!,
    apiKey,
    database: options.shared ? 'postgres' : 'pglite',
    bus: options.shared ? 'redis' : 'memory',
    readyMs,
    output,
    stop: async () => {
      await stopProcess(proc);
      await database?.drop().catch((error: unknown) => console.error('could not drop the bench database', error));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resident set of a process, MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every 250 ms; `stop()` returns the peak, MiB. */
export function sampleRss(pid: number): { stop(): number } {
  let peak = rssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 250);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssMiB(pid));
    },
  };
}
