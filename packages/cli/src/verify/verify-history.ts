import {
  GENESIS_HASH,
  chainHash,
  isInvalidEventError,
  parseRecordedEvent,
  type HashedContent,
  type InvalidEventError,
  type RecordedEvent,
} from '@hoptac/core';
import { checkRules } from './rules';

/** One item of a history to verify: the stored fields as read (before any upcasting), and the file line if any. */
export interface HistoryItem {
  raw: unknown;
  line?: number;
  /** set when the line could not even be read as JSON */
  notJson?: string;
}

/** The first problem verify finds: which check, where, and what is wrong. */
export interface VerifyProblem {
  check: 'schema' | 'ordering' | 'hash-chain' | 'rules';
  line?: number;
  eventId?: string;
  stream?: string;
  streamVersion?: number;
  globalPosition?: number;
  message: string;
}

/** What verify saw: events, streams, decisions re-derived, the head of the hash chain, and the first problem. */
export interface VerifyResult {
  events: number;
  streams: number;
  organisations: number;
  decisions: number;
  headHash: string;
  firstRecordedAt?: string;
  lastRecordedAt?: string;
  problem?: VerifyProblem;
}

const where = (event: RecordedEvent, line: number | undefined) => ({
  ...(line !== undefined ? { line } : {}),
  eventId: event.eventId,
  stream: event.stream,
  streamVersion: event.streamVersion,
  globalPosition: event.globalPosition,
});

/**
 * Verifies a whole history in global order, stopping at the first problem:
 * 1. schema: every event's envelope and data parse (old schema versions are upcast);
 * 2. ordering: global positions 1, 2, 3… without gaps, each stream's versions 1, 2, 3…, event ids unique, record
 *    times never going backwards;
 * 3. hash chain: each hash equals chainHash(previous hash, the event as stored), so an edited, removed, inserted
 *    or reordered event is named;
 * 4. rules: the decider's rules replayed over the whole history (see checkRules).
 */
export const verifyHistory = async (items: AsyncIterable<HistoryItem> | Iterable<HistoryItem>): Promise<VerifyResult> => {
  const events: RecordedEvent[] = [];
  const lines: Array<number | undefined> = [];
  const versions = new Map<string, number>();
  const ids = new Set<string>();
  let previousHash = GENESIS_HASH;
  let previousRecorded = -Infinity;
  let previousRecordedAt: string | undefined;
  const result = (problem?: VerifyProblem): VerifyResult => ({
    events: events.length,
    streams: versions.size,
    organisations: 0,
    decisions: 0,
    headHash: previousHash,
    ...(events[0] ? { firstRecordedAt: events[0].recordedAt } : {}),
    ...(previousRecordedAt ? { lastRecordedAt: previousRecordedAt } : {}),
    ...(problem ? { problem } : {}),
  });

  for await (const { raw, line, notJson } of items) {
    if (notJson !== undefined) return result({ check: 'schema', ...(line !== undefined ? { line } : {}), message: `not valid JSON: ${notJson}` });
    let event: RecordedEvent;
    try {
      event = parseRecordedEvent(raw, line !== undefined ? { line } : {});
    } catch (error) {
      if (!isInvalidEventError(error)) throw error;
      const invalid = error as InvalidEventError;
      return result({
        check: 'schema',
        ...(line !== undefined ? { line } : {}),
        ...(invalid.location.eventId !== undefined ? { eventId: invalid.location.eventId } : {}),
        message: `field "${invalid.field}": ${invalid.reason}`,
      });
    }
    const at = where(event, line);
    const position = events.length + 1;
    if (event.globalPosition !== position)
      return result({
        check: 'ordering',
        ...at,
        message:
          event.globalPosition > position
            ? `global position ${event.globalPosition} where ${position} was expected: ${event.globalPosition - position} event(s) missing before it`
            : `global position ${event.globalPosition} where ${position} was expected: a repeated, inserted or reordered event`,
      });
    const version = (versions.get(event.stream) ?? 0) + 1;
    if (event.streamVersion !== version)
      return result({ check: 'ordering', ...at, message: `stream ${event.stream} goes to version ${event.streamVersion} where ${version} was expected` });
    if (ids.has(event.eventId)) return result({ check: 'ordering', ...at, message: `event id ${event.eventId} appears twice` });
    const recorded = Date.parse(event.recordedAt);
    if (recorded < previousRecorded)
      return result({
        check: 'ordering',
        ...at,
        message: `recorded at ${event.recordedAt}, before the event it follows (${previousRecordedAt}): record times must not go backwards`,
      });
    const hash = chainHash(previousHash, raw as HashedContent);
    if (hash !== event.hash)
      return result({
        check: 'hash-chain',
        ...at,
        message: 'the hash does not match the event and the hash before it: this event was edited, or one before it replaced',
      });
    versions.set(event.stream, event.streamVersion);
    ids.add(event.eventId);
    previousHash = hash;
    previousRecorded = recorded;
    previousRecordedAt = event.recordedAt;
    events.push(event);
    lines.push(line);
  }

  const rules = checkRules(events);
  const verified = { ...result(), organisations: rules.organisations, decisions: rules.decisions };
  if (!rules.problem) return verified;
  const index = rules.problem.event.globalPosition - 1;
  return { ...verified, problem: { check: 'rules', ...where(rules.problem.event, lines[index]), message: rules.problem.message } };
};
