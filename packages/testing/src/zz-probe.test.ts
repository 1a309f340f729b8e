import * as fc from 'fast-check';
import { it } from 'vitest';
import { anyClocks, oraclePlanFor, sampleTerritory, validHistory } from './history';
import { oracleReport } from './oracle';
it('probe', () => {
  const arb = validHistory({ organisations: 5, intents: 30, lateRecordShare: 0.2, size: 'medium', mix: { rate: 14, link: 6, digital: 6, 'high-tech': 5, admit: 6 } }).chain((events) => fc.tuple(fc.constant(events), anyClocks(events)));
  const t = Date.now();
  const samples = fc.sample(arb, { numRuns: 1000, seed: 5 });
  console.log('gen ms', Date.now() - t);
  const counts: Record<string, number> = {};
  let evs = 0;
  for (const [events, clocks] of samples) {
    evs += events.length;
    const r = oracleReport(events, oraclePlanFor(sampleTerritory), clocks);
    for (const [id, f] of Object.entries(r.indicators)) if (f.numerator > 0) counts[id] = (counts[id] ?? 0) + 1;
    for (const [id, f] of Object.entries(r.indicators)) if (f.denominator !== null && f.denominator > f.numerator && f.numerator > 0) counts[id + ' mixed'] = (counts[id + ' mixed'] ?? 0) + 1;
  }
  console.log('total ms', Date.now() - t, evs / 1000, counts);
});
