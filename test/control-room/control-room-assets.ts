import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CONTROL_ROOM_DIST } from '../../src/control-room/control-room-routes.js';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;
const LOCK = join(ROOT, 'src/control-room/.build-lock');

/**
 * The console's assets, built when missing (a fresh clone where `npm ci` ran without its `prepare`,
 * or a deleted dist/): `npm test` is self-sufficient. One test file builds; others wait for it.
 */
export async function ensureControlRoomBuilt(): Promise<string> {
  const index = join(CONTROL_ROOM_DIST, 'index.html');
  const deadline = Date.now() + 120_000;
  while (!existsSync(index)) {
    try {
      mkdirSync(LOCK);
    } catch {
      // Another file is building (or a dead build left its lock: take it over after two minutes).
      const lock = statSync(LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > 120_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the control room build');
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (!existsSync(index)) await run('npx', ['vite', 'build', '--config', 'src/control-room/web/vite.config.ts'], { cwd: ROOT, timeout: 120_000 });
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
  return CONTROL_ROOM_DIST;
}
