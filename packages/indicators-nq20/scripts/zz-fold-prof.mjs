import { createReadStream } from 'node:fs';
import { parseRecordedEvent } from '@hoptac/core';
import { applyIndicatorEvent, initialIndicatorsState } from '@hoptac/indicators-nq20';
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
for (let r = 0; r < 3; r++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const state = initialIndicatorsState();
  for (const e of events) applyIndicatorEvent(state, e);
  const c = process.cpuUsage(c0); const t = performance.now() - t0;
  console.log(`fold wall ${t.toFixed(0)} ms cpu ${((c.user + c.system) / 1000).toFixed(0)} ms -> ${(events.length / t / 1000).toFixed(2)} M/s wall`);
}
const { handApply, handInitial } = await import('../../benchmarks/src/hand-fold.mjs');
for (let r = 0; r < 3; r++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const state = handInitial();
  for (const e of events) handApply(state, e);
  const c = process.cpuUsage(c0); const t = performance.now() - t0;
  console.log(`hand wall ${t.toFixed(0)} ms cpu ${((c.user + c.system) / 1000).toFixed(0)} ms -> ${(events.length / t / 1000).toFixed(2)} M/s wall`);
}
