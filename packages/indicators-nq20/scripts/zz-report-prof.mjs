import { createReadStream } from 'node:fs';
import { parseRecordedEvent } from '@hoptac/core';
import { applyIndicatorEvent, buildReport, explain, initialIndicatorsState, vinhBaoPlan } from '@hoptac/indicators-nq20';
const events = [];
let rest = null;
const limit = Number(process.argv[3] ?? 200000);
for await (const chunk of createReadStream(process.argv[2], { highWaterMark: 1 << 20 })) {
  const data = rest ? Buffer.concat([rest, chunk]) : chunk;
  let start = 0, end;
  while ((end = data.indexOf(10, start)) !== -1 && events.length < limit) { events.push(parseRecordedEvent(JSON.parse(data.toString('utf8', start, end)))); start = end + 1; }
  rest = start < data.length ? data.subarray(start) : null;
  if (events.length >= limit) break;
}
const state = initialIndicatorsState();
for (const e of events) applyIndicatorEvent(state, e);
const { handApply, handInitial } = await import('../../benchmarks/src/hand-fold.mjs');
let handBest = Infinity;
for (let r = 0; r < 3; r++) { const c0 = process.cpuUsage(); const st = handInitial(); for (const e of events) handApply(st, e); const c = process.cpuUsage(c0); handBest = Math.min(handBest, (c.user + c.system) / 1000); }
const factor = (events.length / handBest * 1000) / 6.3e6;
console.log(`hand fold ${(events.length / handBest / 1000).toFixed(2)} M/s cpu; machine at ${(factor * 100).toFixed(1)}% of the reference`);
events.length = 0;
const knownAt = process.argv[4] ?? '2031-12-31T00:00:00.000Z';
const dates = ['2030-12-31', '2026-06-30', '2028-01-15', '2024-12-31', '2029-07-01', '2031-03-31', '2027-09-30'];
buildReport(state, vinhBaoPlan, { asOf: '2030-06-30', knownAt });
import { Session } from 'node:inspector/promises';
import { writeFileSync, mkdirSync } from 'node:fs';
const session = new Session(); session.connect();
if (process.env.PROF) { await session.post('Profiler.enable'); await session.post('Profiler.start'); }
const c0 = process.cpuUsage(); const t0 = performance.now();
for (let r = 0; r < 3; r++) for (const asOf of dates) buildReport(state, vinhBaoPlan, { asOf, knownAt });
const c = process.cpuUsage(c0);
if (process.env.PROF) { const { profile } = await session.post('Profiler.stop'); mkdirSync(process.env.PROF, { recursive: true }); writeFileSync(process.env.PROF + '/r.cpuprofile', JSON.stringify(profile)); }
console.log(`report avg wall ${((performance.now() - t0) / 21).toFixed(1)} ms cpu ${((c.user + c.system) / 1000 / 21).toFixed(1)} ms; normalised cpu ${((c.user + c.system) / 1000 / 21 * factor).toFixed(1)} ms`);
if (process.argv[5] === 'explain') {
  const c1 = process.cpuUsage(); const t1 = performance.now();
  for (const asOf of dates) explain(state, vinhBaoPlan, 'good-fair-share', { asOf, knownAt });
  const c = process.cpuUsage(c1);
  console.log(`explain avg wall ${((performance.now() - t1) / 7).toFixed(1)} ms cpu ${((c.user + c.system) / 1000 / 7).toFixed(1)} ms`);
}
