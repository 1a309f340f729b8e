import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { storeFaultSuite } from '@hoptac/testing';
import { openSqliteEventStore } from './index';

const dir = mkdtempSync(join(tmpdir(), 'hoptac-sqlite-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshFile = () => join(dir, `faults-${files++}.sqlite`);

// #region faults
storeFaultSuite('SQLite', {
  create: async () => openSqliteEventStore(freshFile()),
  // four connections to one file: handlers race through different connections; rows were checked when appended,
  // so reloading 200 times need not parse each again
  connections: async () => {
    const file = freshFile();
    return Array.from({ length: 4 }, () => openSqliteEventStore(file, { validateOnRead: false }));
  },
  over: '4 connections',
  handlers: 20,
  admissions: 10,
});
// #endregion faults
