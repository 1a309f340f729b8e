import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEventStore, canonicalJson, exportNdjson, importNdjson, ndjsonLines, organisationStream, type EventStore, type NewEvent } from '@hoptac/core';
import { asNewEvent, event } from '@hoptac/core/testing';
import { bufferIo, runCli } from '../index';
import { openSqliteEventStore, type SqliteEventStore } from '@hoptac/store-sqlite';
import {
  admissionMutation,
  byteDamage,
  domainMutation,
  envelopeMutation,
  foundingMutation,
  jsOnlyMutation,
  mutate,
  mutateJs,
  newEventMutation,
  rechain,
  toJsonText,
  type Mutation,
} from './hostile';

// A fuzz run is only evidence if it can fail: every case is hostile by construction, and any that is accepted,
// or that throws anything but a typed error, fails the property with the case shrunk and its seed printed.
const tally = { tried: 0, accepted: 0, crashes: 0 };
const TYPED = new Set(['InvalidEventError', 'IdempotencyError', 'ConcurrencyError']);
const prototypeKeys = () => [Object.getOwnPropertyNames(Object.prototype), Object.getOwnPropertyNames(Array.prototype)].map((keys) => keys.sort().join());
const cleanPrototypes = prototypeKeys();

const assertNotPolluted = (): void => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(prototypeKeys()).toEqual(cleanPrototypes);
};

/** Runs one hostile case: it must reject with a typed error; returns the error for further checks. */
const expectTypedRejection = async (label: string, attempt: () => Promise<unknown>, typed = TYPED): Promise<Error> => {
  tally.tried++;
  let outcome: unknown;
  try {
    await attempt();
  } catch (error) {
    outcome = error;
  }
  if (outcome === undefined) {
    tally.accepted++;
    throw new Error(`accepted hostile input: ${label}`);
  }
  if (!(outcome instanceof Error) || !typed.has(outcome.name)) {
    tally.crashes++;
    throw new Error(`hostile input (${label}) ended in an untyped error: ${String(outcome instanceof Error ? `${outcome.name}: ${outcome.message}` : outcome)}`);
  }
  assertNotPolluted();
  return outcome;
};

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

// a small real history: two organisations founded, a rating, interleaved in the global order
let lines: string[] = [];
let parsedLines: Record<string, unknown>[] = [];
const source = async (): Promise<MemoryEventStore> => {
  const store = new MemoryEventStore();
  for (const organisationId of ['coop-1', 'coop-2'])
    await store.append(
      organisationStream(organisationId),
      event.founding({ organisationId }).map((domainEvent, index) => asNewEvent(domainEvent, `${organisationId}-${index + 1}`, undefined, { actor: 'officer-1' })),
      { expectedVersion: 'no-stream' },
    );
  await store.append(organisationStream('coop-1'), [asNewEvent(event.ratingRecorded(), 'coop-1-rating')], { expectedVersion: 6 });
  return store;
};

beforeAll(async () => {
  lines = (await collect(exportNdjson(await source()))).map((line) => line.trimEnd());
  parsedLines = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
});

afterAll(() => {
  console.log(`fuzz: ${tally.tried.toLocaleString('en-US')} hostile inputs tried, ${tally.accepted} accepted, ${tally.crashes} crashes`);
});

// counterexamples print as their label, not as megabytes of hostile text
const labelled = <Case extends object>(label: string, value: Case): Case & { label: string } =>
  Object.assign(value, { label, [fc.toStringMethod]: () => label });

const linesOfType = (type: string): number[] => parsedLines.flatMap((line, index) => (line.type === type ? [index] : []));

