import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InvalidEventError } from './errors';
import { HoptacEvent, type NewEvent, type RecordedEvent } from './events';
import { GENESIS_HASH } from './integrity';
import { toRecordedEvent } from './store/append-plan';
import { asNewEvent, event, territory } from './testing';
import { UpcasterRegistry, defaultUpcasters } from './upcasting';
import {
  parseDomainEvent,
  parseNewEvent,
  parseNewEventSlowly,
  parseRecordedEvent,
  parseRecordedEventSlowly,
  tryParseRecordedEvent,
} from './validation';

// one domain event of every type, from the factories
const DOMAIN_EVENTS: HoptacEvent[] = [
  ...Object.entries(event)
    .filter(([name]) => name !== 'founding')
    .map(([, factory]) => (factory as () => HoptacEvent)()),
  event.organisationFounded({ origin: { type: 'conversion', fromGroupId: 'group-1' } }),
  event.operationsSuspended({ until: '2025-09-01', reason: 'flood' }),
  event.digitalAssessmentRecorded({ criteriaMet: ['website', 'e-invoices'] }),
  territory.administrativeUnitsReorganised(),
];

const METADATA = [{}, { actor: 'officer-1', source: 'registry', tenant: 'province-1' }, { correlationId: 'c-1', causationId: 'c-0' }];

const RECORDED: RecordedEvent[] = (() => {
  let previous = GENESIS_HASH;
  return DOMAIN_EVENTS.map((domainEvent, index) => {
    const newEvent = asNewEvent(domainEvent, `event-${index + 1}`, undefined, METADATA[index % METADATA.length]);
    const recorded = toRecordedEvent(newEvent, `organisation-${index}`, 1, index + 1, previous);
    previous = recorded.hash;
    return recorded;
  });
})();

const NEW_EVENTS: NewEvent[] = DOMAIN_EVENTS.map((domainEvent, index) =>
  asNewEvent(domainEvent, `event-${index + 1}`, undefined, METADATA[index % METADATA.length]),
);

class Point {
  constructor(readonly x = 1) {}
}

// values that are wrong somewhere, or right only in some places: each is put at some path of a good event
const REPLACEMENTS: Array<() => unknown> = [
  () => '',
  () => 'x',
  () => 'x'.repeat(65),
  () => 'x'.repeat(129),
  () => 'x'.repeat(201),
  () => 'x'.repeat(301),
  () => '😀'.repeat(150),
  () => '😀'.repeat(101),
  () => '\ud800',
  () => 'bad id!',
  () => '-starts-with-dash',
  () => 'a'.repeat(64),
  () => 'A'.repeat(64),
  () => '2023-02-29',
  () => '2024-02-29',
  () => '2025-13-01',
  () => '2025-03-01T00:00:00Z',
  () => '2025-03-01T00:00:00.5+07:00',
  () => '2025-03-01T24:00:00Z',
  () => '2025-03-01 00:00:00Z',
  () => 'official',
  () => 'consumption',
  () => 'MemberAdmitted',
  () => 'RatingRecorded',
  () => 0,
  () => -1,
  () => 0.5,
  () => 1,
  () => 2,
  () => 1000,
  () => 1001,
  () => 1990,
  () => 2101,
  () => 2 ** 53,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => -0,
  () => true,
  () => null,
  () => undefined,
  () => [],
  () => ['production'],
  () => ['production', 'production', 'inputs', 'processing', 'consumption'],
  () => ({}),
  () => ({ type: 'new' }),
  () => new Date(0),
  () => new Map(),
  () => new Point(),
  () => Object.create(null) as object,
  () => JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
];

