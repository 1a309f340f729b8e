import { createHash } from 'node:crypto';

/** The `previousHash` of the first event in a store. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so equal content always gives equal text. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
};

/** The fields an event's hash covers: everything stored except the hash itself. */
export interface HashedContent {
  eventId: string;
  type: string;
  schemaVersion: number;
  stream: string;
  streamVersion: number;
  globalPosition: number;
  occurredOn: string;
  recordedAt: string;
  data: unknown;
  metadata: unknown;
}

/** sha-256 of the previous event's hash and this event's canonical content: one link of the chain. */
export const chainHash = (previousHash: string, event: HashedContent): string =>
  createHash('sha256')
    .update(previousHash)
    .update('\n')
    .update(
      canonicalJson({
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        stream: event.stream,
        streamVersion: event.streamVersion,
        globalPosition: event.globalPosition,
        occurredOn: event.occurredOn,
        recordedAt: event.recordedAt,
        data: event.data,
        metadata: event.metadata,
      }),
    )
    .digest('hex');
