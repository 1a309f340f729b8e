import type { RecordedEvent } from './events';
import { GENESIS_HASH, chainHash } from './integrity';

/** The first break found in a history's order or hash chain, naming the event and what is wrong. */
export interface ChainProblem {
  kind: 'edited' | 'removed' | 'inserted-or-reordered' | 'stream-gap' | 'anchor-mismatch';
  globalPosition: number;
  eventId: string;
  stream: string;
  message: string;
}

/** What a chain verification saw: events checked, the head hash, and the first problem if any. */
export interface ChainVerification {
  checked: number;
  headHash: string;
  problem?: ChainProblem;
}

/**
 * Walks a history in global order and checks it was not altered: positions gap-free from 1, each stream's
 * versions gap-free from 1, and each hash equal to chainHash(previous hash, content). An edited event breaks
 * its own hash; a removed one leaves a gap; an inserted or moved one breaks positions or the chain. When an
 * `anchor` (a head hash published earlier, e.g. in a report) is given, a history rewritten from scratch is
 * caught too: the chain must pass through the anchor at its position.
 */
export const verifyChain = async (
  events: AsyncIterable<RecordedEvent> | Iterable<RecordedEvent>,
  anchor?: { globalPosition: number; hash: string },
): Promise<ChainVerification> => {
  let previousHash = GENESIS_HASH;
  let expectedPosition = 1;
  let anchorSeen = anchor === undefined;
  const streamVersions = new Map<string, number>();
  const fail = (event: RecordedEvent, kind: ChainProblem['kind'], message: string): ChainVerification => ({
    checked: expectedPosition - 1,
    headHash: previousHash,
    problem: { kind, globalPosition: event.globalPosition, eventId: event.eventId, stream: event.stream, message },
  });
  const iterator = (Symbol.asyncIterator in events ? events[Symbol.asyncIterator]() : events[Symbol.iterator]()) as
    | AsyncIterator<RecordedEvent>
    | Iterator<RecordedEvent>;
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      const event = next.value;
      if (event.globalPosition > expectedPosition) {
        // a missing position that turns up later was moved, not removed: read on (only on failure) to tell them apart
        for (let later = await iterator.next(); !later.done; later = await iterator.next())
          if (later.value.globalPosition >= expectedPosition && later.value.globalPosition < event.globalPosition)
            return fail(event, 'inserted-or-reordered', `position ${event.globalPosition} appears before position ${later.value.globalPosition}, which comes later`);
        return fail(event, 'removed', `position ${event.globalPosition} follows ${expectedPosition - 1}: ${event.globalPosition - expectedPosition} event(s) missing before it`);
      }
      if (event.globalPosition < expectedPosition)
        return fail(event, 'inserted-or-reordered', `position ${event.globalPosition} appears after position ${expectedPosition - 1}`);
      const expectedVersion = (streamVersions.get(event.stream) ?? 0) + 1;
      if (event.streamVersion !== expectedVersion)
        return fail(event, 'stream-gap', `stream ${event.stream} jumps to version ${event.streamVersion}, expected ${expectedVersion}`);
      if (chainHash(previousHash, event) !== event.hash)
        return fail(event, 'edited', `hash does not match the content: the event was edited, or an event before it was replaced`);
      if (anchor && event.globalPosition === anchor.globalPosition) {
        if (event.hash !== anchor.hash) return fail(event, 'anchor-mismatch', `hash differs from the published anchor ${anchor.hash}`);
        anchorSeen = true;
      }
      streamVersions.set(event.stream, event.streamVersion);
      previousHash = event.hash;
      expectedPosition++;
    }
  } finally {
    // an early answer leaves the source unread: let it release what it holds (a database cursor)
    await iterator.return?.();
  }
  if (!anchorSeen && anchor)
    return {
      checked: expectedPosition - 1,
      headHash: previousHash,
      problem: { kind: 'removed', globalPosition: anchor.globalPosition, eventId: '', stream: '', message: `the history ends before the anchored position ${anchor.globalPosition}` },
    };
  return { checked: expectedPosition - 1, headHash: previousHash };
};
