import type { Options } from 'tsup';

/** How every library package builds: ESM + CJS + .d.ts for node 20, one entry per public subpath. */
export const libraryBuild = (entry: Record<string, string>, extra: Options = {}): Options => ({
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
  ...extra,
});
