import { replay, replayFiltered } from '@hoptac/projections';
import { expect, it } from 'vitest';
import { buildReport, explain, indicatorsProjection, vinhBaoPlan } from './index';
import { History } from './test-history';

it('builds a report and explains a figure from the projection state', () => {
  const history = new History();
  history.found('htx-an-hoa', '2024-03-01', { unit: 'VB-CO-AM', members: 5 });
  const events = history.events;
  // #region report
  const state = replay(indicatorsProjection, events); // or keep it current with a runner of @hoptac/projections
  const clocks = { asOf: '2030-12-31', knownAt: '2031-01-15T00:00:00Z' };
  const report = buildReport(state, vinhBaoPlan, clocks);
  const newCooperatives = report.indicators.find((indicator) => indicator.id === 'new-cooperatives');
  const why = explain(state, vinhBaoPlan, 'new-cooperatives', clocks, { commune: 'VB-CO-AM' });
  // #endregion report
  expect(newCooperatives?.value).toBe(1);
  expect(why.numerator.map((entry) => entry.organisationId)).toEqual(['htx-an-hoa']);
  expect(report).toEqual(buildReport(replayFiltered(indicatorsProjection, events, clocks), vinhBaoPlan, clocks));
});
