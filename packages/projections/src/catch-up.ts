import type { Checkpoint, EventStore, RecordedEvent, Subscription } from '@hoptac/core';
import { ProjectionFailedError, type ProjectionFailure } from './errors';
import { applyEvent, type Projection } from './projection';
import { MemoryStateStore, type StateStore } from './state-store';

/** Why a catch-up runner started where it did. */
export type StartReason =
  /** state and checkpoint were found for this projection version: resume after the checkpoint */
  | 'resumed'
  /** nothing was saved yet */
  | 'new'
  /** what was saved belongs to another projection version: rebuild from position 1 */
  | 'version-changed'
  /** a checkpoint was found but not the state it describes (e.g. an in-memory state store after a restart) */
  | 'state-missing';

/** What a catch-up runner is doing. */
export interface RunnerStatus {
  phase: 'idle' | 'running' | 'stopped' | 'failed';
  /** last global position applied (events the projection does not want count as applied) */
  position: number;
  /** position of the last state + checkpoint saved */
  savedPosition: number;
  startedFrom?: { position: number; reason: StartReason };
  /** set when the projection threw: the failing event's position and the error; the checkpoint is just before it */
  failure?: ProjectionFailure;
}

/** Options of a catch-up runner. */
export interface CatchUpOptions<State> {
  /** save state + checkpoint after this many events (default 100); also saved on stop and on failure */
  checkpointEvery?: number;
  /** called once when the projection throws; the runner has stopped by then */
  onError?: (failure: ProjectionFailure) => void;
  /** where the state is saved with its checkpoint (default: in memory, for this process only) */
  stateStore?: StateStore<State>;
}

/**
 * Runs one projection from its checkpoint, then live, through the store's subscription.
 *
 * The state and its checkpoint are saved together in the StateStore (atomically, by its contract); the checkpoint
 * is then copied to `store.checkpoints` (unless the StateStore `savesStoreCheckpoint` itself), where hosts and
 * tools see how far each projection is. On start the
 * runner resumes only from a saved state whose projectionVersion equals the projection's version; a checkpoint
 * of another version, or a checkpoint without its state, makes it rebuild from position 1. So a restart neither
 * skips nor applies an event twice. A projection that throws stops the runner at that event: the saved
 * checkpoint is the position just before it, and a restart (after the fix) starts exactly with that event.
 */
export class CatchUpRunner<State> {
  private current: State;
  private applied = 0;
  private saved = 0;
  private sinceSave = 0;
  private phase: RunnerStatus['phase'] = 'idle';
  private startedFrom: RunnerStatus['startedFrom'];
  private failure: ProjectionFailure | undefined;
  private subscription: Subscription | undefined;
  private readonly waiters = new Set<{ position: number; resolve: () => void; reject: (error: Error) => void }>();
  private readonly stateStore: StateStore<State>;
  private readonly checkpointEvery: number;

  constructor(
    readonly store: EventStore,
    readonly projection: Projection<State>,
    private readonly options: CatchUpOptions<State> = {},
  ) {
    this.current = projection.initialState();
    this.stateStore = options.stateStore ?? new MemoryStateStore<State>();
    this.checkpointEvery = options.checkpointEvery ?? 100;
    if (!Number.isInteger(this.checkpointEvery) || this.checkpointEvery < 1)
      throw new RangeError(`checkpointEvery must be a positive integer, got ${options.checkpointEvery}`);
  }

  /** The projection's state as applied so far (read-only for callers). */
  get state(): State {
    return this.current;
  }

  /** Phase, positions, where it started and why, and the failure if any. */
  get status(): RunnerStatus {
    return {
      phase: this.phase,
      position: this.applied,
      savedPosition: this.saved,
      ...(this.startedFrom === undefined ? {} : { startedFrom: this.startedFrom }),
      ...(this.failure === undefined ? {} : { failure: this.failure }),
    };
  }

