import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CommandHandler, loadOrganisation } from '../command-handler';
import { isDomainError } from '../errors';
import { CIRCULAR_01_2020 } from '../primitives';
import { MemoryEventStore } from '../store/memory-store';
import { anyCommandSequence, anyUnorderedCommandSequence, ORGANISATION_IDS } from '../testing/command-arbitraries';
import { replayAll } from '../testing';
import { parseRecordedEvent } from '../validation';
import { evolve, foldOrganisation, initialState } from './decider';
import { OrganisationEvent, organisationStream } from './events';

const domainPart = ({ type, occurredOn, data }: OrganisationEvent) => ({ type, occurredOn, data });

describe('the organisation decider, on generated command sequences', () => {
  test.prop([anyCommandSequence()])('every event it emits matches its schema', (commands) => {
    for (const event of replayAll(commands).events) expect(OrganisationEvent.safeParse(event).error).toBeUndefined();
  });

  test.prop([anyUnorderedCommandSequence()])('every event matches its schema when business dates arrive out of order', (commands) => {
    for (const event of replayAll(commands).events) expect(OrganisationEvent.safeParse(event).error).toBeUndefined();
  });

  test.prop([anyCommandSequence()])('replaying a stream, JSON and all, reproduces the state', (commands) => {
    const { streams, states } = replayAll(commands);
    for (const [organisationId, events] of streams) {
      const stored: OrganisationEvent[] = JSON.parse(JSON.stringify(events));
      expect(stored.reduce(evolve, initialState())).toEqual(states.get(organisationId));
    }
  });

  test.prop([anyUnorderedCommandSequence(), fc.nat()])('folding a stream equals evolving it event by event, from any point', (commands, cut) => {
    for (const events of replayAll(commands).streams.values()) {
      const split = cut % (events.length + 1);
      const stepwise = events.reduce(evolve, initialState());
      expect(foldOrganisation(events)).toEqual(stepwise);
      expect(foldOrganisation(events.slice(split), events.slice(0, split).reduce(evolve, initialState()))).toEqual(stepwise);
    }
  });

  test.prop([anyCommandSequence(25)], { numRuns: 40 })(
    'a command handler over the memory store ends with the same streams and states as a pure replay',
    async (commands) => {
      const store = new MemoryEventStore();
      let next = 0;
      const handler = new CommandHandler(store, { clock: () => new Date('2030-01-01T00:00:00Z'), newEventId: () => `event-${++next}` });
      for (const command of commands)
        await handler.handle(command).catch((error: unknown) => {
          if (!isDomainError(error)) throw error;
        });
      const { streams, states } = replayAll(commands);
      for (const organisationId of ORGANISATION_IDS) {
        const recorded = await store.readStream(organisationStream(organisationId));
        expect(recorded.map((event) => domainPart(event as OrganisationEvent))).toEqual(streams.get(organisationId) ?? []);
        expect((await loadOrganisation(store, organisationId)).state).toEqual(states.get(organisationId) ?? initialState());
      }
    },
  );

  test.prop([anyCommandSequence()])('a ceased organisation has no current members', (commands) => {
    for (const state of replayAll(commands).states.values())
      if (state.status === 'ceased') expect(Object.keys(state.members)).toEqual([]);
  });

  it('accepts a fair share of generated commands, so the properties above are not vacuous', () => {
    const samples = fc.sample(anyCommandSequence(), { numRuns: 200, seed: 42 });
    const accepted = samples.reduce((sum, commands) => sum + commands.length - replayAll(commands).rejections.length, 0);
    const kinds = new Set(samples.flatMap((commands) => replayAll(commands).events.map((event) => event.type)));
    expect(accepted).toBeGreaterThan(200 * 4);
    expect(kinds.size).toBeGreaterThanOrEqual(20);
  });
});

describe('schema evolution', () => {
  const v1Rating = fc.record({
    organisationId: fc.constantFrom('coop-1', 'HTX.0001', 'a:b-c_d'),
    year: fc.integer({ min: 1990, max: 2100 }),
    level: fc.constantFrom('good', 'fair', 'average', 'weak'),
    score: fc.double({ min: 0, max: 100, noNaN: true }),
  });

  test.prop([v1Rating])('a version 1 RatingRecorded reads as the current version, under Circular 01/2020', (data) => {
    const stored = {
      eventId: 'event-1',
      type: 'RatingRecorded',
      schemaVersion: 1,
      stream: organisationStream(data.organisationId),
      streamVersion: 1,
      globalPosition: 1,
      occurredOn: '2025-12-10',
      recordedAt: '2025-12-11T02:00:00.000Z',
      data,
      metadata: {},
      hash: 'a'.repeat(64),
    };
    const event = parseRecordedEvent(JSON.parse(JSON.stringify(stored)));
    expect(event.schemaVersion).toBe(2);
    expect(event.data).toEqual({ ...data, scheme: CIRCULAR_01_2020 });
    expect(OrganisationEvent.safeParse({ type: event.type, occurredOn: event.occurredOn, data: event.data }).success).toBe(true);
  });
});
