import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEventStore, importNdjson, ndjsonLines, verifyChain } from '@hoptac/core';
import { describe, expect, it } from 'vitest';
import { generateVinhBaoNdjson, sampleSchedule } from './generate';

// compares two NDJSON texts line by line, so a failure shows the first differing line, not megabytes of diff
const firstDifference = (actual: string, expected: string): { line: number; actual?: string; expected?: string } | null => {
  if (actual === expected) return null;
  const a = actual.split('\n');
  const b = expected.split('\n');
  for (let index = 0; index < Math.max(a.length, b.length); index++)
    if (a[index] !== b[index]) return { line: index + 1, ...(a[index] !== undefined ? { actual: a[index] } : {}), ...(b[index] !== undefined ? { expected: b[index] } : {}) };
  return null;
};

const committed = join(import.meta.dirname, '..', 'data', 'vinh-bao.ndjson');

describe('the Vĩnh Bảo sample', () => {
  let full: string;

  it('regenerates byte for byte from its seed, with no command refused', async () => {
    const { ndjson, summary } = await generateVinhBaoNdjson();
    full = ndjson;
    expect(summary.rejected).toEqual([]);
    expect(summary.events).toBeGreaterThan(5000);
    expect(firstDifference(ndjson, readFileSync(committed, 'utf8'))).toBeNull();
  });

  it('writes the same with a handler that replays every stream per command, through the 2026 merger', async () => {
    const merger = sampleSchedule().findIndex((item) => item.item.kind === 'command' && item.item.command.type === 'ReorganiseOrganisations');
    expect(merger).toBeGreaterThan(0);
    const mixed = await generateVinhBaoNdjson({ cacheStates: false, limit: merger + 80 });
    expect(mixed.summary.rejected).toEqual([]);
    expect(mixed.ndjson.length).toBeGreaterThan(0);
    expect(firstDifference(mixed.ndjson, full.slice(0, mixed.ndjson.length))).toBeNull();
  });

  it('imports cleanly into a store, its hash chain intact', async () => {
    const store = new MemoryEventStore();
    const text = readFileSync(committed);
    const summary = await importNdjson(store, () => ndjsonLines(createReadStream(committed)));
    expect(summary.written).toBe(summary.lines);
    expect(summary.lines).toBe(text.toString('utf8').trimEnd().split('\n').length);
    expect((await verifyChain(store.readAll())).problem).toBeUndefined();
  });
});