/** A whole NDJSON file with one line made hostile: the edit, then the chain recomputed so validation must catch it. */
const hostileFile = fc
  .oneof(
    fc.record({ mutation: fc.oneof(domainMutation, envelopeMutation), pick: fc.nat() }).map(({ mutation, pick }) => ({ mutation, pick, type: undefined })),
    fc.record({ mutation: admissionMutation, pick: fc.nat() }).map(({ mutation, pick }) => ({ mutation, pick, type: 'MemberAdmitted' })),
    fc.record({ mutation: foundingMutation, pick: fc.nat() }).map(({ mutation, pick }) => ({ mutation, pick, type: 'OrganisationFounded' })),
  )
  .map(({ mutation, pick, type }): { label: string; text: string } | undefined => {
    const candidates = type === undefined ? parsedLines.map((_, index) => index) : linesOfType(type);
    const index = candidates[pick % candidates.length] as number;
    const raws: string[] = [];
    const edited = parsedLines.map((line, at) => (at === index ? mutate(line, mutation, raws) : (JSON.parse(JSON.stringify(line)) as Record<string, unknown>)));
    if (raws.length === 0 && canonicalJson(edited[index]) === canonicalJson(parsedLines[index])) return undefined;
    if (mutation.path[0] !== 'hash') rechain(edited);
    const text = edited.map((line, at) => (at === index ? toJsonText(line, raws) : JSON.stringify(line))).join('\n');
    return labelled(`${mutation.label} (${mutation.path.join('.')}) on line ${index + 1}`, { text: `${text}\n` });
  });

/** A whole file with one line damaged at the byte level (not re-chained): the chain or the parser must catch it. */
const damagedFile = fc.record({ damage: byteDamage, pick: fc.nat() }).map(({ damage, pick }): { label: string; bytes: Buffer } | undefined => {
  const index = pick % lines.length;
  const damaged = damage.apply(lines[index] as string);
  // damage that leaves the same JSON (whitespace between tokens) is no damage
  try {
    if (canonicalJson(JSON.parse(damaged.toString('utf8'))) === canonicalJson(parsedLines[index]) && !damaged.includes(10)) return undefined;
  } catch {
    // not JSON any more: hostile
  }
  const before = Buffer.from(lines.slice(0, index).map((line) => `${line}\n`).join(''));
  const after = Buffer.from(lines.slice(index + 1).map((line) => `${line}\n`).join(''));
  return labelled(`${damage.label} on line ${index + 1}`, { bytes: Buffer.concat([before, damaged, Buffer.from('\n'), after]) });
});

// a reader that hands the file over in awkward chunks, as a socket would
const chunked = (bytes: Buffer) => () =>
  ndjsonLines(
    (async function* () {
      for (let start = 0; start < bytes.length; start += 97) yield bytes.subarray(start, start + 97);
    })(),
  );

describe('fuzz: hostile NDJSON at importNdjson', () => {
  it('refuses every file with a hostile line, with an InvalidEventError naming the line, and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(hostileFile, async (file) => {
        if (file === undefined) return;
        const store = new MemoryEventStore();
        const error = await expectTypedRejection(file.label, () => importNdjson(store, chunked(Buffer.from(file.text))), new Set(['InvalidEventError']));
        expect((error as Error & { location: { line?: number } }).location.line).toBeGreaterThan(0);
        expect(await store.headPosition()).toBe(0);
      }),
      { numRuns: 1200 },
    );
  });

  it('refuses every file with a damaged or truncated line, and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(damagedFile, async (file) => {
        if (file === undefined) return;
        const store = new MemoryEventStore();
        await expectTypedRejection(file.label, () => importNdjson(store, chunked(file.bytes)), new Set(['InvalidEventError']));
        expect(await store.headPosition()).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses junk lines: not objects, not JSON, huge, deeply nested, cut off', async () => {
    const junk = [
      'null',
      '42',
      '"a string"',
      '[]',
      'true',
      '{}',
      '{',
      '{"type":',
      '\u0000',
      '\uFEFF{}',
      'NaN',
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
      `{"type":"OrganisationFounded","data":"${'x'.repeat(5_000_000)}"}`,
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      (lines[0] as string).slice(0, -1),
    ];
    for (const line of junk) {
      for (const at of [0, 3]) {
        const file = [...lines.slice(0, at), line, ...lines.slice(at)].join('\n');
        const store = new MemoryEventStore();
        await expectTypedRejection(`junk line ${line.slice(0, 30)}`, () => importNdjson(store, chunked(Buffer.from(file))), new Set(['InvalidEventError']));
        expect(await store.headPosition()).toBe(0);
      }
    }
  });
});

// a valid admission into coop-1 (which has 5 founding members), to be made hostile
const validAdmission = (): NewEvent =>
  asNewEvent(event.memberAdmitted({ memberId: 'member-new' }), 'admission-new', undefined, { actor: 'officer-1' }) as NewEvent;

