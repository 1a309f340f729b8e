import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import { MemoryEventStore, type EventStore, type RecordedEvent } from '@hoptac/core';
import { CatchUpRunner } from './catch-up';
import { isAbortError, ProjectionFailedError, type ProjectionFailure } from './errors';
import { InlineProjections } from './inline';
import { replay, type Projection } from './projection';
import { rebuild, type RebuildProgress } from './rebuild';
import { ProjectionRegistry } from './registry';
import { MemoryStateStore, type StateStore } from './state-store';
import { anyBatchSizes, anyHistory, appendInBatches, readAll } from './fixtures';
import { currentMembershipProjection, membershipProjection, type CurrentMembership } from './testing/index';

const storeWith = async (count: number, seed = 0): Promise<MemoryEventStore> => {
  const store = new MemoryEventStore();
  await appendInBatches(store, historyOf(count, seed));
  return store;
};

const historyOf = (count: number, seed = 0) =>
  Array.from({ length: count }, (_, index) => ({
    type: 'MemberAdmitted' as const,
    eventId: `event-${seed}-${index + 1}`,
    occurredOn: '2025-01-01',
    recordedAt: '2025-01-02T00:00:00.000Z',
    data: {
      organisationId: `org-${index % 3}`,
      memberId: `m-${seed}-${index}`,
      memberKind: 'official' as const,
      partyType: 'individual' as const,
      capitalCommitted: 0,
      origin: 'application' as const,
    },
  }));

/** Records every position it applies: a skipped or repeated event shows in the list. */
const positionsProjection = (options: { version?: number; poison?: number } = {}): Projection<{ positions: number[] }> => ({
  name: 'positions',
  version: options.version ?? 1,
  bitemporal: false,
  initialState: () => ({ positions: [] }),
  apply: (state, event) => {
    // mutates before throwing, so a runner that kept this state would be wrong
    state.positions.push(event.globalPosition);
    if (event.globalPosition === options.poison) throw new Error('cannot read this event');
    return state;
  },
});
const upTo = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

describe('InlineProjections', () => {
  it('keeps projections up to date as events are appended through it', async () => {
    // #region inline
    const store = new InlineProjections(new MemoryEventStore(), new ProjectionRegistry([membershipProjection, currentMembershipProjection]));
    await store.catchUp(); // history written before the wrapper, if any
    await appendInBatches(store, historyOf(5));
    const members = store.state<CurrentMembership>('current-membership');
    // #endregion inline
    expect(members.members['org-0']).toEqual(['m-0-0', 'm-0-3']);
    expect(store.position).toBe(5);
  });

  it('applies history from before the wrapper, and events another writer appended, in order and once', async () => {
    const inner = await storeWith(4);
    const inline = new InlineProjections(inner, [positionsProjection()]);
    await inline.catchUp();
    await appendInBatches(inner, historyOf(3, 1)); // behind the wrapper's back
    const events = historyOf(2, 2);
    await appendInBatches(inline, events);
    await appendInBatches(inline, events); // an idempotent repeat returns the stored events again
    expect(inline.state<{ positions: number[] }>('positions').positions).toEqual(upTo(9));
  });

  it('stops a projection that throws and names the event, while the append and the others go on', async () => {
    const failures: ProjectionFailure[] = [];
    const inline = new InlineProjections(new MemoryEventStore(), [positionsProjection({ poison: 2 }), currentMembershipProjection], {
      onError: (failure) => failures.push(failure),
    });
    await appendInBatches(inline, historyOf(3));
    expect(() => inline.state('positions')).toThrow(ProjectionFailedError);
    expect(inline.failure('positions')).toMatchObject({ position: 2, eventId: 'event-0-2' });
    expect(failures).toHaveLength(1);
    expect(inline.state<CurrentMembership>('current-membership').members['org-2']).toEqual(['m-0-2']);
  });
});

