import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isInvalidEventError, ndjsonLines, type EventStore } from '@hoptac/core';
import { InputError } from '../errors';
import type { CliIo } from '../io';
import { verifyHistory, type HistoryItem, type VerifyResult } from '../verify/verify-history';

/** The lines of an NDJSON file as history items; a line that is not JSON becomes a schema problem at that line. */
async function* fileItems(path: string): AsyncIterable<HistoryItem> {
  let line = 0;
  for await (const text of ndjsonLines(createReadStream(path))) {
    line++;
    if (text.trim() === '') continue;
    try {
      yield { raw: JSON.parse(text) as unknown, line };
    } catch (error) {
      yield { raw: undefined, line, notJson: (error as Error).message };
    }
  }
}

async function* storeItems(store: EventStore): AsyncIterable<HistoryItem> {
  for await (const event of store.readAll()) yield { raw: event };
}

/** Verifies an NDJSON file, or the whole store. */
export const verifySource = async (file: string | undefined, store: () => Promise<EventStore>, io: CliIo): Promise<VerifyResult> => {
  if (file !== undefined) {
    const path = resolve(io.cwd, file);
    if (!existsSync(path)) throw new InputError(`no such file: ${file}`);
    return verifyHistory(fileItems(path));
  }
  const opened = await store();
  try {
    return await verifyHistory(storeItems(opened));
  } catch (error) {
    // a store that refuses to read a row it holds: report it as the schema problem it is
    if (isInvalidEventError(error)) return { events: 0, streams: 0, organisations: 0, decisions: 0, headHash: '', problem: { check: 'schema', message: error.message } };
    throw error;
  } finally {
    await opened.close();
  }
};

const CHECK_NAMES = { schema: 'schema', ordering: 'ordering', 'hash-chain': 'hash chain', rules: 'decider rules' } as const;

/** The verification as text: one OK line per check, or the first problem, precisely located. */
export const renderVerification = (result: VerifyResult, source: string): string => {
  if (result.problem) {
    const p = result.problem;
    const location = [
      p.line !== undefined ? `line ${p.line}` : undefined,
      p.eventId !== undefined ? `event ${p.eventId}` : undefined,
      p.stream !== undefined ? `stream ${p.stream}` : undefined,
      p.streamVersion !== undefined ? `version ${p.streamVersion}` : undefined,
      p.globalPosition !== undefined ? `position ${p.globalPosition}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return (
      `FAILED ${CHECK_NAMES[p.check]} check in ${source}\n` +
      `  at ${location || 'the start'}\n` +
      `  ${p.message}\n` +
      (p.check === 'rules'
        ? `  (all ${result.events.toLocaleString('en-US')} events passed the schema, ordering and hash-chain checks)\n`
        : `  (the ${result.events.toLocaleString('en-US')} events before it passed)\n`)
    );
  }
  const n = result.events.toLocaleString('en-US');
  return [
    `Verified ${source}: ${n} events in ${result.streams.toLocaleString('en-US')} streams`,
    `  ok  schema       every event's envelope and data are valid`,
    `  ok  ordering     positions 1..${n} without gaps, stream versions contiguous, ids unique, record times in order` +
      (result.firstRecordedAt ? ` (${result.firstRecordedAt} … ${result.lastRecordedAt})` : ''),
    `  ok  hash chain   every hash matches its event and the one before; head ${result.headHash}`,
    `  ok  rules        ${result.decisions.toLocaleString('en-US')} decisions re-derived by the decider for ${result.organisations} organisations`,
    '',
  ].join('\n');
};
