import type { EventStore } from '@hoptac/core';
import { buildReport, queryContext, type Clocks, type IndicatorReport, type IndicatorsState, type PlanDefinition } from '@hoptac/indicators-nq20';
import { stringOption, type Parsed } from './args';
import { parseDate, parseInstant, todayInVietnam } from './clocks';
import { rollUpCommunes } from './format';
import type { CliIo } from './io';
import { loadIndicators, loadPlan } from './load';
import { openStore } from './store';

/** The clocks of `--as-of` and `--known-at`, defaulting to today in Vietnam and now. */
export const clocksFrom = (parsed: Parsed, io: CliIo): Clocks => {
  const asOf = stringOption(parsed, 'as-of');
  const knownAt = stringOption(parsed, 'known-at');
  return {
    asOf: asOf !== undefined ? parseDate(asOf, 'as-of') : todayInVietnam(io.now()),
    knownAt: knownAt !== undefined ? parseInstant(knownAt, 'known-at') : io.now().toISOString(),
  };
};

/** Everything a reporting command needs: the plan, the indicators' state replayed from the store, the clocks. */
export interface Loaded {
  plan: PlanDefinition;
  state: IndicatorsState;
  events: number;
  clocks: Clocks;
}

/** Opens the store, replays it into the indicators' state and closes it again. */
export const loadForReport = async (parsed: Parsed, io: CliIo): Promise<Loaded> => {
  const clocks = clocksFrom(parsed, io);
  const plan = loadPlan(stringOption(parsed, 'plan'), io.cwd);
  const store = await openStore(stringOption(parsed, 'store'), io.cwd);
  try {
    const { state, events } = await loadIndicators(store);
    return { plan, state, events, clocks };
  } finally {
    await store.close();
  }
};

/** Builds the report of loaded data at its clocks. */
export const reportOf = (loaded: Loaded): IndicatorReport => buildReport(loaded.state, loaded.plan, loaded.clocks);

/** Runs `work` with a store opened from `--store`, closing it afterwards whatever happens. */
export const withStore = async <T>(
  parsed: Parsed,
  io: CliIo,
  options: Parameters<typeof openStore>[2],
  work: (store: EventStore) => Promise<T>,
): Promise<T> => {
  const store = await openStore(stringOption(parsed, 'store'), io.cwd, options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
};

/** The report for display: commune rows regrouped under the territory's units on asOf. */
export const displayReportOf = (loaded: Loaded): IndicatorReport => {
  const territory = queryContext(loaded.state, loaded.plan, loaded.clocks).territory;
  return rollUpCommunes(reportOf(loaded), (unit) => territory.resolve(unit, loaded.clocks.asOf));
};