describe('CatchUpRunner', () => {
  it('resumes after a restart without skipping or repeating an event', async () => {
    // #region catch-up
    const store = await storeWith(7);
    const stateStore = new MemoryStateStore<{ positions: number[] }>(); // a durable StateStore in production
    const runner = new CatchUpRunner(store, positionsProjection(), { checkpointEvery: 3, stateStore });
    await runner.start();
    await runner.caughtUp();
    await runner.stop(); // saves state + checkpoint together

    await appendInBatches(store, historyOf(4, 1));
    const restarted = new CatchUpRunner(store, positionsProjection(), { checkpointEvery: 3, stateStore });
    await restarted.start();
    await restarted.caughtUp();
    expect(restarted.status.startedFrom).toEqual({ position: 7, reason: 'resumed' });
    expect(restarted.state.positions).toEqual(upTo(11));
    // #endregion catch-up
    await restarted.stop();
    expect(await store.checkpoints.load('positions')).toEqual({ position: 11, projectionVersion: 1 });
  });

  it('resumes from the last save when the process died between saves: events after it are applied once', async () => {
    const store = await storeWith(10);
    const stateStore = new MemoryStateStore<{ positions: number[] }>();
    const crashed = new CatchUpRunner(store, positionsProjection(), { checkpointEvery: 4, stateStore });
    await crashed.start();
    await crashed.caughtUp();
    // no stop(): as if the process died; the last save was at position 8
    expect(crashed.status.savedPosition).toBe(8);
    const restarted = new CatchUpRunner(store, positionsProjection(), { checkpointEvery: 4, stateStore });
    await restarted.start();
    await restarted.caughtUp();
    expect(restarted.status.startedFrom).toEqual({ position: 8, reason: 'resumed' });
    expect(restarted.state.positions).toEqual(upTo(10));
    await Promise.all([crashed.stop(), restarted.stop()]);
  });

  it('follows events appended while it runs', async () => {
    const store = await storeWith(2);
    const runner = new CatchUpRunner(store, positionsProjection());
    await runner.start();
    await appendInBatches(store, historyOf(3, 1));
    await runner.reached(5);
    expect(runner.state.positions).toEqual(upTo(5));
    await runner.stop();
  });

  it('rebuilds from position 1 when the projection version changed, never reusing the old state', async () => {
    const store = await storeWith(5);
    const stateStore = new MemoryStateStore<{ positions: number[] }>();
    const first = new CatchUpRunner(store, positionsProjection({ version: 1 }), { stateStore });
    await first.start();
    await first.caughtUp();
    await first.stop();

    const changed = new CatchUpRunner(store, positionsProjection({ version: 2 }), { stateStore });
    await changed.start();
    await changed.caughtUp();
    await changed.stop();
    expect(changed.status.startedFrom).toEqual({ position: 0, reason: 'version-changed' });
    expect(changed.state.positions).toEqual(upTo(5));
    expect(await store.checkpoints.load('positions')).toEqual({ position: 5, projectionVersion: 2 });
    expect((await stateStore.load('positions'))?.checkpoint).toEqual({ position: 5, projectionVersion: 2 });
  });

  it('rebuilds when a checkpoint is found without the state it describes', async () => {
    const store = await storeWith(3);
    await store.checkpoints.save('positions', { position: 3, projectionVersion: 1 });
    const runner = new CatchUpRunner(store, positionsProjection()); // a fresh in-memory state store
    await runner.start();
    await runner.caughtUp();
    expect(runner.status.startedFrom).toEqual({ position: 0, reason: 'state-missing' });
    expect(runner.state.positions).toEqual(upTo(3));
    await runner.stop();
  });

  it('stops at a failing event, keeps the checkpoint before it, and resumes exactly there after the fix', async () => {
    const store = await storeWith(9);
    const stateStore = new MemoryStateStore<{ positions: number[] }>();
    const errors: ProjectionFailure[] = [];
    const broken = new CatchUpRunner(store, positionsProjection({ poison: 7 }), {
      checkpointEvery: 5,
      stateStore,
      onError: (failure) => errors.push(failure),
    });
    await broken.start();
    await expect(broken.caughtUp()).rejects.toThrow(ProjectionFailedError);
    expect(broken.status).toMatchObject({ phase: 'failed', position: 6, failure: { position: 7, eventId: 'event-0-7' } });
    expect((broken.status.failure?.error as Error).message).toBe('cannot read this event');
    expect(errors.map((failure) => failure.position)).toEqual([7]);
    // the half-applied event was discarded: the saved state is exactly events 1..6
    expect(await stateStore.load('positions')).toEqual({ state: { positions: upTo(6) }, checkpoint: { position: 6, projectionVersion: 1 } });
    expect(await store.checkpoints.load('positions')).toEqual({ position: 6, projectionVersion: 1 });
    await broken.stop();

    const seen: number[] = [];
    const fixed = positionsProjection();
    const runner = new CatchUpRunner(store, { ...fixed, apply: (state, event) => (seen.push(event.globalPosition), fixed.apply(state, event)) }, { stateStore });
    await runner.start();
    await runner.caughtUp();
    expect(runner.status.startedFrom).toEqual({ position: 6, reason: 'resumed' });
    expect(seen).toEqual([7, 8, 9]);
    expect(runner.state.positions).toEqual(upTo(9));
    await runner.stop();
  });
});

