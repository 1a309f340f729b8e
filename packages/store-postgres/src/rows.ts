import { parseRecordedEvent, type EventFilter, type RecordedEvent } from '@hoptac/core';

/** An events row as pg returns it: bigint columns come back as strings, json columns already parsed. */
export interface EventRow {
  global_position: string | number;
  event_id: string;
  stream: string;
  stream_version: number;
  type: string;
  schema_version: number;
  occurred_on: string;
  recorded_at: string;
  data: unknown;
  metadata: unknown;
  hash: string;
}

/** The columns of an events row, in the order the store selects them. */
export const EVENT_COLUMNS =
  'global_position, event_id, stream, stream_version, type, schema_version, occurred_on, recorded_at, data, metadata, hash';

/**
 * Parses a bigint column (a string from pg) to a number, refusing any value a JavaScript number cannot hold
 * exactly, so a position is never silently rounded.
 */
export const toPosition = (value: string | number | bigint | null | undefined, what: string): number => {
  if (value === null || value === undefined) throw new RangeError(`${what}: missing`);
  const text = String(value);
  if (!/^-?\d+$/.test(text)) throw new RangeError(`${what}: "${text}" is not an integer`);
  const number = Number(text);
  if (!Number.isSafeInteger(number)) throw new RangeError(`${what}: ${text} is beyond Number.MAX_SAFE_INTEGER and cannot be read exactly`);
  return number;
};

/** A stored row back to a RecordedEvent: the envelope and event are checked, old schema versions upcast. */
export const fromRow = (row: EventRow): RecordedEvent =>
  parseRecordedEvent(
    {
      type: row.type,
      occurredOn: row.occurred_on,
      data: row.data,
      eventId: row.event_id,
      schemaVersion: row.schema_version,
      stream: row.stream,
      streamVersion: row.stream_version,
      globalPosition: toPosition(row.global_position, `global_position of event ${row.event_id}`),
      recordedAt: row.recorded_at,
      metadata: row.metadata,
      hash: row.hash,
    },
    { stream: row.stream, streamVersion: row.stream_version, eventId: row.event_id },
  );

/** SQL conditions (joined with AND) and their parameters for an event filter, numbered after `offset` parameters. */
export const filterSql = (filter: EventFilter | undefined, offset: number): { conditions: string[]; params: unknown[] } => {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter?.streamPrefix !== undefined) {
    params.push(filter.streamPrefix);
    conditions.push(`starts_with(stream, $${offset + params.length})`);
  }
  if (filter?.types !== undefined) {
    params.push([...filter.types]);
    conditions.push(`type = ANY($${offset + params.length}::text[])`);
  }
  if (filter?.tenant !== undefined) {
    params.push(filter.tenant);
    conditions.push(`metadata->>'tenant' = $${offset + params.length}`);
  }
  return { conditions, params };
};
