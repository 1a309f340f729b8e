// National scale (not in CI, not in `pnpm bench`): ~30,000 organisations and ~10 M events, replayed from NDJSON
// through the indicators projection, streaming, in a fresh process: time and peak RSS against issue 8's target
// (10 M events in ≤ 30 s at ≤ 2 GB). Generating the file the first time takes several minutes; it is cached.
//   --organisations=N   default 30,000      --scale=X   member admissions/departures per organisation × X (default 3.9)
//   --hand              also run the hand-written limit on the same file
// The result is saved to profiles/national.json; the next `pnpm bench` (or `pnpm bench --render`) shows it.
import { writeFileSync } from 'node:fs';
import { machine, runChild } from './lib.mjs';
import { ensureWorkload } from './workload.mjs';

const flags = new Map(process.argv.slice(2).map((flag) => [flag.replace(/^--/, '').split('=')[0], flag.split('=')[1] ?? true]));
const organisations = Number(flags.get('organisations') ?? 30_000);
const memberScale = Number(flags.get('scale') ?? 3.9);
const log = (message) => process.stderr.write(`[national] ${message}\n`);

const { path, bytes } = await ensureWorkload({ organisations, memberScale, log });
log(`${path}: ${(bytes / 2 ** 30).toFixed(2)} GiB`);
const rows = [];
if (flags.has('hand')) {
  const hand = await runChild('hand', { path, asOf: '2030-12-31' });
  rows.push(['hand-written limit', hand]);
}
const replay = await runChild('national', { path });
rows.push(['hoptac replay with validation', replay]);
for (const [name, result] of rows)
  console.log(
    `${name}: ${result.events.toLocaleString('en-US')} events in ${result.seconds.toFixed(1)} s ` +
      `(${Math.round(result.events / result.seconds).toLocaleString('en-US')} events/s), peak RSS ${result.maxRssMb} MB`,
  );
if (replay.events < 9_000_000) {
  const seconds = (replay.seconds * 10_000_000) / replay.events;
  console.log(`only ${replay.events.toLocaleString('en-US')} events: at this rate 10 M events would take ~${Math.round(seconds)} s (RSS not extrapolated)`);
} else {
  const target = replay.seconds <= 30 && replay.maxRssMb <= 2048;
  console.log(`target (10 M events in ≤ 30 s at ≤ 2 GB): ${target ? 'met' : 'missed'}`);
}
writeFileSync(
  new URL('../profiles/national.json', import.meta.url),
  JSON.stringify({ machine: machine(), organisations, memberScale, bytes, rows: Object.fromEntries(rows) }, null, 2),
);
