import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, spawnNpmStart } from '../../helpers/gateway-process.js';
import { track } from './processes.js';


/**
 * `npm start` on the embedded defaults (its own simulator, PGlite in a fresh DATA_DIR, in-process
 * bus) until `/readyz` answers 200, polled every 20 ms. The whole process group is killed after.
 */
export async function measureColdStart(): Promise<{ ms: number }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'derms-bench-cold-'));
  const [port, simulatorPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const { proc, output, stop } = spawnNpmStart({ port, simulatorPort, dataDir });
  track(proc);
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`npm start exited (${proc.exitCode}): ${output.join('').slice(-2000)}`);
      if (performance.now() - t0 > 120_000) throw new Error(`npm start not ready in 120 s: ${output.join('').slice(-2000)}`);
      const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
      if (ready) return { ms: Math.round(performance.now() - t0) };
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