const hostileNewEvent = fc.oneof(
  newEventMutation.map((mutation: Mutation) => {
    const raws: string[] = [];
    const mutated = mutate(validAdmission() as unknown as Record<string, unknown>, mutation, raws);
    if (raws.length === 0 && canonicalJson(mutated) === canonicalJson(validAdmission())) return undefined;
    // what a JSON body sent to a host would become
    return labelled(`${mutation.label} (${mutation.path.join('.')})`, { event: JSON.parse(toJsonText(mutated, raws)) as NewEvent });
  }),
  jsOnlyMutation.map((mutation) => labelled(mutation.label, { event: mutateJs(validAdmission() as unknown as Record<string, unknown>, mutation) as unknown as NewEvent })),
);

// hostile calls: a stream name or batch shape no store may take
// a valid admission of its own id, so a repeat of one hostile call is never mistaken for an idempotent no-op
const callAdmission = (): NewEvent => ({ ...validAdmission(), eventId: 'hostile-call' });

const HOSTILE_CALLS: ReadonlyArray<readonly [string, (store: EventStore) => Promise<unknown>]> = [
  ['empty stream name', (store) => store.append('', [callAdmission()], { expectedVersion: 'any' })],
  ['oversized stream name', (store) => store.append('s'.repeat(301), [callAdmission()], { expectedVersion: 'any' })],
  ['stream name not a string', (store) => store.append(42 as unknown as string, [callAdmission()], { expectedVersion: 'any' })],
  ['no events', (store) => store.append(organisationStream('coop-1'), [], { expectedVersion: 'any' })],
  ['events not a list', (store) => store.append(organisationStream('coop-1'), null as unknown as NewEvent[], { expectedVersion: 'any' })],
  ['an event that is null', (store) => store.append(organisationStream('coop-1'), [null as unknown as NewEvent], { expectedVersion: 'any' })],
  ['an event that is a string', (store) => store.append(organisationStream('coop-1'), ['{}' as unknown as NewEvent], { expectedVersion: 'any' })],
  ['no requests', (store) => store.appendMany([])],
  ['requests not a list', (store) => store.appendMany(undefined as unknown as [])],
  ['the same id twice', (store) => store.append(organisationStream('coop-1'), [callAdmission(), callAdmission()], { expectedVersion: 'any' })],
  ['a negative expected version', (store) => store.append(organisationStream('coop-1'), [callAdmission()], { expectedVersion: -1 })],
  ['a fractional expected version', (store) => store.append(organisationStream('coop-1'), [callAdmission()], { expectedVersion: 6.5 })],
  ['an unknown expected version', (store) => store.append(organisationStream('coop-1'), [callAdmission()], { expectedVersion: 'latest' as 'any' })],
  ['a NaN expected version', (store) => store.append(organisationStream('coop-1'), [callAdmission()], { expectedVersion: Number.NaN })],
  [
    'a valid event batched with a hostile one in another stream',
    (store) =>
      store.appendMany([
        { stream: organisationStream('coop-1'), events: [callAdmission()], expectedVersion: 6 },
        { stream: organisationStream('coop-2'), events: [{ ...callAdmission(), eventId: 'second', occurredOn: '2023-02-30' }], expectedVersion: 'any' },
      ]),
  ],
];

const appendSuite = (name: string, open: () => Promise<EventStore>, numRuns: number) =>
  describe(`fuzz: hostile events at ${name}.append`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await open();
      await store.append(
        organisationStream('coop-1'),
        event.founding().map((domainEvent, index) => asNewEvent(domainEvent, `seed-${index + 1}`)),
        { expectedVersion: 'no-stream' },
      );
    });
    afterAll(async () => store.close());

    it('refuses every hostile event with a typed error and stores nothing, alone or batched after valid events', async () => {
      await fc.assert(
        fc.asyncProperty(hostileNewEvent, fc.boolean(), async (hostile, batched) => {
          if (hostile === undefined) return;
          const head = await store.headPosition();
          await expectTypedRejection(hostile.label, () =>
            batched
              ? // the hostile event last in a multi-stream batch: the valid part before it must not land either
                store.appendMany([
                  {
                    stream: organisationStream('coop-9'),
                    events: event.founding({ organisationId: 'coop-9' }).map((domainEvent, index) => asNewEvent(domainEvent, `batch-${index}`)),
                    expectedVersion: 'no-stream',
                  },
                  { stream: organisationStream('coop-1'), events: [hostile.event], expectedVersion: 'any' },
                ])
              : store.append(organisationStream('coop-1'), [hostile.event], { expectedVersion: 'any' }),
          );
          expect(await store.headPosition()).toBe(head);
        }),
        { numRuns },
      );
    });

    it('refuses hostile calls: bad stream names, batch shapes and expected versions', async () => {
      const head = await store.headPosition();
      for (const [label, call] of HOSTILE_CALLS) {
        await expectTypedRejection(label, () => call(store));
        expect(await store.headPosition()).toBe(head);
      }
      // the store still takes a valid event afterwards, and every stored event reads back
      await store.append(organisationStream('coop-1'), [validAdmission()], { expectedVersion: 6 });
      expect(await store.headPosition()).toBe(head + 1);
      expect(await collect(store.readAll())).toHaveLength(head + 1);
    });
  });

