// Plain JavaScript: this runs before any TypeScript loader exists (see start.mjs).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/**
 * The gateway's own code (src/, migrations/) bundled into one ES module; packages stay external.
 * It sits one level under src/, like every domain folder, so the paths its modules resolve from
 * `import.meta.url` (the PGlite template, the control room's assets) point where they do unbundled.
 */
export const BUNDLE = path.join(ROOT, 'src/.build/main.mjs');

/** Source folders the server bundle is made from (the control room's front end is built by vite). */
const SOURCES = ['src', 'migrations'];
const SKIPPED = new Set([path.join(ROOT, 'src/.build'), path.join(ROOT, 'src/control-room/web'), path.join(ROOT, 'src/control-room/dist'), path.join(ROOT, 'src/control-room/.build-lock')]);

function newestSourceMs() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED.has(full)) walk(full);
      } else if (/\.(ts|mts|js|mjs|json|sql)$/.test(entry.name)) {
        newest = Math.max(newest, statSync(full).mtimeMs);
      }
    }
  };
  for (const dir of SOURCES) walk(path.join(ROOT, dir));
  return newest;
}

/** True when the bundle exists and no source file changed since it was built. */
export function bundleIsFresh() {
  try {
    return statSync(BUNDLE).mtimeMs > newestSourceMs();
  } catch {
    return false;
  }
}

/** Builds the bundle with esbuild (about 0.4 s); false when esbuild is not installed. */
export async function buildBundle() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return false;
  }
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/main.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return true;
}

// `node src/launcher/server-bundle.mjs` (npm install's prepare): build it now.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  if (!(await buildBundle())) console.warn('esbuild is not installed: npm start will load the TypeScript sources through tsx');
}
