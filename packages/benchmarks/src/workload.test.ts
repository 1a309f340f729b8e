import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryEventStore, importNdjson } from '@hoptac/core';

const directory = mkdtempSync(join(tmpdir(), 'hoptac-workload-'));
process.env.HOPTAC_BENCH_DATA = directory;
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('the benchmark workload', () => {
  it('is a valid history: every line passes import with its hash chain, and the same seed gives the same file', async () => {
    const { ensureWorkload } = await import('./workload.mjs');
    const { path } = await ensureWorkload({ organisations: 12, seed: 11 });
    const text = readFileSync(path, 'utf8');
    const lines = text.trim().split('\n');
    const summary = await importNdjson(new MemoryEventStore(), async function* () {
      yield* lines;
    });
    expect(summary.written).toBe(lines.length);
    expect(lines.length).toBeGreaterThan(12 * 60);
    rmSync(path);
    const again = await ensureWorkload({ organisations: 12, seed: 11 });
    expect(readFileSync(again.path, 'utf8')).toBe(text);
  });

  it('the hand-written fold counts what the history holds', async () => {
    const { ensureWorkload, OLD_UNITS } = await import('./workload.mjs');
    const { handApply, handIndicators, handInitial } = await import('./hand-fold.mjs');
    const { path } = await ensureWorkload({ organisations: 12, seed: 11 });
    const events = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const state = handInitial();
    for (const event of events) handApply(state, event);
    const admissions = events.filter(
      (event) => event.type === 'MemberAdmitted' && event.occurredOn > '2023-07-17' && event.data.origin !== 'reorganisation',
    ).length;
    const indicators = handIndicators(state, '2031-06-30', OLD_UNITS);
    expect(state.organisations.size).toBe(12);
    expect(indicators.newMembers).toBeGreaterThan(0);
    expect(indicators.newMembers).toBeLessThanOrEqual(admissions);
  });
});
