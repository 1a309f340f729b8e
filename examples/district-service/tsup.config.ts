import { defineConfig } from 'tsup';

// Bundles the workspace packages from their sources, so `pnpm start` needs no build of the others first.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  clean: true,
  target: 'node20',
  noExternal: [/^@hoptac\//],
  external: ['better-sqlite3', 'pg', '@eventstore/db-client', 'playwright-core'],
  esbuildOptions(options) {
    options.conditions = ['source'];
  },
});
