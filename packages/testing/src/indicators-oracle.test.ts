import { test } from '@fast-check/vitest';
import type { RecordedEvent } from '@hoptac/core';
import { IndicatorId, computeIndicator, indicatorsProjection, parsePlan, queryContext } from '@hoptac/indicators-nq20';
import type { Clocks } from '@hoptac/projections';
import * as fc from 'fast-check';
import { describe } from 'vitest';
import { anyClocks, oraclePlanFor, sampleTerritory, validHistory } from './history';
import { matchesOracle, type ReportedFigures } from './laws';

// #region indicators-adapter
const plan = parsePlan({
  id: 'generated-territory',
  name: 'Generated territory',
  territory: { units: sampleTerritory.units.map((code) => ({ code, name: code, level: 'commune' })) },
  baselineDate: '2023-07-17',
  horizons: { '2030': '2030-12-31' },
  targets: {},
});
const oraclePlan = oraclePlanFor(sampleTerritory, '2023-07-17');

/** The indicators package's figures, in the shape the oracle law compares. */
const indicatorFigures = (events: readonly RecordedEvent[], clocks: Clocks): ReportedFigures => {
  let state = indicatorsProjection.initialState();
  for (const event of events) state = indicatorsProjection.apply(state, event);
  const context = queryContext(state, plan, clocks);
  return Object.fromEntries(
    IndicatorId.options.map((id) => {
      const { value, numerator, denominator } = computeIndicator(context, id);
      return [id, { value, numerator, denominator }];
    }),
  );
};
// #endregion indicators-adapter

// small, dense histories over the years that matter (baseline 2023-07-17, units reorganised 2025-07-01)
const historyWithClocks = validHistory({
  organisations: 5,
  minIntents: 15,
  intents: 30,
  yearsFrom: 2022,
  yearsTo: 2026,
  lateRecordShare: 0.2,
  correctionShare: 0.3,
  mix: { rate: 14, link: 6, digital: 6, 'high-tech': 5 },
}).chain((events) =>
  fc.tuple(fc.constant(events), anyClocks(events)),
);

describe('the indicators package against the reference oracle', () => {
  // #region oracle-law
  test.prop([historyWithClocks], { numRuns: 1000 })('agrees with the oracle on every indicator', ([events, clocks]) => {
    matchesOracle(indicatorFigures, events, oraclePlan, clocks);
  });
  // #endregion oracle-law
});
