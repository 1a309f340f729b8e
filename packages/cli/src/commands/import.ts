import { createReadStream, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  importNdjson,
  isConcurrencyError,
  isInvalidEventError,
  ndjsonLines,
  type EventStore,
  type ImportSummary,
  type InvalidEventError,
} from '@hoptac/core';
import { InputError } from '../errors';
import type { CliIo } from '../io';
import { ProgressBar } from '../progress';

const LARGE_FILE = 1_000_000;

/** Lines of a file, counting the bytes read so a progress bar can show how far along it is. */
async function* countedLines(path: string, onBytes: (bytes: number) => void): AsyncIterable<string> {
  async function* chunks(): AsyncIterable<Buffer> {
    for await (const chunk of createReadStream(path)) {
      onBytes((chunk as Buffer).length);
      yield chunk as Buffer;
    }
  }
  yield* ndjsonLines(chunks());
}

/**
 * Imports an NDJSON file into a store: every line is checked (schemas, stream versions, the hash chain), and a bad
 * line stops the import with nothing written; a progress bar is drawn on stderr for large files when stderr is a
 * terminal.
 */
export const importFile = async (store: EventStore, file: string, io: CliIo): Promise<ImportSummary> => {
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new InputError(`no such file: ${file}`);
  const size = statSync(path).size;
  const bar = new ProgressBar(io, io.stderrIsTTY && size >= LARGE_FILE);
  let pass = 0;
  try {
    return await importNdjson(
      store,
      () => {
        // one pass into a store with a bulk import (each line checked and written), two into others (checked, then written)
        const label = store.beginBulkImport !== undefined ? 'importing' : pass++ === 0 ? 'validating' : 'writing';
        let read = 0;
        bar.reset();
        return countedLines(path, (bytes) => {
          read += bytes;
          bar.update(label, read / size);
        });
      },
      {},
    );
  } catch (error) {
    if (isInvalidEventError(error)) {
      const invalid = error as InvalidEventError;
      throw new InputError(`${file}: ${invalid.message}. Nothing was imported.`);
    }
    if (isConcurrencyError(error))
      throw new InputError(
        `${file}: the store already holds other events in stream ${error.streamName} (version ${error.actual}, the file expects ${error.expected}); import into an empty store, or the store this file was exported from`,
      );
    if (error instanceof Error && error.name === 'IdempotencyError')
      throw new InputError(`${file}: ${error.message}; the store already holds some of these event ids with other content`);
    throw error;
  } finally {
    bar.done();
  }
};
