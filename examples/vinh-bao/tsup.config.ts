import { defineConfig } from 'tsup';

// The generator runs from its own bundle: workspace packages are bundled from their sources, so no build of
// the other packages is needed first.
export default defineConfig({
  entry: { bin: 'src/bin.ts' },
  format: ['esm'],
  clean: true,
  target: 'node20',
  noExternal: [/^@hoptac\//],
  esbuildOptions(options) {
    options.conditions = ['source'];
  },
});
