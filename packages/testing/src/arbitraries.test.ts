import { test } from '@fast-check/vitest';
import {
  CommandHandler,
  GENESIS_HASH,
  MemoryEventStore,
  OrganisationCommand,
  chainHash,
  parseDomainEvent,
  parseNewEvent,
  parseRecordedEvent,
  type RecordedEvent,
} from '@hoptac/core';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyCommand, anyEvent, anyNewEvent, commandArbitraries, organisationEventArbitraries } from './arbitraries';
import { buildHistory, historyIntents, sampleTerritory, validHistory } from './history';

describe('single-event arbitraries', () => {
  test.prop([anyEvent], { numRuns: 300 })('every generated event matches its schema', (event) => {
    expect(parseDomainEvent(event)).toEqual(event);
  });

  test.prop([anyNewEvent], { numRuns: 100 })('every generated new event is accepted by a store', async (event) => {
    expect(() => parseNewEvent(event)).not.toThrow();
    const store = new MemoryEventStore();
    await store.append('organisation-x', [event], { expectedVersion: 'no-stream' });
    expect(await store.headPosition()).toBe(1);
  });

  it('has an arbitrary for every organisation event type and every command type', () => {
    const eventTypes = Object.keys(organisationEventArbitraries).sort();
    expect(eventTypes).toHaveLength(33);
    const commandTypes = Object.keys(commandArbitraries).sort();
    expect(commandTypes).toEqual(OrganisationCommand.options.map((option) => option.shape.type.value).sort());
  });

  test.prop([anyCommand], { numRuns: 300 })('every generated command matches its schema', (command) => {
    expect(OrganisationCommand.parse(command)).toEqual(command);
  });
});

// #region history-options
const small = { organisations: 5, intents: 40, size: 'medium' as const };
// #endregion history-options

describe('valid histories', () => {
  // #region valid-history
  test.prop([validHistory(small)], { numRuns: 60 })('every event is a valid stored event, chained and in order', (events) => {
    let previousHash = GENESIS_HASH;
    const versions = new Map<string, number>();
    events.forEach((event, index) => {
      expect(parseRecordedEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
      expect(event.globalPosition).toBe(index + 1);
      expect(event.streamVersion).toBe((versions.get(event.stream) ?? 0) + 1);
      versions.set(event.stream, event.streamVersion);
      expect(event.hash).toBe(chainHash(previousHash, event));
      previousHash = event.hash;
      if (index > 0) expect(event.recordedAt >= (events[index - 1] as RecordedEvent).recordedAt).toBe(true);
    });
  });
  // #endregion valid-history

  test.prop([historyIntents(small)], { numRuns: 40 })(
    'replays through the command handler without a rejection, giving the same events',
    async (intents) => {
      const { events, steps, metadata } = buildHistory(intents, small);
      const store = new MemoryEventStore();
      let counter = 0;
      let now = '';
      const handler = new CommandHandler(store, {
        clock: () => new Date(now),
        newEventId: () => `ev-${String(++counter).padStart(6, '0')}`,
        metadata,
      });
      for (const step of steps) {
        now = step.recordedAt;
        if (step.kind === 'command') await handler.handle(step.command);
        else
          await store.append(
            'territory-administrative-units',
            [{ ...step.event, eventId: `ev-${String(++counter).padStart(6, '0')}`, recordedAt: now, metadata }],
            { expectedVersion: 'any' },
          );
      }
      const replayed: RecordedEvent[] = [];
      for await (const event of store.readAll()) replayed.push(event);
      expect(replayed).toEqual(events);
    },
  );

  it('covers the plan: foundings, conversions, successors, late records, corrections and the 2025 units reorganisation', () => {
    const histories = fc.sample(validHistory({ ...small, lateRecordShare: 0.3 }), { numRuns: 150, seed: 42 });
    const all = histories.flat();
    const types = new Set(all.map((event) => event.type));
    for (const type of [
      'OrganisationFounded',
      'MemberAdmitted',
      'MemberDeparted',
      'RatingRecorded',
      'RatingCorrected',
      'ValueChainLinkageStarted',
      'HighTechRecognitionGranted',
      'DigitalAssessmentRecorded',
      'DebtRecognised',
      'OperationsSuspended',
      'OrganisationReorganised',
      'GroupConverted',
      'DissolutionStarted',
      'AdministrativeUnitsReorganised',
    ])
      expect(types, type).toContain(type);
    const late = all.filter((event) => Date.parse(event.recordedAt) - Date.parse(`${event.occurredOn}T00:00:00Z`) > 30 * 86_400_000);
    expect(late.length).toBeGreaterThan(0);
    const reorganisation = all.find((event) => event.type === 'AdministrativeUnitsReorganised');
    expect(reorganisation?.occurredOn).toBe(sampleTerritory.reorganisation?.occurredOn);
  });

  it('is reproducible from a seed', () => {
    const once = fc.sample(validHistory(small), { numRuns: 3, seed: 7 });
    const again = fc.sample(validHistory(small), { numRuns: 3, seed: 7 });
    expect(again).toEqual(once);
  });

  it('shrinks a failing property to a small history', () => {
    const result = fc.check(
      fc.property(validHistory(small), (events) => !events.some((event) => event.type === 'RatingRecorded')),
      { seed: 3, numRuns: 200 },
    );
    expect(result.failed).toBe(true);
    const counterexample = result.counterexample?.[0] as RecordedEvent[];
    // a cooperative founded with its members, then one rating: nothing else is needed to break the property
    expect(counterexample.length).toBeLessThanOrEqual(12);
  });
});
