import {
  ADMINISTRATIVE_UNITS_STREAM,
  GENESIS_HASH,
  organisationStream,
  parseNewEvent,
  toRecordedEvent,
  type EventMetadata,
  type HoptacEvent,
  type RecordedEvent,
} from '@hoptac/core';

/** A domain event for `recorded`, optionally with its own id, record time and metadata. */
export type EventToRecord = HoptacEvent & { eventId?: string; recordedAt?: string; metadata?: EventMetadata };

/** Options of `recorded`. */
export interface RecordedOptions {
  /** record time of every event, or one per event; default: the event's own, else noon UTC of its business date */
  recordedAt?: string | ((event: HoptacEvent, index: number) => string);
  /** stream of every event; default: the organisation's stream, or the administrative-units stream */
  stream?: string;
  /** continue a chain: the first position is `after.globalPosition + 1`, hashed onto `after.hash` */
  after?: Pick<RecordedEvent, 'globalPosition' | 'hash'>;
}

/**
 * Wraps domain events into RecordedEvents as a store would: global positions from 1, stream versions per stream,
 * hashes chained from the genesis hash. Each event is validated like an append (InvalidEventError names the field).
 */
export const recorded = (events: readonly EventToRecord[], options: RecordedOptions = {}): RecordedEvent[] => {
  const versions = new Map<string, number>();
  let position = options.after?.globalPosition ?? 0;
  let previousHash = options.after?.hash ?? GENESIS_HASH;
  return events.map((event, index) => {
    const stream = options.stream ?? defaultStream(event);
    const recordedAt =
      event.recordedAt ??
      (typeof options.recordedAt === 'function' ? options.recordedAt(event, index) : options.recordedAt) ??
      `${event.occurredOn}T12:00:00.000Z`;
    position++;
    const newEvent = parseNewEvent({ ...event, eventId: event.eventId ?? `event-${position}`, recordedAt }, { stream });
    const version = (versions.get(stream) ?? 0) + 1;
    versions.set(stream, version);
    const stored = toRecordedEvent(newEvent, stream, version, position, previousHash);
    previousHash = stored.hash;
    return stored;
  });
};

const defaultStream = (event: HoptacEvent): string =>
  event.type === 'AdministrativeUnitsReorganised' ? ADMINISTRATIVE_UNITS_STREAM : organisationStream(event.data.organisationId);
