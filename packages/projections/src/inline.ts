import type {
  AppendRequest,
  AppendResult,
  CheckpointStore,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '@hoptac/core';
import { ProjectionFailedError, type ProjectionFailure } from './errors';
import { applyEvent, inGlobalOrder, type AnyProjection } from './projection';
import { ProjectionRegistry } from './registry';

interface Entry {
  projection: AnyProjection;
  state: unknown;
  failure?: ProjectionFailure;
}

/** Options of the inline runner. */
export interface InlineOptions {
  /** called once when a projection throws; that projection stops, the append still succeeds */
  onError?: (failure: ProjectionFailure) => void;
}

/**
 * An event store that keeps projections up to date as events are appended through it. It delegates every call
 * to the wrapped store, then applies the events each successful append returns, in global order. Events that
 * reach the store another way (another writer, or history before the wrapper) are read to fill the gap first, so
 * no event is skipped or applied twice. A projection that throws stops at that event; `state(name)` then throws.
 */
export class InlineProjections implements EventStore {
  readonly checkpoints: CheckpointStore;
  private readonly entries = new Map<string, Entry>();
  private applied = 0;
  // appends may resolve out of order; applying goes through one queue so the global order holds
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly store: EventStore,
    projections: ProjectionRegistry | Iterable<AnyProjection>,
    private readonly options: InlineOptions = {},
  ) {
    this.checkpoints = store.checkpoints;
    const registry = projections instanceof ProjectionRegistry ? projections : new ProjectionRegistry(projections);
    for (const projection of registry.all()) this.entries.set(projection.name, { projection, state: projection.initialState() });
  }

  /** The last global position applied. */
  get position(): number {
    return this.applied;
  }

  /** Applies what the store already holds (history written before this wrapper); call once after construction. */
  catchUp(): Promise<void> {
    return this.enqueue(async () => {
      for await (const event of this.store.readAll({ from: this.applied + 1 })) this.applyOne(event);
    });
  }

  /** The current state of a projection; throws ProjectionFailedError if it stopped on an event. */
  state<State = unknown>(name: string): State {
    const entry = this.entries.get(name);
    if (entry === undefined) throw new Error(`no inline projection named ${name} (known: ${[...this.entries.keys()].join(', ')})`);
    if (entry.failure !== undefined) throw new ProjectionFailedError(entry.failure);
    return entry.state as State;
  }

  /** Where a projection stopped, if it did. */
  failure(name: string): ProjectionFailure | undefined {
    return this.entries.get(name)?.failure;
  }

  async append(stream: string, events: readonly NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    const result = await this.store.append(stream, events, options);
    await this.absorb(result.events);
    return result;
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    const results = await this.store.appendMany(requests);
    await this.absorb(results.flatMap((result) => result.events));
    return results;
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.store.readStream(stream, options);
  }

  streamVersion(stream: string): Promise<number> {
    return this.store.streamVersion(stream);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.store.readAll(options);
  }

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  subscribe(options: SubscribeOptions, handler: (event: RecordedEvent) => void | Promise<void>): Subscription {
    return this.store.subscribe(options, handler);
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private absorb(events: readonly RecordedEvent[]): Promise<void> {
    return this.enqueue(async () => {
      for (const event of inGlobalOrder(events)) {
        // an idempotent repeat returns events already applied
        if (event.globalPosition <= this.applied) continue;
        if (event.globalPosition > this.applied + 1)
          for await (const missing of this.store.readAll({ from: this.applied + 1, limit: event.globalPosition - this.applied - 1 }))
            this.applyOne(missing);
        this.applyOne(event);
      }
    });
  }

  private applyOne(event: RecordedEvent): void {
    if (event.globalPosition !== this.applied + 1)
      throw new Error(`inline projections expected global position ${this.applied + 1}, got ${event.globalPosition}`);
    for (const entry of this.entries.values()) {
      if (entry.failure !== undefined) continue;
      try {
        entry.state = applyEvent(entry.projection, entry.state, event);
      } catch (error) {
        entry.failure = {
          projection: entry.projection.name,
          position: event.globalPosition,
          eventId: event.eventId,
          eventType: event.type,
          error,
        };
        this.options.onError?.(entry.failure);
      }
    }
    this.applied = event.globalPosition;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
