import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.library';

export default defineConfig(libraryBuild({ index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' }));
