import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { storeConformanceSuite } from '@hoptac/testing';
import { openSqliteEventStore } from './index';

const dir = mkdtempSync(join(tmpdir(), 'hoptac-sqlite-conformance-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// #region conformance
storeConformanceSuite('SqliteEventStore', {
  create: async () => openSqliteEventStore(join(dir, `store-${++files}.db`)),
});
// #endregion conformance
