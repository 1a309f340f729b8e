import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GENESIS_HASH, chainHash } from '@hoptac/core';
import { openSqliteEventStore } from './index';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// inside the package, so the bundle resolves better-sqlite3 (a native module, left external) from its node_modules
const child = join(packageDir, 'node_modules', '.cache', 'hoptac-crash', 'crash-child.mjs');
const dir = mkdtempSync(join(tmpdir(), 'hoptac-sqlite-crash-'));
const file = join(dir, 'events.db');
// fewer rounds on a crowded machine: HOPTAC_CRASH_ROUNDS=8
const ROUNDS = Number(process.env.HOPTAC_CRASH_ROUNDS ?? 20);

beforeAll(async () => {
  mkdirSync(dirname(child), { recursive: true });
  // the child runs the real store code: bundled from the TypeScript sources, since Node 20 cannot run TS
  await build({
    entryPoints: [join(packageDir, 'test', 'crash-child.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['source'],
    external: ['better-sqlite3'],
    logLevel: 'error',
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Writer {
  /** lets the writer start appending; resolves with the complete lines it printed once it has been killed */
  go(): Promise<string[]>;
  kill(): void;
}

/**
 * Spawns a writer that loads, then waits for `go`; once going, it is SIGKILLed a random 0–3 ms after it begins a
 * random one of its first few batches, so the kill lands while that append runs, at whatever point.
 */
const startWriter = (round: number): Writer => {
  const writer = spawn(process.execPath, [child, file, String(round)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const killAtBatch = 1 + Math.floor(Math.random() * 3);
  let output = '';
  let errors = '';
  let killScheduled = false;
  writer.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (killScheduled || !output.includes(`begin r${round}b${killAtBatch}\n`)) return;
    killScheduled = true;
    setTimeout(() => writer.kill('SIGKILL'), Math.random() * 3);
  });
  writer.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const lines = new Promise<string[]>((resolve, reject) => {
    writer.on('error', reject);
    writer.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the writer ended by itself (${signal ?? code}): ${errors}`));
      // a line cut by the kill has no newline yet and acknowledges nothing
      else resolve(output.split('\n').slice(0, -1));
    });
  });
  lines.catch(() => undefined);
  return {
    go: () => {
      writer.stdin.end('go\n');
      return lines;
    },
    kill: () => writer.kill('SIGKILL'),
  };
};

it('loses no acknowledged event and shows no partial batch after the writer is killed many times', async () => {
  const acknowledged = new Map<string, number>();
  let killedInsideAppend = 0;
  // the next writer loads while the current one runs; only one ever appends at a time
  let next: Writer | undefined = startWriter(0);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const current: Writer = next as Writer;
      next = round + 1 < ROUNDS ? startWriter(round + 1) : undefined;
      let begun: string | undefined;
      for (const line of await current.go()) {
        const [word, batch, size] = line.split(' ');
        if (word === 'begin') begun = batch;
        if (word === 'ack') acknowledged.set(batch as string, Number(size));
      }
      if (begun !== undefined && !acknowledged.has(begun)) killedInsideAppend++;
    }
  } finally {
    next?.kill();
  }
  expect(acknowledged.size).toBeGreaterThanOrEqual(ROUNDS);
  // kills must land while an append runs, or the test proves little
  expect(killedInsideAppend).toBeGreaterThan(0);

  const store = openSqliteEventStore(file);
  const stored = new Map<string, number>();
  const sizes = new Map<string, number>();
  const versions = new Map<string, number>();
  let position = 0;
  let previousHash = GENESIS_HASH;
  for await (const event of store.readAll()) {
    expect(event.globalPosition).toBe(++position);
    expect(event.hash).toBe(chainHash(previousHash, event));
    previousHash = event.hash;
    expect(event.streamVersion).toBe((versions.get(event.stream) ?? 0) + 1);
    versions.set(event.stream, event.streamVersion);
    const [batch, part] = event.eventId.split('-') as [string, string];
    const size = Number(part.split('of')[1]);
    stored.set(batch, (stored.get(batch) ?? 0) + 1);
    sizes.set(batch, size);
  }
  await store.close();

  for (const [batch, size] of acknowledged) expect(stored.get(batch), `acknowledged batch ${batch}`).toBe(size);
  const partial = [...stored].filter(([batch, count]) => count !== sizes.get(batch));
  expect(partial).toEqual([]);
});
