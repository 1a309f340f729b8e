// Ad-hoc timing of the indicators projection (not a test): fold events/s, report and explain latency after a load.
// Build first: (cd packages/core && npx tsup) && (cd packages/projections && npx tsup) && (cd packages/indicators-nq20 && npx tsup)
// Usage: node scripts/perf.mjs <workload.ndjson> [--limit N] [--runs N] [--dump dir] [--check dir]
//   --dump writes every answer to dir as JSON; --check compares every answer with a previous dump.
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseRecordedEvent } from '@hoptac/core';
import { applyIndicatorEvent, buildReport, explain, IndicatorId, initialIndicatorsState, vinhBaoPlan } from '@hoptac/indicators-nq20';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1];
};
const path = args[0];
const limit = Number(option('limit', Infinity));
const runs = Number(option('runs', 5));
const dump = option('dump', undefined);
const check = option('check', undefined);

const events = [];
let rest = null;
for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
  const data = rest ? Buffer.concat([rest, chunk]) : chunk;
  let start = 0;
  let end;
  while ((end = data.indexOf(10, start)) !== -1 && events.length < limit) {
    events.push(parseRecordedEvent(JSON.parse(data.toString('utf8', start, end))));
    start = end + 1;
  }
  rest = start < data.length ? data.subarray(start) : null;
  if (events.length >= limit) break;
}
console.log(`${events.length} events loaded`);

const fold = () => {
  const state = initialIndicatorsState();
  for (const event of events) applyIndicatorEvent(state, event);
  return state;
};
// the hand-written fold of the benchmarks (mutable Maps, no clocks kept), for the ratio on the same machine and run
const hand = await import('../../benchmarks/src/hand-fold.mjs').catch(() => undefined);
const handFold = () => {
  const state = hand.handInitial();
  for (const event of events) hand.handApply(state, event);
  return state;
};
const best = (times) => Math.min(...times);
// runs alternate between the two folds, so neither gets the warm-up or the quieter moments of a shared machine
const foldTimes = [];
const handTimes = [];
let state;
for (let run = 0; run < runs; run++) {
  for (const [make, times] of hand === undefined ? [[fold, foldTimes]] : [[fold, foldTimes], [handFold, handTimes]]) {
    if (make === fold) state = undefined;
    const started = performance.now();
    const made = make();
    times.push(performance.now() - started);
    if (make === fold) state = made;
  }
}
console.log(`fold: best ${(events.length / best(foldTimes) / 1000).toFixed(2)} M events/s (${foldTimes.map((t) => t.toFixed(0)).join(', ')} ms)`);
if (hand !== undefined)
  console.log(
    `hand fold: best ${(events.length / best(handTimes) / 1000).toFixed(2)} M events/s (${handTimes.map((t) => t.toFixed(0)).join(', ')} ms); ratio ${(best(handTimes) / best(foldTimes)).toFixed(2)}; ` +
      `the machine runs the hand fold at ${((events.length / best(handTimes) / 6.3e6) * 1000 * 100).toFixed(0)}% of the 6.3 M events/s of issue 8`,
  );

const knowns = ['2031-12-31T00:00:00.000Z', '2027-03-01T00:00:00.000Z', '2024-01-10T08:00:00.000Z'];
const dates = ['2030-12-31', '2026-06-30', '2028-01-15', '2024-12-31', '2029-07-01', '2031-03-31', '2027-09-30'];
const answers = [];
const time = (label, make) => {
  const times = [];
  let result;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = make();
    times.push(performance.now() - started);
  }
  console.log(`${label}: best ${best(times).toFixed(1)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`);
  answers.push([label, result]);
  return best(times);
};
const reportTimes = [];
for (const knownAt of knowns)
  for (const asOf of dates) reportTimes.push(time(`report ${asOf} ${knownAt}`, () => buildReport(state, vinhBaoPlan, { asOf, knownAt })));
const explainTimes = [];
for (const id of IndicatorId.options)
  for (const [asOf, knownAt] of [['2030-12-31', knowns[0]], ['2026-06-30', knowns[1]]])
    explainTimes.push(time(`explain ${id} ${asOf} ${knownAt}`, () => explain(state, vinhBaoPlan, id, { asOf, knownAt })));
console.log(`report: worst of bests ${Math.max(...reportTimes).toFixed(1)} ms; explain: worst of bests ${Math.max(...explainTimes).toFixed(1)} ms`);

const file = (dir, label) => join(dir, `${label.replace(/[^a-z0-9-]+/gi, '_')}.json`);
if (dump !== undefined) {
  mkdirSync(dump, { recursive: true });
  for (const [label, result] of answers) writeFileSync(file(dump, label), JSON.stringify(result));
}
if (check !== undefined) {
  let differences = 0;
  for (const [label, result] of answers) {
    const before = JSON.parse(readFileSync(file(check, label), 'utf8'));
    if (!isDeepStrictEqual(before, JSON.parse(JSON.stringify(result)))) {
      differences++;
      console.log(`DIFFERENT: ${label}`);
    }
  }
  console.log(differences === 0 ? `all ${answers.length} answers equal the dump` : `${differences} answers differ`);
}