// every path into a value: object keys and array indexes, nested
const pathsOf = (value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> => {
  if (value === null || typeof value !== 'object') return [];
  const paths: Array<Array<string | number>> = [];
  for (const key of Object.keys(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    paths.push(path, ...pathsOf((value as Record<string, unknown>)[key], path));
  }
  return paths;
};

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

type Path = ReadonlyArray<string | number>;
type Edit = { kind: 'set'; path: Path; value: unknown } | { kind: 'delete'; path: Path } | { kind: 'add'; path: Path; key: string; value: unknown } | { kind: 'reverse'; path: Path };

const parentOf = (root: unknown, path: Path): Record<string | number, unknown> => {
  let at = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  return at;
};

const apply = (root: unknown, edit: Edit): void => {
  if (edit.kind === 'set') parentOf(root, edit.path)[edit.path.at(-1) as string] = edit.value;
  else if (edit.kind === 'delete') delete parentOf(root, edit.path)[edit.path.at(-1) as string];
  else if (edit.kind === 'add') {
    const target = edit.path.length === 0 ? root : (parentOf(root, edit.path)[edit.path.at(-1) as string] as unknown);
    if (target !== null && typeof target === 'object') Object.defineProperty(target, edit.key, { value: edit.value, enumerable: true, configurable: true, writable: true });
  } else {
    // the same keys in reverse order: valid, but no longer in the schema's order
    const parent = edit.path.length === 0 ? undefined : parentOf(root, edit.path);
    const target = (parent === undefined ? root : parent[edit.path.at(-1) as string]) as Record<string, unknown>;
    if (target === null || typeof target !== 'object' || Array.isArray(target)) return;
    const reversed = Object.fromEntries(Object.entries(target).reverse());
    if (parent === undefined) {
      for (const key of Object.keys(target)) delete target[key];
      // defined, not assigned: assigning an own `__proto__` key would change the prototype
      for (const [key, item] of Object.entries(reversed)) Object.defineProperty(target, key, { value: item, enumerable: true, configurable: true, writable: true });
    } else parent[edit.path.at(-1) as string] = reversed;
  }
};

const anyEdit = (base: unknown): fc.Arbitrary<Edit> => {
  const paths = pathsOf(base);
  const anyPath: fc.Arbitrary<Path> = fc.constantFrom(...paths);
  const rootOrPath: fc.Arbitrary<Path> = fc.oneof(fc.constant([]), anyPath);
  const anyValue = fc.integer({ min: 0, max: REPLACEMENTS.length - 1 }).map((index) => (REPLACEMENTS[index] as () => unknown)());
  return fc.oneof(
    fc.record({ kind: fc.constant('set' as const), path: anyPath, value: anyValue }),
    fc.record({ kind: fc.constant('delete' as const), path: anyPath }),
    fc.record({
      kind: fc.constant('add' as const),
      path: rootOrPath,
      key: fc.constantFrom('extra', '__proto__', 'constructor', 'prototype', 'actor', 'name'),
      value: anyValue,
    }),
    fc.record({ kind: fc.constant('reverse' as const), path: rootOrPath }),
  );
};

const anyEdited = <T>(bases: readonly T[]) =>
  fc.integer({ min: 0, max: bases.length - 1 }).chain((index) => {
    const base = bases[index] as T;
    return fc.array(anyEdit(base), { minLength: 0, maxLength: 3 }).map((edits) => {
      const value = copy(base);
      for (const edit of edits) {
        try {
          apply(value, edit);
        } catch {
          // an edit under a path an earlier edit removed: skip it
        }
      }
      return value;
    });
  });

const outcome = (run: () => unknown): { value: string; event: unknown } | { error: string; field: string; reason: string } => {
  try {
    const event = run();
    return { value: JSON.stringify(event), event };
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    return { error: error.message, field: error.field, reason: error.reason };
  }
};

describe('the fast validation paths', () => {
  it('accept every event type, giving what zod gives, key order included', () => {
    for (const recorded of RECORDED) {
      const slow = parseRecordedEventSlowly(recorded, {}, defaultUpcasters);
      expect(JSON.stringify(parseRecordedEvent(recorded))).toBe(JSON.stringify(slow));
      expect(parseRecordedEvent(recorded)).toStrictEqual(slow);
      expect(JSON.stringify(parseDomainEvent({ type: recorded.type, occurredOn: recorded.occurredOn, data: recorded.data }))).toBe(
        JSON.stringify(HoptacEvent.parse({ type: recorded.type, occurredOn: recorded.occurredOn, data: recorded.data })),
      );
    }
    for (const newEvent of NEW_EVENTS) expect(JSON.stringify(parseNewEvent(newEvent))).toBe(JSON.stringify(parseNewEventSlowly(newEvent, {})));
  });

  test.prop([anyEdited(RECORDED)], { numRuns: 3000 })('parseRecordedEvent: the same event or the same error as zod alone', (value) => {
    const fast = outcome(() => parseRecordedEvent(value, { line: 7 }));
    const slow = outcome(() => parseRecordedEventSlowly(value, { line: 7 }, defaultUpcasters));
    expect(fast).toStrictEqual(slow);
  });

  test.prop([anyEdited(NEW_EVENTS)], { numRuns: 3000 })('parseNewEvent: the same event or the same error as zod alone', (value) => {
    const fast = outcome(() => parseNewEvent(value, { stream: 's' }));
    const slow = outcome(() => parseNewEventSlowly(value, { stream: 's' }));
    expect(fast).toStrictEqual(slow);
  });

  test.prop([anyEdited(DOMAIN_EVENTS)], { numRuns: 2000 })('parseDomainEvent: the same event or the same error as zod', (value) => {
    const fast = outcome(() => parseDomainEvent(value));
    const zod = HoptacEvent.safeParse(value);
    if (zod.success) expect(fast).toStrictEqual({ value: JSON.stringify(zod.data), event: zod.data });
    else expect('error' in fast).toBe(true);
  });

  test.prop([anyEdited(RECORDED)], { numRuns: 2000 })('reusing a parsed line gives the same event as copying it', (value) => {
    const line = JSON.stringify(value);
    const reused = tryParseRecordedEvent(JSON.parse(line), defaultUpcasters, true);
    if (reused === undefined) return;
    expect(JSON.stringify(reused)).toBe(JSON.stringify(parseRecordedEventSlowly(JSON.parse(line), {}, defaultUpcasters)));
  });

  it('reuses a parsed line in the stored order, and copies one in another order', () => {
    const line = JSON.stringify(RECORDED[3]);
    const parsed = JSON.parse(line) as RecordedEvent;
    expect(tryParseRecordedEvent(parsed, defaultUpcasters, true)).toBe(parsed);
    const reordered = JSON.parse(line) as Record<string, unknown>;
    const data = reordered.data as Record<string, unknown>;
    reordered.data = Object.fromEntries(Object.entries(data).reverse());
    const event = tryParseRecordedEvent(reordered, defaultUpcasters, true);
    expect(event).not.toBe(reordered);
    expect(JSON.stringify(event)).toBe(line);
  });

  it('upcasts an older schema version on the fast path too, and never reuses it', () => {
    const rating = RECORDED.find((recorded) => recorded.type === 'RatingRecorded') as RecordedEvent;
    const { scheme: _scheme, ...olderData } = rating.data as Record<string, unknown>;
    const older = { ...rating, schemaVersion: 1, data: olderData };
    const event = tryParseRecordedEvent(copy(older), defaultUpcasters, true);
    expect(event?.schemaVersion).toBe(2);
    expect(event?.data).toStrictEqual(rating.data);
    expect(JSON.stringify(event)).toBe(JSON.stringify(parseRecordedEventSlowly(copy(older), {}, defaultUpcasters)));
    // a schema version newer than the registry knows: the slow path names it
    expect(() => parseRecordedEvent({ ...rating, schemaVersion: 3 }, { line: 2 })).toThrow(/line 2.*field "schemaVersion".*newer than this library knows/);
    expect(() => parseRecordedEvent(older, {}, new UpcasterRegistry([]))).toThrow(/field "schemaVersion".*no upcaster for RatingRecorded/);
  });

  it('still names the field and reason of a bad event', () => {
    const [first] = RECORDED as [RecordedEvent];
    expect(() => parseRecordedEvent({ ...first, hash: 'A'.repeat(64) }, { line: 3 })).toThrow(`line 3, event ${first.eventId}: field "hash": a sha-256 hex digest`);
    expect(() => parseRecordedEvent({ ...first, streamVersion: 0 }, { line: 3 })).toThrow(/line 3, event event-1: field "streamVersion": Too small/);
    expect(() => parseRecordedEvent({ ...first, data: { ...first.data, extra: 1 } }, { line: 4 })).toThrow(/line 4, event event-1: field "data": Unrecognized key: "extra"/);
    expect(() => parseRecordedEvent(JSON.parse(`{"__proto__": 1, "eventId": "e"}`), { line: 5 })).toThrow('line 5: field "__proto__": forbidden key');
  });
});
