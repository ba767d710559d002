// `npm start`. Plain JavaScript, because it decides how the TypeScript is loaded: from the bundle
// `npm install` built (server-bundle.mjs), rebuilt first if a source changed since; or, without
// esbuild, through tsx. Loading ~300 modules through tsx's loader hooks took about a second of the
// cold start; the bundle loads like any JavaScript.
import { buildBundle, BUNDLE, bundleIsFresh } from './server-bundle.mjs';

if (bundleIsFresh() || (await buildBundle().catch(() => false))) {
  await import(BUNDLE);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main.ts');
}
