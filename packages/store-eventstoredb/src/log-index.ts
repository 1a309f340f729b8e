import {
  GENESIS_HASH,
  InvalidEventError,
  chainHash,
  checkBatchVersions,
  classifyRepeat,
  toRecordedEvent,
  type AppendRequest,
  type AppendResult,
  type RecordedEvent,
} from '@hoptac/core';

/** What an append becomes against the log as known: a repeat of stored events, or new events to commit. */
export type AppendPlan =
  | { repeat: true; stored: Array<{ stream: string; positions: number[] }> }
  | { repeat: false; results: AppendResult[]; events: RecordedEvent[] };

/**
 * What a store instance knows of the log (the one EventStoreDB stream every batch is committed to): the last log
 * revision read, the last position and hash, each stream's events by position, and where each event id lives.
 * Pure: it is fed log entries in revision order and plans appends; it never talks to the server.
 */
export class LogIndex {
  private revision = -1;
  private position = 0;
  private hash = GENESIS_HASH;
  private readonly streams = new Map<string, number[]>();
  private readonly eventPlaces = new Map<string, { stream: string; position: number }>();
  /** the first global position of each log entry, indexed by log revision */
  private readonly entryStarts: number[] = [];

  constructor(private readonly reservedStreams: (stream: string) => boolean = () => false) {}

  /** The last log revision applied, or undefined before the first entry. */
  get lastRevision(): bigint | undefined {
    return this.revision < 0 ? undefined : BigInt(this.revision);
  }

  /** The position of the last event in the log (0 when empty). */
  get lastPosition(): number {
    return this.position;
  }

  /** Every stream the log holds events of. */
  streamNames(): string[] {
    return [...this.streams.keys()];
  }

  /** A stream's version (0 when it has no events). */
  streamVersion(stream: string): number {
    return this.streams.get(stream)?.length ?? 0;
  }

  /** Global positions of a stream's events, by version (index 0 is version 1). */
  positionsOf(stream: string): readonly number[] {
    return this.streams.get(stream) ?? [];
  }

  /** The log revision whose entry holds `position`. */
  revisionOf(position: number): bigint {
    if (position < 1 || position > this.position) throw new RangeError(`position ${position} is not in the log (1..${this.position})`);
    let low = 0;
    let high = this.entryStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.entryStarts[middle] as number) <= position) low = middle;
      else high = middle - 1;
    }
    return BigInt(low);
  }

  /**
   * Takes in the entry at `revision`: checks it follows the last one (next revision, next positions, each stream's
   * next versions, the hash chain), then records it. An entry already applied is ignored.
   */
  apply(revision: bigint, events: readonly RecordedEvent[]): void {
    const at = Number(revision);
    if (at <= this.revision) return;
    if (at !== this.revision + 1) throw new Error(`log revision ${revision} follows ${this.revision}: an entry is missing`);
    if (events.length === 0) throw new Error(`log revision ${revision} holds no events`);
    let position = this.position;
    let hash = this.hash;
    const versions = new Map<string, number>();
    for (const event of events) {
      const version = (versions.get(event.stream) ?? this.streamVersion(event.stream)) + 1;
      if (event.globalPosition !== position + 1)
        throw new Error(`log revision ${revision}: event ${event.eventId} is at position ${event.globalPosition}, expected ${position + 1}`);
      if (event.streamVersion !== version)
        throw new Error(`log revision ${revision}: event ${event.eventId} is version ${event.streamVersion} of ${event.stream}, expected ${version}`);
      if (chainHash(hash, event) !== event.hash)
        throw new Error(`log revision ${revision}: event ${event.eventId} breaks the hash chain (edited or reordered)`);
      position = event.globalPosition;
      hash = event.hash;
      versions.set(event.stream, version);
    }
    this.entryStarts.push(this.position + 1);
    for (const event of events) {
      const positions = this.streams.get(event.stream) ?? [];
      positions.push(event.globalPosition);
      this.streams.set(event.stream, positions);
      this.eventPlaces.set(event.eventId, { stream: event.stream, position: event.globalPosition });
    }
    this.revision = at;
    this.position = position;
    this.hash = hash;
  }

  /**
   * Plans an append (already validated by `validateBatch`): a repeat of stored events, or the events to commit at
   * the next positions. Throws ConcurrencyError or IdempotencyError exactly as the other stores do.
   */
  plan(requests: readonly AppendRequest[]): AppendPlan {
    for (const request of requests)
      if (this.reservedStreams(request.stream))
        throw new InvalidEventError({ stream: request.stream }, 'stream', 'this stream name is reserved for the store itself');
    if (classifyRepeat(requests, (id) => this.eventPlaces.get(id)?.stream)) {
      const stored = requests.map((request) => ({
        stream: request.stream,
        positions: request.events.map((event) => (this.eventPlaces.get(event.eventId) as { position: number }).position).sort((a, b) => a - b),
      }));
      return { repeat: true, stored };
    }
    const before = checkBatchVersions(requests, (stream) => this.streamVersion(stream));
    const next = new Map(before);
    let position = this.position;
    let hash = this.hash;
    const results = requests.map((request) => {
      let version = next.get(request.stream) ?? 0;
      const events = request.events.map((event) => {
        const recorded = toRecordedEvent(event, request.stream, ++version, ++position, hash);
        hash = recorded.hash;
        return recorded;
      });
      next.set(request.stream, version);
      return { stream: request.stream, streamVersion: version, events };
    });
    return { repeat: false, results, events: results.flatMap((result) => result.events) };
  }
}
