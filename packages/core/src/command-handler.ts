import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent, RecordedEvent } from './events';
import { isConcurrencyError } from './errors';
import type { OrganisationCommand } from './organisation/commands';
import { decideOrganisations, evolve, foldOrganisation, involvedOrganisations, type Organisation } from './organisation/decider';
import { organisationStream, type OrganisationEvent } from './organisation/events';
import type { AppendResult, EventStore } from './store/port';

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
   * keep each organisation's state between commands and read only the events after it (default false); safe with
   * other writers, since the tail of the stream is always read, and it makes big streams cheap to load
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
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(command, metadata);
      } catch (error) {
        if (!isConcurrencyError(error) || attempt >= (this.options.retries ?? 0)) throw error;
      }
    }
  }

  private async attempt(command: OrganisationCommand, metadata: EventMetadata): Promise<AppendResult[]> {
    const ids = involvedOrganisations(command);
    const loaded = await Promise.all(ids.map((id) => this.load(id)));
    const states = new Map(ids.map((id, index) => [id, (loaded[index] as { state: Organisation }).state]));
    const decided = decideOrganisations(command, states);
    const recordedAt = this.clock().toISOString();
    const stamp = { ...this.options.metadata, ...metadata };
    const requests = [...decided]
      .filter(([, events]) => events.length > 0)
      .map(([organisationId, events]) => ({
        stream: organisationStream(organisationId),
        expectedVersion: loaded[ids.indexOf(organisationId)]?.version ?? 0,
        events: events.map(
          (event: OrganisationEvent): NewEvent => ({ ...event, eventId: this.newEventId(), recordedAt, metadata: stamp }),
        ),
      }));
    if (requests.length === 0) return [];
    return this.store.appendMany(requests);
  }

  private async load(organisationId: string): Promise<Loaded> {
    if (!this.options.cacheStates) return loadOrganisation(this.store, organisationId);
    const loaded = await loadOrganisation(this.store, organisationId, this.states.get(organisationId));
    this.states.set(organisationId, loaded);
    return loaded;
  }
}
