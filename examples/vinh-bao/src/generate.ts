import {
  ADMINISTRATIVE_UNITS_STREAM,
  CommandHandler,
  MemoryEventStore,
  exportNdjson,
  isDomainError,
  type EventStore,
} from '@hoptac/core';
import { vinhBaoUnitReorganisation2025, vinhBaoUnits } from '@hoptac/indicators-nq20';
import { assignRecordTimes, buildSchedule, type TerritorySetup } from './history';

/** The seed of the committed sample; change it only together with data/vinh-bao.ndjson. */
export const SAMPLE_SEED = 20_230_717;

/** What a generation did: commands recorded, and any the decider refused (the sample is built to have none). */
export interface GenerationSummary {
  commands: number;
  events: number;
  rejected: Array<{ on: string; type: string; organisationId: string; code: string }>;
}

/** The sample's schedule in record order: what the generator will record, one item per command. */
export const sampleSchedule = (seed: number = SAMPLE_SEED) => assignRecordTimes(seed, buildSchedule(seed, territory()));

const territory = (): TerritorySetup => {
  const names = new Map<string, string>(vinhBaoUnits.map((unit) => [unit.code, unit.name]));
  for (const merge of vinhBaoUnitReorganisation2025.data.merges) names.set(merge.unit.code, merge.unit.name);
  return { reorganisation: vinhBaoUnitReorganisation2025, outsideUnit: 'HP-TIEN-LANG', unitNames: names };
};

/** Options of a generation: the seed, whether the handler caches states, and how many scheduled items to record. */
export interface GenerateOptions {
  seed?: number;
  /** keep organisations' states between commands (default true; false replays each stream per command) */
  cacheStates?: boolean;
  /** stop after this many scheduled items (to compare handlers on a prefix) */
  limit?: number;
}

/**
 * Records the sample history into `store` through the decider: each command with its own record time (an
 * injected clock) and deterministic event ids, in record order.
 */
export const generateVinhBao = async (store: EventStore, options: GenerateOptions = {}): Promise<GenerationSummary> => {
  const seed = options.seed ?? SAMPLE_SEED;
  const schedule = sampleSchedule(seed).slice(0, options.limit ?? Infinity);
  let recordedAt = 0;
  let eventNumber = 0;
  let metadata = {};
  const handlerOptions = {
    clock: () => new Date(recordedAt),
    newEventId: () => `vb-${String(++eventNumber).padStart(6, '0')}`,
    metadata: { source: 'hoptac-sample:vinh-bao' },
  };
  const handler = new CommandHandler(store, { ...handlerOptions, cacheStates: options.cacheStates ?? true });
  const summary: GenerationSummary = { commands: 0, events: 0, rejected: [] };
  for (const item of schedule) {
    recordedAt = item.recordedAt;
    metadata = { actor: item.actor, correlationId: `vb-cmd-${String(item.seq).padStart(5, '0')}` };
    if (item.item.kind === 'territory') {
      await store.append(
        ADMINISTRATIVE_UNITS_STREAM,
        [{ ...item.item.event, eventId: `vb-${String(++eventNumber).padStart(6, '0')}`, recordedAt: new Date(recordedAt).toISOString(), metadata: { ...metadata, source: 'hoptac-sample:vinh-bao' } }],
        { expectedVersion: 'any' },
      );
      summary.events++;
      continue;
    }
    const { command } = item.item;
    try {
      const results = await handler.handle(command, metadata);
      summary.commands++;
      summary.events += results.reduce((count, result) => count + result.events.length, 0);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      summary.rejected.push({ on: command.on, type: command.type, organisationId: command.data.organisationId, code: error.rejection.code });
    }
  }
  return summary;
};

/** The sample as NDJSON text, exactly as committed in data/vinh-bao.ndjson. */
export const generateVinhBaoNdjson = async (options: GenerateOptions = {}): Promise<{ ndjson: string; summary: GenerationSummary }> => {
  const store = new MemoryEventStore();
  const summary = await generateVinhBao(store, options);
  const lines: string[] = [];
  for await (const line of exportNdjson(store)) lines.push(line);
  await store.close();
  return { ndjson: lines.join(''), summary };
};
