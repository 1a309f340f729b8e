import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library';

export default defineConfig([
  libraryBuild({ index: 'src/index.ts' }, { shims: true }),
  {
    // the binary: ESM only, run by node directly
    entry: { bin: 'src/bin.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    tsconfig: 'tsconfig.build.json',
  },
]);
