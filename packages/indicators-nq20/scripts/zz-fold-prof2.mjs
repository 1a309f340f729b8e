import { createReadStream, writeFileSync, mkdirSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseRecordedEvent } from '@hoptac/core';
import { applyIndicatorEvent, initialIndicatorsState } from '@hoptac/indicators-nq20';
const { handApply, handInitial } = await import('../../benchmarks/src/hand-fold.mjs');
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
const session = new Session(); session.connect();
const time = (label, run) => { let best = Infinity; for (let r = 0; r < 5; r++) { const c0 = process.cpuUsage(); run(); const c = process.cpuUsage(c0); best = Math.min(best, (c.user + c.system) / 1000); } console.log(`${label} best cpu ${best.toFixed(0)} ms`); return best; };
const h1 = time('hand', () => { const s = handInitial(); for (const e of events) handApply(s, e); });
if (process.env.PROF) { await session.post('Profiler.enable'); await session.post('Profiler.start'); }
const f = time('fold', () => { const s = initialIndicatorsState(); for (const e of events) applyIndicatorEvent(s, e); });
if (process.env.PROF) { const { profile } = await session.post('Profiler.stop'); mkdirSync(process.env.PROF, { recursive: true }); writeFileSync(process.env.PROF + '/f.cpuprofile', JSON.stringify(profile)); }
const h2 = time('hand', () => { const s = handInitial(); for (const e of events) handApply(s, e); });
console.log(`ratio ${(Math.min(h1, h2) / f).toFixed(2)}`);
