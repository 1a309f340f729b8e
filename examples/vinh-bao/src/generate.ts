import {
  ADMINISTRATIVE_UNITS_STREAM,
  CommandHandler,
  MemoryEventStore,
  decideOrganisations,
  evolve,
  exportNdjson,
  initialState,
  involvedOrganisations,
  isDomainError,
  organisationStream,
  type AppendResult,
  type CommandHandlerOptions,
  type EventMetadata,
  type EventStore,
  type Organisation,
  type OrganisationCommand,
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

/** Something that handles a command like CommandHandler.handle. */
export interface Handler {
  handle(command: OrganisationCommand, metadata?: EventMetadata): Promise<AppendResult[]>;
}

/**
 * CommandHandler's algorithm (involved organisations, decideOrganisations, one atomic appendMany with expected
 * versions, the same ids, record time and metadata) with each organisation's state kept between commands instead
 * of replayed from its stream every time: the sample's big cooperatives make a full replay per command slow. A
 * test checks that it writes exactly what the real CommandHandler writes.
 */
export class CachingHandler implements Handler {
  private readonly states = new Map<string, { state: Organisation; version: number }>();

  constructor(
    private readonly store: EventStore,
    private readonly options: Required<Pick<CommandHandlerOptions, 'clock' | 'newEventId' | 'metadata'>>,
  ) {}

  async handle(command: OrganisationCommand, metadata: EventMetadata = {}): Promise<AppendResult[]> {
    const ids = involvedOrganisations(command);
    const loaded = ids.map((id) => this.states.get(id) ?? { state: initialState(), version: 0 });
    const decided = decideOrganisations(command, new Map(ids.map((id, index) => [id, (loaded[index] as { state: Organisation }).state])));
    const recordedAt = this.options.clock().toISOString();
    const stamp = { ...this.options.metadata, ...metadata };
    const requests = [...decided]
      .filter(([, events]) => events.length > 0)
      .map(([organisationId, events]) => ({
        stream: organisationStream(organisationId),
        expectedVersion: loaded[ids.indexOf(organisationId)]?.version ?? 0,
        events: events.map((event) => ({ ...event, eventId: this.options.newEventId(), recordedAt, metadata: stamp })),
      }));
    if (requests.length === 0) return [];
    const results = await this.store.appendMany(requests);
    for (const [organisationId, events] of decided) {
      const before = this.states.get(organisationId) ?? { state: initialState(), version: 0 };
      this.states.set(organisationId, { state: events.reduce(evolve, before.state), version: before.version + events.length });
    }
    return results;
  }
}

/** Options of a generation: the seed, whether to use the real CommandHandler, and how many scheduled items to record. */
export interface GenerateOptions {
  seed?: number;
  /** from this scheduled item on, drive the real CommandHandler (it replays each stream per command: slow on the whole sample) */
  realHandlerFrom?: number;
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
  const caching = new CachingHandler(store, handlerOptions);
  const real = new CommandHandler(store, handlerOptions);
  const summary: GenerationSummary = { commands: 0, events: 0, rejected: [] };
  for (const [index, item] of schedule.entries()) {
    const handler: Handler = index >= (options.realHandlerFrom ?? Infinity) ? real : caching;
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
