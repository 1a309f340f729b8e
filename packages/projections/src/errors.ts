/** Where a projection stopped: the event it could not apply and why. */
export interface ProjectionFailure {
  projection: string;
  /** global position of the event that failed; everything before it is applied */
  position: number;
  eventId: string;
  eventType: string;
  error: unknown;
}

/** A projection threw while applying an event; its state stays at the event before. */
export class ProjectionFailedError extends Error {
  override readonly name = 'ProjectionFailedError';
  constructor(readonly failure: ProjectionFailure) {
    const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
    super(
      `projection ${failure.projection} failed on event ${failure.eventId} (${failure.eventType}) at global position ${failure.position}: ${reason}`,
      { cause: failure.error },
    );
  }
}

/** A rebuild was cancelled through its AbortSignal; nothing was saved. Its `name` is `AbortError`, like fetch's. */
export class RebuildAbortedError extends Error {
  override readonly name = 'AbortError';
  constructor(
    readonly projection: string,
    readonly position: number,
    reason?: unknown,
  ) {
    super(`rebuild of projection ${projection} cancelled after global position ${position}; nothing was saved`, { cause: reason });
  }
}

/** True for a cancelled rebuild (or any error named `AbortError`). */
export const isAbortError = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';