const dir = mkdtempSync(join(tmpdir(), 'hoptac-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

appendSuite('MemoryEventStore', async () => new MemoryEventStore(), 700);
appendSuite('SqliteEventStore', async () => openSqliteEventStore(join(dir, 'append.sqlite')), 300);

describe('fuzz: hostile files and arguments at the CLI', () => {
  const storeFile = 'cli.sqlite';
  let store: SqliteEventStore;
  beforeAll(() => {
    store = openSqliteEventStore(join(dir, storeFile));
  });
  afterAll(async () => store.close());

  const run = async (argv: string[]) => {
    const io = bufferIo({ cwd: dir, now: () => new Date('2031-01-15T00:00:00Z') });
    tally.tried++;
    let code: number;
    try {
      code = await runCli(argv, io);
    } catch (error) {
      tally.crashes++;
      throw new Error(`hoptac ${argv.join(' ')} threw: ${String(error)}`);
    }
    // a plain message, never a stack trace
    expect(io.stderr()).not.toMatch(/\n\s+at .+:\d+/);
    assertNotPolluted();
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  };

  it('ends every hostile import with exit code 2, one plain message, and nothing stored', async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileFile.map((hostile) => hostile && labelled(hostile.label, { bytes: Buffer.from(hostile.text) })), damagedFile), async (hostile) => {
        if (hostile === undefined) return;
        const name = `hostile-${file++}.ndjson`;
        writeFileSync(join(dir, name), hostile.bytes);
        const result = await run(['import', name, '--store', storeFile]);
        if (result.code === 0) tally.accepted++;
        expect(result.code, `${hostile.label}: ${result.stderr}`).toBe(2);
        expect(result.stderr).toMatch(/^hoptac import: .*line \d+/);
        expect(result.stderr).toContain('Nothing was imported');
        expect(await store.headPosition()).toBe(0);
      }),
      { numRuns: 120 },
    );
  });

  it('reports a hostile file under verify as a finding (exit 1) without a stack trace', async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(hostileFile, async (hostile) => {
        if (hostile === undefined) return;
        const name = `verify-${file++}.ndjson`;
        writeFileSync(join(dir, name), hostile.text);
        const result = await run(['verify', name]);
        if (result.code === 0) tally.accepted++;
        expect(result.code, `${hostile.label}: ${result.stdout}${result.stderr}`).toBe(1);
      }),
      { numRuns: 60 },
    );
  });

  const COMMANDS = ['import', 'verify', 'report', 'explain', 'diff', 'export'];
  it('answers junk arguments with a usage error (exit 2), never a crash', async () => {
    const junkArgument = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('--as-of', '2023-02-30', '--known-at', 'yesterday', '--format', 'xml', '--store', '', '-s', '--', '--plan', '__proto__', '--__proto__', '--constructor', 'x'.repeat(10_000)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...COMMANDS, 'nonsense', '__proto__', 'constructor', ''), fc.array(junkArgument, { maxLength: 6 }), async (name, args) => {
        const argv = [name, ...args];
        const result = await run(argv);
        // some junk is a valid call (`report` alone reports on the bundled sample); an unknown command never is
        expect([0, 1, 2]).toContain(result.code);
        if (!COMMANDS.includes(name)) expect(result.code, `hoptac ${argv.join(' ')}: ${result.stderr}`).toBe(2);
        expect(await store.headPosition()).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
