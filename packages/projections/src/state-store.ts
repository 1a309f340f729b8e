import type { Checkpoint } from '@hoptac/core';

/** A projection's state together with the checkpoint it is exact at. */
export interface StoredState<State> {
  state: State;
  checkpoint: Checkpoint;
}

/**
 * Where a catch-up runner keeps a projection's state with its checkpoint. `save` must store both at once (one
 * transaction, one file rename): a checkpoint is only worth something next to the state it describes, so a
 * restart that found a checkpoint without its state would skip events. Implement it over a database table or a
 * file to survive restarts; the default, MemoryStateStore, lives as long as the process.
 */
export interface StateStore<State> {
  load(name: string): Promise<StoredState<State> | undefined>;
  save(name: string, stored: StoredState<State>): Promise<void>;
  /**
   * true when `save` already writes the checkpoint to the event store's `checkpoints` (e.g. a StateStore over
   * PostgresEventStore's saveCheckpointWithState): runners then do not copy it there, which would clear the state
   */
  readonly savesStoreCheckpoint?: boolean;
}

/** A StateStore in memory. It keeps copies (structuredClone), so a projection that mutates its state cannot change a saved one. */
export class MemoryStateStore<State> implements StateStore<State> {
  private readonly saved = new Map<string, StoredState<State>>();

  async load(name: string): Promise<StoredState<State> | undefined> {
    const stored = this.saved.get(name);
    return stored === undefined ? undefined : structuredClone(stored);
  }

  async save(name: string, stored: StoredState<State>): Promise<void> {
    this.saved.set(name, structuredClone(stored));
  }
}
