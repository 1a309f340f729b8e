import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One Vitest project per package and example; each reads sources through the "source" export condition. */
const projectDirs = ['packages', 'examples'].flatMap((top) =>
  existsSync(top)
    ? readdirSync(top, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(top, entry.name, 'package.json')))
        .map((entry) => join(top, entry.name))
    : [],
);

export default projectDirs.map((dir) => ({
  extends: true as const,
  test: {
    name: dir.replace(/^(packages|examples)\//, ''),
    root: dir,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
}));
