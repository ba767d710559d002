import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../helpers/gateway-process.js';
import { track } from './processes.js';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * `npm start` on the embedded defaults (its own simulator, PGlite in a fresh DATA_DIR, in-process
 * bus) until `/readyz` answers 200, polled every 20 ms. The whole process group is killed after.
 */
export async function measureColdStart(): Promise<{ ms: number }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'derms-bench-cold-'));
  const port = await freePort();
  const simulatorPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  // The embedded defaults: no Postgres, no Redis, whatever the bench itself runs with.
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const t0 = performance.now();
  const proc = track(
    spawn('npm', ['start'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', SIMULATOR_PORT: String(simulatorPort), DATA_DIR: dataDir, LOG_LEVEL: 'warn', BOOTSTRAP_API_KEY: `dgw_${randomBytes(24).toString('base64url')}` },
    }),
  );
  proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`npm start exited (${proc.exitCode}): ${output.join('').slice(-2000)}`);
      if (performance.now() - t0 > 120_000) throw new Error(`npm start not ready in 120 s: ${output.join('').slice(-2000)}`);
      const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
      if (ready) return { ms: Math.round(performance.now() - t0) };
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    const exited = new Promise((r) => proc.once('exit', r));
    try {
      process.kill(-proc.pid!, 'SIGTERM');
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {}
    }, 10_000);
    await exited;
    clearTimeout(timer);
    await rm(dataDir, { recursive: true, force: true });
  }
}
