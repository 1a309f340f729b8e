import { z } from 'zod';
import { OrganisationEvent } from './organisation/events';
import { TerritoryEvent } from './territory/events';
import { Id, IsoInstant } from './primitives';

/** Every domain event hoptac records, organisation and territory alike: `{ type, occurredOn, data }`. */
export const HoptacEvent = z.discriminatedUnion('type', [...OrganisationEvent.options, ...TerritoryEvent.options]);
export type HoptacEvent = z.infer<typeof HoptacEvent>;

/** The name of any event type. */
export type EventType = HoptacEvent['type'];

/** Who and what caused an event: actor, source system, correlation and causation ids, tenant (territory). */
export const EventMetadata = z.strictObject({
  actor: z.string().min(1).max(200).optional(),
  source: z.string().min(1).max(200).optional(),
  correlationId: z.string().min(1).max(200).optional(),
  causationId: z.string().min(1).max(200).optional(),
  tenant: Id.optional(),
});
export type EventMetadata = z.infer<typeof EventMetadata>;

/** What a caller hands to the store: a domain event plus its id, record time and metadata. */
export type NewEvent<Event extends { type: string } = HoptacEvent> = Event & {
  eventId: string;
  recordedAt: string;
  schemaVersion?: number;
  metadata?: EventMetadata;
};

/**
 * An event as stored: the domain event inside its envelope. `streamVersion` counts from 1 in its stream;
 * `globalPosition` counts from 1 across the store, without gaps; `hash` chains it to the event before it in
 * the global order (tamper evidence).
 */
export type RecordedEvent<Event extends { type: string } = HoptacEvent> = Event & {
  eventId: string;
  schemaVersion: number;
  stream: string;
  streamVersion: number;
  globalPosition: number;
  recordedAt: string;
  metadata: EventMetadata;
  hash: string;
};

/** The envelope fields, as a schema: used to validate imported lines and stored rows. */
export const Envelope = z.strictObject({
  eventId: z.string().min(1).max(200),
  schemaVersion: z.number().int().min(1).max(1000),
  stream: z.string().min(1).max(300),
  streamVersion: z.number().int().min(1),
  globalPosition: z.number().int().min(1),
  recordedAt: IsoInstant,
  metadata: EventMetadata,
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'a sha-256 hex digest'),
});
export type Envelope = z.infer<typeof Envelope>;