  /** Loads the saved state (or decides to rebuild) and subscribes after its checkpoint. */
  async start(): Promise<void> {
    if (this.phase === 'running') throw new Error(`projection ${this.projection.name} is already running`);
    const { name, version } = this.projection;
    const [stored, checkpoint] = await Promise.all([this.stateStore.load(name), this.store.checkpoints.load(name)]);
    const otherVersion = [stored?.checkpoint, checkpoint].some((saved) => saved !== undefined && saved.projectionVersion !== version);
    let reason: StartReason;
    if (otherVersion) reason = 'version-changed';
    else if (stored !== undefined) reason = 'resumed';
    else if (checkpoint !== undefined && checkpoint.position > 0) reason = 'state-missing';
    else reason = 'new';
    if (reason === 'resumed' && stored !== undefined) {
      this.current = stored.state;
      this.applied = this.saved = stored.checkpoint.position;
    } else {
      this.current = this.projection.initialState();
      this.applied = this.saved = 0;
    }
    this.sinceSave = 0;
    this.failure = undefined;
    this.startedFrom = { position: this.applied, reason };
    this.phase = 'running';
    this.subscription = this.store.subscribe({ from: this.applied + 1 }, (event) => this.handle(event));
    this.subscription.done.catch(() => undefined);
  }

  /** Resolves once every event in the store when called is applied; rejects with ProjectionFailedError if the projection fails first. */
  async caughtUp(): Promise<void> {
    return this.reached(await this.store.headPosition());
  }

  /** Resolves once `position` is applied; rejects with ProjectionFailedError if the projection fails first. */
  reached(position: number): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(new ProjectionFailedError(this.failure));
    if (this.applied >= position) return Promise.resolve();
    if (this.phase !== 'running') return Promise.reject(new Error(`projection ${this.projection.name} is not running`));
    return new Promise((resolve, reject) => this.waiters.add({ position, resolve, reject }));
  }

  /** Stops following the store and saves state + checkpoint (unless the projection failed: that was saved already). */
  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
    if (this.phase === 'running') {
      if (this.applied > this.saved) await this.save();
      this.phase = 'stopped';
    }
    for (const waiter of this.waiters) waiter.reject(new Error(`projection ${this.projection.name} stopped`));
    this.waiters.clear();
  }

  private async handle(event: RecordedEvent): Promise<void> {
    // a store that delivers at least once may repeat an event: it is applied once
    if (event.globalPosition <= this.applied) return;
    try {
      this.current = applyEvent(this.projection, this.current, event);
    } catch (error) {
      await this.fail(event, error);
      throw new ProjectionFailedError(this.failure as ProjectionFailure);
    }
    this.applied = event.globalPosition;
    if (++this.sinceSave >= this.checkpointEvery) await this.save();
    for (const waiter of this.waiters)
      if (this.applied >= waiter.position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
  }

  private async save(): Promise<void> {
    const checkpoint: Checkpoint = { position: this.applied, projectionVersion: this.projection.version };
    await this.stateStore.save(this.projection.name, { state: this.current, checkpoint });
    if (!this.stateStore.savesStoreCheckpoint) await this.store.checkpoints.save(this.projection.name, checkpoint);
    this.saved = this.applied;
    this.sinceSave = 0;
  }

  // apply may have half-mutated the state before throwing, so the state before the failing event is rebuilt
  // from the last save plus the events since, then saved with the checkpoint just before the failing event
  private async fail(event: RecordedEvent, error: unknown): Promise<void> {
    this.failure = {
      projection: this.projection.name,
      position: event.globalPosition,
      eventId: event.eventId,
      eventType: event.type,
      error,
    };
    this.phase = 'failed';
    try {
      const stored = await this.stateStore.load(this.projection.name);
      const usable = stored !== undefined && stored.checkpoint.projectionVersion === this.projection.version && stored.checkpoint.position === this.saved;
      let state = usable ? stored.state : this.projection.initialState();
      const from = usable ? this.saved + 1 : 1;
      if (event.globalPosition > from)
        for await (const earlier of this.store.readAll({ from, limit: event.globalPosition - from }))
          state = applyEvent(this.projection, state, earlier);
      this.current = state;
      this.applied = event.globalPosition - 1;
      if (this.applied > this.saved || !usable) await this.save();
    } finally {
      for (const waiter of this.waiters) waiter.reject(new ProjectionFailedError(this.failure));
      this.waiters.clear();
      this.options.onError?.(this.failure);
    }
  }
}
