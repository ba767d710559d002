import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Lives under test/ because the repository's top level is fixed (DEVELOPERS.md).
export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for the packages it runs natively (Pothos, yoga); Vite
    // would give our sources the .mjs build, and two graphql realms cannot share a schema.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file boots its own gateway + simulator on ephemeral ports; files may run in parallel.
    pool: 'forks',
    // Most files spend their time waiting on timers and sockets, not CPU: two at a time even on 2 cores.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default'],
  },
});