describe('a StateStore of your own', () => {
  it('keeps state and checkpoint together and lets the runner resume from them', async () => {
    const store = await storeWith(5);
    // #region state-store
    /** State as JSON text next to its checkpoint, e.g. one row of a table written in one transaction. */
    const rows = new Map<string, string>();
    const jsonStateStore: StateStore<{ positions: number[] }> = {
      savesStoreCheckpoint: true,
      load: async (name) => {
        const row = rows.get(name);
        return row === undefined ? undefined : JSON.parse(row);
      },
      save: async (name, stored) => {
        rows.set(name, JSON.stringify(stored));
        await store.checkpoints.save(name, stored.checkpoint); // same transaction in a real database
      },
    };
    const runner = new CatchUpRunner(store, positionsProjection(), { stateStore: jsonStateStore, checkpointEvery: 2 });
    // #endregion state-store
    await runner.start();
    await runner.caughtUp();
    await runner.stop();
    await appendInBatches(store, historyOf(1, 1));
    const restarted = new CatchUpRunner(store, positionsProjection(), { stateStore: jsonStateStore });
    await restarted.start();
    await restarted.caughtUp();
    await restarted.stop();
    expect(restarted.status.startedFrom).toEqual({ position: 5, reason: 'resumed' });
    expect(JSON.parse(rows.get('positions') ?? '{}')).toEqual({ state: { positions: upTo(6) }, checkpoint: { position: 6, projectionVersion: 1 } });
  });
});

describe('rebuild', () => {
  it('replays from position 1 with progress up to the head', async () => {
    const store = await storeWith(35);
    // #region rebuild
    const progress: RebuildProgress[] = [];
    const { state, checkpoint } = await rebuild(store, positionsProjection(), {
      progressEvery: 10,
      onProgress: (step) => progress.push(step),
    });
    // #endregion rebuild
    expect(progress.map(({ position, head }) => [position, head])).toEqual([[10, 35], [20, 35], [30, 35], [35, 35]]);
    expect(state.positions).toEqual(upTo(35));
    expect(checkpoint).toEqual({ position: 35, projectionVersion: 1 });
  });

  it('stops on abort with an AbortError and saves nothing', async () => {
    const store = await storeWith(35);
    const stateStore = new MemoryStateStore<{ positions: number[] }>();
    const controller = new AbortController();
    const rebuilding = rebuild(store, positionsProjection(), {
      progressEvery: 10,
      signal: controller.signal,
      stateStore,
      onProgress: ({ position }) => position === 20 && controller.abort(),
    });
    await expect(rebuilding).rejects.toSatisfy(isAbortError);
    expect(await stateStore.load('positions')).toBeUndefined();
    expect(await store.checkpoints.load('positions')).toBeUndefined();
  });

  it('refuses to start with a signal already aborted', async () => {
    const store = await storeWith(1);
    await expect(rebuild(store, positionsProjection(), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('hands over to a catch-up runner through the state store', async () => {
    const store = await storeWith(6);
    const stateStore = new MemoryStateStore<{ positions: number[] }>();
    await rebuild(store, positionsProjection(), { stateStore });
    await appendInBatches(store, historyOf(2, 1));
    const runner = new CatchUpRunner(store, positionsProjection(), { stateStore });
    await runner.start();
    await runner.caughtUp();
    expect(runner.status.startedFrom).toEqual({ position: 6, reason: 'resumed' });
    expect(runner.state.positions).toEqual(upTo(8));
    await runner.stop();
  });

  it('reports the event a projection failed on', async () => {
    const store = await storeWith(4);
    await expect(rebuild(store, positionsProjection({ poison: 3 }))).rejects.toMatchObject({ failure: { position: 3 } });
  });
});

describe('ProjectionRegistry', () => {
  it('refuses two projections with one name', () =>
    expect(() => new ProjectionRegistry([membershipProjection, { ...membershipProjection }])).toThrow(/already registered/));

  it('names what is registered when asked for an unknown projection', () =>
    expect(() => new ProjectionRegistry([membershipProjection]).get('nope')).toThrow(/membership/));
});

describe('inline, catch-up and rebuild agree', () => {
  test.prop([anyHistory, anyBatchSizes], { numRuns: 50 })('on random histories appended in random batches', async (history, sizes) => {
    const inline = new InlineProjections(new MemoryEventStore(), [membershipProjection, currentMembershipProjection]);
    await appendInBatches(inline, history, sizes);
    const events = await readAll(inline);
    for (const projection of [membershipProjection, currentMembershipProjection]) {
      const runner = new CatchUpRunner(inline.store, projection as Projection<unknown>, { checkpointEvery: 3 });
      await runner.start();
      await runner.caughtUp();
      await runner.stop();
      const rebuilt = await rebuild(inline.store, projection as Projection<unknown>);
      const expected = replay(projection as Projection<unknown>, events);
      expect(inline.state(projection.name)).toEqual(expected);
      expect(runner.state).toEqual(expected);
      expect(rebuilt.state).toEqual(expected);
    }
  });
});
