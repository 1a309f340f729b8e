import { describe, expect, it } from 'vitest';
import { dayNumber } from './dates';
import {
  dayAt,
  digitalAssessmentsOf,
  eventIdAt,
  memberIdsOf,
  positionAt,
  ratingsOf,
  recordedMsAt,
  registrationUpdatesOf,
  type IndicatorsState,
} from './projection';
import { History } from './test-history';
import type { RecordedEvent } from '@hoptac/core';

// every log entry gives back its event's id, business day, record time and position
const expectLogOf = (state: IndicatorsState, events: readonly RecordedEvent[]) => {
  expect(state.log.length).toBe(events.length);
  events.forEach((event, at) => {
    expect(eventIdAt(state.log, at)).toBe(event.eventId);
    expect(dayAt(state.log, at)).toBe(dayNumber(event.occurredOn));
    expect(recordedMsAt(state.log, at)).toBe(Date.parse(event.recordedAt));
    expect(positionAt(state.log, at)).toBe(event.globalPosition);
  });
};

describe('the event log', () => {
  it('gives back every event from its compact columns', () => {
    const history = new History();
    history.found('a', '2024-03-01', { members: 3 });
    history.rate('a', 2024, 'good');
    history.on('DigitalAssessmentRecorded', 'a', '2024-06-01', { checklistVersion: 'v1', result: 'meets' });
    history.on('RegistrationUpdateSubmitted', 'a', '2024-12-20', { windowYear: 2025 });
    history.on('MemberDeparted', 'a', '2024-07-01', { memberId: 'a-m2', reason: 'voluntary' });
    const state = history.state();
    expectLogOf(state, history.events);
    const org = state.organisations.get('a');
    if (org === undefined) throw new Error('no timeline');
    expect(memberIdsOf(state.log, org)).toEqual(['a-m1', 'a-m2', 'a-m3', 'a-m2']);
    expect(ratingsOf(state, org)).toMatchObject([{ year: 2024, level: 'good', scheme: 'circular-01-2020', isCorrection: false }]);
    expect(digitalAssessmentsOf(state, org)).toMatchObject([{ occurredOn: '2024-06-01', checklistVersion: 'v1', result: 'meets' }]);
    expect(registrationUpdatesOf(state, org)).toMatchObject([{ occurredOn: '2024-12-20', windowYear: 2025 }]);
  });

  it('widens days, record times and positions that do not fit the narrow columns', () => {
    const history = new History();
    history.found('a', '2024-03-01', { members: 2 });
    // a business day a century before the first, a record time a century after it
    history.found('b', '1920-05-05', { recordedAt: '2120-01-02T03:04:05.678Z', members: 1 });
    history.admit('a', '2024-04-01', 'a-m9', { recordedAt: '2024-04-01T10:00:00.001Z' });
    // a gap in the positions (a filtered replay)
    const events = history.events.filter((_, index) => index !== 1);
    const state = history.state(events);
    expect(state.log.narrowDays).toBe(false);
    expect(state.log.narrowRecords).toBe(false);
    expect(state.log.keepsPositions).toBe(true);
    expectLogOf(state, events);
  });

  it('keeps the narrow columns while everything fits', () => {
    const history = new History();
    for (let index = 0; index < 3000; index++) history.admit('a', '2024-03-01', `a-m${index}`);
    const state = history.state();
    expect([state.log.narrowDays, state.log.narrowRecords, state.log.keepsPositions]).toEqual([true, true, false]);
    expectLogOf(state, history.events);
  });
});
