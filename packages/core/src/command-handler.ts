import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent, RecordedEvent } from './events';
import { isConcurrencyError, isDomainError } from './errors';
import type { OrganisationCommand } from './organisation/commands';
import { decideOrganisations, evolve, foldOrganisation, involvedOrganisations, type Organisation } from './organisation/decider';
import { organisationStream, type OrganisationEvent } from './organisation/events';
import type { AppendRequest, AppendResult, EventStore } from './store/port';

/** What a command handler needs from its host: a clock, an id source, default metadata, and a retry policy. */
export interface CommandHandlerOptions {
  /** the record time of appended events; defaults to the system clock */
  clock?: () => Date;
  /** new event ids; defaults to random UUIDs */
  newEventId?: () => string;
  /** metadata stamped on every event (actor, source, tenant…) */
  metadata?: EventMetadata;
  /** how many times to reload and decide again after a concurrency conflict; default 0 (fail at once) */
  retries?: number;
  /**
   * keep each organisation's state between commands (default false): a command is decided on the kept state without
   * reading the store, and appended with the version it reflects. Safe with other writers: if one moved the stream
   * on, the append fails its expected version (or the decision is a rejection), and the command is then decided
   * again on the events after the kept state, as if they had been read first; that second try does not count
   * against `retries`. It makes big streams cheap to load and saves a read per command.
   */
  cacheStates?: boolean;
}

const SHORT_TAIL = 16;

/** An organisation's state and the stream version it reflects. */
interface Loaded {
  state: Organisation;
  version: number;
}

/** Loads an organisation's state by replaying its stream (or only the events after `known`); returns state and version. */
export const loadOrganisation = async (store: EventStore, organisationId: string, known?: Loaded): Promise<Loaded> => {
  const events = await store.readStream(organisationStream(organisationId), known ? { from: known.version + 1 } : {});
  if (known && events.length === 0) return known;
  // an organisation stream holds organisation events only
  const tail = events as RecordedEvent<OrganisationEvent>[];
  // a short tail on a known state: evolve copies only what changes; a long one: one mutable fold (it copies the state once)
  const state = known && tail.length <= SHORT_TAIL ? tail.reduce(evolve, known.state) : foldOrganisation(tail, known?.state);
  return { state, version: events.at(-1)?.streamVersion ?? 0 };
};

/**
 * Handles organisation commands: loads every organisation the command involves, decides, and appends all the
 * resulting events in one atomic append with optimistic concurrency. Rejections throw DomainError and write
 * nothing; a conflict throws ConcurrencyError, or is retried when `retries` allows.
 */
export class CommandHandler {
  private readonly clock: () => Date;
  private readonly newEventId: () => string;
  private readonly states = new Map<string, Loaded>();

  constructor(
    private readonly store: EventStore,
    private readonly options: CommandHandlerOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.newEventId = options.newEventId ?? randomUUID;
  }

  /** Decides and appends one command; resolves with what was appended to each stream. */
  async handle(command: OrganisationCommand, metadata: EventMetadata = {}): Promise<AppendResult[]> {
    // with cached states, the first try decides on them unread; `unread` says whether it used any
    const unread = { used: false, allowed: this.options.cacheStates === true };
    for (let attempt = 0; ; ) {
      try {
        return await this.attempt(command, metadata, unread);
      } catch (error) {
        // a conflict or a rejection on a state not read this time: decide again on the stream's tail, once, for free
        if (unread.used && (isConcurrencyError(error) || isDomainError(error))) {
          unread.allowed = false;
          unread.used = false;
          continue;
        }
        if (!isConcurrencyError(error) || attempt >= (this.options.retries ?? 0)) throw error;
        attempt++;
      }
    }
  }

  private async attempt(command: OrganisationCommand, metadata: EventMetadata, unread: { used: boolean; allowed: boolean }): Promise<AppendResult[]> {
    const ids = involvedOrganisations(command);
    // most commands involve one organisation: no Promise.all for it
    const loaded = ids.length === 1 ? [await this.load(ids[0] as string, unread)] : await Promise.all(ids.map((id) => this.load(id, unread)));
    const states = new Map<string, Organisation>();
    for (let index = 0; index < ids.length; index++) states.set(ids[index] as string, (loaded[index] as Loaded).state);
    const decided = decideOrganisations(command, states);
    const recordedAt = this.clock().toISOString();
    const stamp = this.stamp(metadata);
    const requests: AppendRequest[] = [];
    for (const [organisationId, events] of decided) {
      if (events.length === 0) continue;
      const newEvents: NewEvent[] = [];
      // explicit literals: a spread followed by more properties is a slow path on Node 20
      for (const event of events) {
        const eventId = this.newEventId();
        newEvents.push({ type: event.type, occurredOn: event.occurredOn, data: event.data, eventId, recordedAt, metadata: stamp } as NewEvent);
      }
      const expectedVersion = loaded[ids.indexOf(organisationId)]?.version ?? 0;
      requests.push({ stream: organisationStream(organisationId), expectedVersion, events: newEvents });
    }
    if (requests.length === 0) return [];
    const results = await this.store.appendMany(requests);
    if (this.options.cacheStates) this.remember(decided, results);
    return results;
  }

  // the handler's own appends, applied to its cached states: the next command on them reads no tail
  private remember(decided: ReadonlyMap<string, readonly OrganisationEvent[]>, results: readonly AppendResult[]): void {
    for (const [organisationId, events] of decided) {
      if (events.length === 0) continue;
      const cached = this.states.get(organisationId);
      const result = results.find((candidate) => candidate.stream === organisationStream(organisationId));
      if (cached === undefined || result === undefined || result.streamVersion !== cached.version + events.length) {
        this.states.delete(organisationId);
        continue;
      }
      this.states.set(organisationId, { state: events.reduce(evolve, cached.state), version: result.streamVersion });
    }
  }

  private stamp(metadata: EventMetadata): EventMetadata {
    const defaults = this.options.metadata;
    let empty = true;
    for (const _ in metadata) {
      empty = false;
      break;
    }
    if (empty) return defaults ?? {};
    return defaults === undefined ? { ...metadata } : { ...defaults, ...metadata };
  }

  private async load(organisationId: string, unread: { used: boolean; allowed: boolean }): Promise<Loaded> {
    if (!this.options.cacheStates) return loadOrganisation(this.store, organisationId);
    const cached = this.states.get(organisationId);
    if (cached !== undefined && unread.allowed) {
      unread.used = true;
      return cached;
    }
    const loaded = await loadOrganisation(this.store, organisationId, cached);
    this.states.set(organisationId, loaded);
    return loaded;
  }
}
