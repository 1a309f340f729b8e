// Ad-hoc CPU profile of buildReport after a load (not a test). Usage: node --cpu-prof --cpu-prof-dir DIR scripts/profile-report.mjs <workload.ndjson>
import { createReadStream } from 'node:fs';
import { parseRecordedEvent } from '@hoptac/core';
import { applyIndicatorEvent, buildReport, initialIndicatorsState, vinhBaoPlan } from '@hoptac/indicators-nq20';

const state = initialIndicatorsState();
let rest = null;
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 20 })) {
  const data = rest ? Buffer.concat([rest, chunk]) : chunk;
  let start = 0;
  let end;
  while ((end = data.indexOf(10, start)) !== -1) {
    applyIndicatorEvent(state, parseRecordedEvent(JSON.parse(data.toString('utf8', start, end))));
    start = end + 1;
  }
  rest = start < data.length ? data.subarray(start) : null;
}
const knowns = ['2031-12-31T00:00:00.000Z', '2027-03-01T00:00:00.000Z', '2024-01-10T08:00:00.000Z'];
const dates = ['2030-12-31', '2026-06-30', '2028-01-15', '2024-12-31', '2029-07-01', '2031-03-31', '2027-09-30'];
for (let run = 0; run < 1; run++)
  for (const knownAt of knowns)
    for (const asOf of dates) for (let repeat = 0; repeat < 3; repeat++) {
      const started = performance.now();
      buildReport(state, vinhBaoPlan, { asOf, knownAt });
      if (repeat === 2) console.log(asOf, knownAt, (performance.now() - started).toFixed(1));
    }
