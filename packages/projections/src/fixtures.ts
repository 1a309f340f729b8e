// Test fixtures shared by this package's tests (not exported): random, valid membership histories.
import fc from 'fast-check';
import { organisationStream, type AppendRequest, type EventStore, type NewEvent, type OrganisationEvent, type RecordedEvent } from '@hoptac/core';
import type { Clocks } from './projection';

const organisations = ['org-a', 'org-b', 'org-c'];
const members = ['m-1', 'm-2', 'm-3', 'm-4'];
const START = Date.parse('2024-01-01T00:00:00.000Z');
const HOUR = 3_600_000;
const DAYS = 60;

/** The business date `n` days after 2024-01-01. */
export const day = (n: number): string => new Date(START + n * 24 * HOUR).toISOString().slice(0, 10);
/** The instant `n` hours after 2024-01-01T00:00Z. */
export const hour = (n: number): string => new Date(START + n * HOUR).toISOString();

const step = fc.record({
  kind: fc.constantFrom('found', 'admit', 'admit', 'depart'),
  organisationId: fc.constantFrom(...organisations),
  memberId: fc.constantFrom(...members),
  day: fc.integer({ min: 0, max: DAYS - 1 }),
  // record hours are independent of business days, so the global order is not the business order
  recordedHour: fc.integer({ min: 0, max: DAYS * 24 }),
});

/** A random history of foundings, admissions and departures, recorded in an order unrelated to business dates. */
export const anyHistory = fc.array(step, { maxLength: 40 }).map((steps) => steps.map((s, index) => toNewEvent(s, index)));

/** Clocks around and inside the range of the histories, boundaries included. */
export const anyClocks: fc.Arbitrary<Clocks> = fc.record({
  asOf: fc.integer({ min: -1, max: DAYS }).map(day),
  knownAt: fc.integer({ min: -1, max: DAYS * 24 + 1 }).map(hour),
});

/** How to cut a history into appends: sizes of consecutive batches. */
export const anyBatchSizes = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 40 });

type Step = { kind: string; organisationId: string; memberId: string; day: number; recordedHour: number };

const toNewEvent = (s: Step, index: number): NewEvent<OrganisationEvent> => {
  const envelope = { eventId: `event-${index + 1}`, recordedAt: hour(s.recordedHour), occurredOn: day(s.day) };
  if (s.kind === 'found')
    return {
      ...envelope,
      type: 'OrganisationFounded',
      data: {
        organisationId: s.organisationId,
        kind: 'cooperative',
        name: `Hợp tác xã ${s.organisationId}`,
        registrationCode: `REG-${s.organisationId}`,
        headOfficeUnit: 'commune-1',
        origin: { type: 'new' },
      },
    };
  if (s.kind === 'admit')
    return {
      ...envelope,
      type: 'MemberAdmitted',
      data: {
        organisationId: s.organisationId,
        memberId: s.memberId,
        memberKind: 'official',
        partyType: 'individual',
        capitalCommitted: 1_000_000,
        origin: 'application',
      },
    };
  return { ...envelope, type: 'MemberDeparted', data: { organisationId: s.organisationId, memberId: s.memberId, reason: 'voluntary' } };
};

/** Appends the events in batches of the given sizes (cycled), each batch one atomic appendMany over its streams. */
export const appendInBatches = async (store: EventStore, events: readonly NewEvent<OrganisationEvent>[], sizes: readonly number[] = [1]): Promise<void> => {
  let index = 0;
  let batch = 0;
  while (index < events.length) {
    const size = sizes[batch++ % sizes.length] ?? 1;
    const requests: AppendRequest[] = events
      .slice(index, index + size)
      .map((event) => ({ stream: organisationStream(event.data.organisationId), events: [event], expectedVersion: 'any' }));
    await store.appendMany(requests);
    index += size;
  }
};

/** Every event of a store, in global order. */
export const readAll = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
};
