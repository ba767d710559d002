import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE, buildBundle, bundleIsFresh } from '../../src/launcher/server-bundle.mjs';
import { freePort, spawnNpmStart } from '../helpers/gateway-process.js';

/**
 * `npm start` loads the gateway from the server bundle `npm install` built (one ES module of
 * src/ and migrations/, packages external), and rebuilds it first when a source is newer.
 */
describe('npm start', () => {
  it('rebuilds a stale server bundle, then serves the API and the control room from it', { timeout: 120_000 }, async () => {
    expect(await buildBundle()).toBe(true);
    expect(bundleIsFresh()).toBe(true);
    // Older than every source: stale.
    await utimes(BUNDLE, new Date(0), new Date(0));
    expect(bundleIsFresh()).toBe(false);

    const dataDir = await mkdtemp(path.join(tmpdir(), 'derms-start-'));
    const [port, simulatorPort] = [await freePort(), await freePort()];
    const { proc, output, stop } = spawnNpmStart({ port, simulatorPort, dataDir });
    try {
      const deadline = Date.now() + 90_000;
      let ready = false;
      while (!ready && Date.now() < deadline && proc.exitCode === null) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready, output.join('').slice(-2000)).toBe(true);
      // Rebuilt before loading, and loaded from it: paths the modules resolve from import.meta.url hold.
      expect(bundleIsFresh()).toBe(true);
      const page = await fetch(`http://127.0.0.1:${port}/control-room`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const typename = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(await typename.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
