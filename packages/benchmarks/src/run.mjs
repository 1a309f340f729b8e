// `pnpm bench`: every measurement side by side in one run, written to docs/benchmarks.md.
//   --quick            1,000 organisations (~100 k events) instead of 10,000 (~1 M), 3 runs instead of 5
//   --only=a,b         run only some sections (baselines, replay, fold, micro, stores, report, emmett)
//   --out=path         where to write the markdown (default docs/benchmarks.md at the repository root)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, measureChild, runChild } from './lib.mjs';
import { summariseProfile } from './profile.mjs';
import { ensureWorkload } from './workload.mjs';

const flags = new Map(process.argv.slice(2).map((flag) => [flag.replace(/^--/, '').split('=')[0], flag.split('=')[1] ?? true]));
const quick = flags.has('quick');
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const out = flags.get('out') ?? join(root, 'docs', 'benchmarks.md');
const only = flags.has('only') ? new Set(String(flags.get('only')).split(',')) : null;
const wants = (section) => !only || only.has(section);
const RUNS = quick ? 3 : 5;
const ORGANISATIONS = quick ? 1_000 : 10_000;
const SMALL = 1_000; // the ~100 k workload: store imports and commands run at this size (stated below)
const BUDGET = quick ? 60 : 150; // seconds per measurement before runs are cut (each cut is stated)
const AS_OF = '2030-12-31';
const profileDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'profiles');
mkdirSync(profileDir, { recursive: true });

const log = (message) => process.stderr.write(`[bench] ${message}\n`);
const results = {};
const failures = [];
const attempt = async (name, run) => {
  log(name);
  try {
    results[name] = await run();
  } catch (error) {
    failures.push({ name, error: String(error.message ?? error).slice(0, 300) });
    log(`  failed: ${error.message}`);
  }
};

// --render: write the page again from the last run's results (profiles/results.json), measuring nothing
const rendering = flags.has('render');
const saved = rendering ? JSON.parse(readFileSync(join(profileDir, 'results.json'), 'utf8')) : null;
const big = saved ? saved.big : await ensureWorkload({ organisations: ORGANISATIONS, log });
const small = saved ? saved.small : await ensureWorkload({ organisations: SMALL, log });
const events = saved ? saved.events : Number((await runChild('parse', { path: big.path })).events);
const smallEvents = saved ? saved.smallEvents : Number((await runChild('parse', { path: small.path })).events);
if (saved) {
  Object.assign(results, saved.results);
  failures.push(...saved.failures);
}
const childOptions = { runs: RUNS, budgetSeconds: BUDGET };
const profilePath = (name) => join(profileDir, `${name}.cpuprofile`);
if (!rendering) {

  if (wants('baselines')) {
    await attempt('parse', () => measureChild('parse', { path: big.path }, childOptions));
    await attempt('hand', () => measureChild('hand', { path: big.path, asOf: AS_OF }, childOptions));
    await attempt('coreLines', () => measureChild('coreLines', { path: big.path }, childOptions));
  }
  if (wants('replay')) {
    await attempt('replay', () => measureChild('replay', { path: big.path }, childOptions));
    await attempt('replayChain', () => measureChild('replay', { path: big.path, verifyChain: true }, { ...childOptions, runs: Math.min(RUNS, 3) }));
    await attempt('replayProfile', () => runChild('replay', { path: small.path, profile: profilePath('replay') }));
  }
  if (wants('fold')) {
    await attempt('fold', () => runChild('fold', { path: big.path, asOf: AS_OF, runs: RUNS, budget: BUDGET }));
    await attempt('foldProfile', () => runChild('fold', { path: small.path, asOf: AS_OF, runs: 1, profile: profilePath('fold') }));
  }
  if (wants('micro')) await attempt('micro', () => runChild('micro', { path: big.path, limit: quick ? 50_000 : 200_000, runs: RUNS }));
  if (wants('stores')) {
    const storeArgs = { path: small.path };
    await attempt('sqliteRaw', () => measureChild('sqliteRaw', storeArgs, childOptions));
    await attempt('sqliteImport', () => measureChild('importStore', { ...storeArgs, store: 'sqlite' }, childOptions));
    await attempt('memoryImport', () => measureChild('importStore', { ...storeArgs, store: 'memory' }, childOptions));
    await attempt('sqliteImportProfile', () => runChild('importStore', { ...storeArgs, store: 'sqlite', profile: profilePath('sqlite-import') }));
    await attempt('pgRaw', () => measureChild('pgRaw', storeArgs, childOptions));
    await attempt('pgImport', () => measureChild('importStore', { ...storeArgs, store: 'postgres' }, childOptions));
    const commandArgs = { path: small.path, organisations: SMALL, runs: RUNS, budget: BUDGET };
    await attempt('memoryCommands', () => runChild('commands', { ...commandArgs, store: 'memory', commands: 500 }));
    await attempt('memoryCommandsProfile', () => runChild('commands', { ...commandArgs, store: 'memory', commands: 300, runs: 1, profile: profilePath('memory-commands') }));
    await attempt('sqliteCommands', () => runChild('commands', { ...commandArgs, store: 'sqlite', commands: 300 }));
    await attempt('sqliteCommandsTrusted', () => runChild('commands', { ...commandArgs, store: 'sqlite', commands: 300, storeOptions: { validateOnRead: false } }));
    await attempt('postgresCommands', () => runChild('commands', { ...commandArgs, store: 'postgres', commands: 200 }));
    await attempt('memoryCommandsCached', () => runChild('commands', { ...commandArgs, store: 'memory', commands: 2000, cacheStates: true }));
    await attempt('sqliteCommandsCached', () => runChild('commands', { ...commandArgs, store: 'sqlite', commands: 2000, cacheStates: true }));
    await attempt('postgresCommandsCached', () => runChild('commands', { ...commandArgs, store: 'postgres', commands: 500, cacheStates: true }));
  }
  if (wants('report')) {
    await attempt('report', () => runChild('report', { path: big.path, runs: RUNS, budget: BUDGET, profile: profilePath('report') }));
  }
  if (wants('emmett')) {
    const emmettOptions = { runs: RUNS, budgetSeconds: BUDGET };
    // Emmett's fill of 1 M events takes minutes: one run, and no warm-up (the fill itself warms up)
    await attempt('emmettAppend', () => measureChild('emmettAppend', { path: big.path }, { runs: 1, warmup: 0 }));
    await attempt('memoryAppend', () => measureChild('memoryAppend', { path: big.path }, { runs: Math.min(RUNS, 3), warmup: 0 }));
    await attempt('emmettInline', () => measureChild('inline', { path: big.path, library: 'emmett', timedBatches: 2_000 }, { runs: 3, budgetSeconds: BUDGET }));
    await attempt('memoryInline', () => measureChild('inline', { path: big.path, timedBatches: 2_000 }, { runs: RUNS, budgetSeconds: BUDGET }));
    await attempt('inlineProfile', () => runChild('inline', { path: small.path, timedBatches: 2_000, profile: profilePath('inline') }));
  }

}

// ---- the page ------------------------------------------------------------------------------------------------
const fmt = (value, digits = 0) =>
  value === undefined || value === null || Number.isNaN(value) ? '—' : Number(value).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rate = (count, seconds) => (seconds ? count / seconds : undefined);
const ratio = (value, base) => (value && base ? value / base : undefined);
const r = results;
const runsNote = (result) => (result?.runs !== undefined && result.runs < RUNS ? ` (${result.runs} run${result.runs === 1 ? '' : 's'}: slow)` : '');
const verdict = (value, target, higherIsBetter = true) =>
  value === undefined ? 'not measured' : (higherIsBetter ? value >= target : value <= target) ? '**met**' : '**missed**';

const parseRate = rate(events, r.parse?.seconds);
const handRate = rate(events, r.hand?.seconds);
const replayRate = rate(events, r.replay?.seconds);
const replayChainRate = rate(events, r.replayChain?.seconds);
const foldHandRate = rate(r.fold?.events, r.fold?.hand?.seconds);
const foldHoptacRate = rate(r.fold?.events, r.fold?.hoptac?.seconds);
const sqliteRawRate = rate(r.sqliteRaw?.events, r.sqliteRaw?.seconds);
const sqliteImportRate = rate(r.sqliteImport?.events, r.sqliteImport?.seconds);
const pgRawRate = rate(r.pgRaw?.events, r.pgRaw?.seconds);
const pgImportRate = rate(r.pgImport?.events, r.pgImport?.seconds);
const commandRate = (result) => rate(result?.commands, result?.seconds);
const emmettAppendRate = rate(r.emmettAppend?.events, r.emmettAppend?.seconds);
const memoryAppendRate = rate(r.memoryAppend?.events, r.memoryAppend?.seconds);
const emmettAggregateRate = rate(r.emmettAppend?.events, r.emmettAppend?.aggregate?.seconds);
const memoryAggregateRate = rate(r.memoryAppend?.events, r.memoryAppend?.aggregate?.seconds);
const deciderAggregateRate = rate(r.memoryAppend?.events, r.memoryAppend?.decider?.seconds);
const emmettInlineRate = rate(r.emmettInline?.events, r.emmettInline?.seconds);
const memoryInlineRate = rate(r.memoryInline?.events, r.memoryInline?.seconds);

// the last `bench:national` run on this machine, if any
const national = (() => {
  try {
    return JSON.parse(readFileSync(join(profileDir, 'national.json'), 'utf8'));
  } catch {
    return undefined;
  }
})();
const nationalReplay = national?.rows['hoptac replay with validation'];

const profileTable = (name, top = 10) => {
  try {
    const rows = summariseProfile(profilePath(name), top + 4).filter((row) => !['(idle)', '(program)', 'dispatch'].includes(row.name)).slice(0, top);
    return [
      `Top functions by self time (\`node --cpu-prof\`-style sampling of the measured part, \`profiles/${name}.cpuprofile\`):`,
      '',
      '| self % | function | where |',
      '|---:|---|---|',
      ...rows.map((row) => `| ${row.percent} | \`${row.name}\` | ${row.location || '(native)'} |`),
      '',
    ].join('\n');
  } catch {
    return `(no profile for ${name})\n`;
  }
};

const m = saved?.machine ?? machine();
const lines = [];
const push = (...text) => lines.push(...text);
push(
  '# Benchmarks',
  '',
  `<!-- written by \`pnpm bench${quick ? ' --quick' : ''}\` (packages/benchmarks); do not edit by hand -->`,
  '',
  `Measured on ${m.date}: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}. The machine is shared: absolute`,
  `numbers move with its load, the ratios (measured side by side in the same run) much less${m.loadAverage ? ` (load average ${m.loadAverage.join(', ')} at the end of this run, on ${m.cores} cores)` : ''}.`,
  '',
  // a page rendered from merged runs says which sections came from which run (each ratio is still from one run)
  ...(saved?.note ? [saved.note, ''] : []),
  ...(quick ? ['**This page is from a `--quick` run**: the targets of issue 8 are stated for 1 M events; run `pnpm bench` for the full size.', ''] : []),
  `Workload: a seeded history of ${fmt(ORGANISATIONS)} organisations, **${fmt(events)} events** (${fmt(big.bytes / events)} bytes per`,
  `event as NDJSON of RecordedEvents with envelope and hash), generated by \`src/workload.mjs\` (founded, ~66 admissions and`,
  '~15 departures per organisation, yearly ratings recorded late, linkages, high-tech recognitions, digital assessments,',
  'registration updates, suspensions, a few head-office moves, dissolutions and mergers, and the 1/7/2025 unit',
  `reorganisation). Store imports and single commands use the ${fmt(smallEvents)}-event workload of ${fmt(SMALL)} organisations`,
  '(raw inserts and hoptac side by side on the same rows).',
  `Each figure is the median of ${RUNS} runs after a warm-up unless marked; replays run in a fresh process per run so`,
  'peak RSS is that run\'s own.',
  '',
);

push('## Targets (issue 8)', '', '| target | measured | ratio | verdict |', '|---|---|---:|---|');
const replayRatio = ratio(replayRate, handRate);
push(`| replay from NDJSON with validation ≥ 0.6 × hand-written limit | ${fmt(replayRate)} ev/s vs ${fmt(handRate)} ev/s | ${fmt(replayRatio, 3)} | ${verdict(replayRatio, 0.6)} |`);
push(`| … at ≤ 200 MB peak RSS for 1 M events | ${fmt(r.replay?.maxRssMb)} MB (${fmt(events)} events) | | ${verdict(r.replay?.maxRssMb, 200, false)} |`);
const foldRatio = ratio(foldHoptacRate, foldHandRate);
push(`| fold only ≥ 0.4 × hand-written fold | ${fmt(foldHoptacRate)} ev/s vs ${fmt(foldHandRate)} ev/s | ${fmt(foldRatio, 3)} | ${verdict(foldRatio, 0.4)} |`);
const sqliteRatio = ratio(sqliteImportRate, sqliteRawRate);
push(`| SQLite batched import ≥ 0.8 × raw better-sqlite3 | ${fmt(sqliteImportRate)} ev/s vs ${fmt(sqliteRawRate)} rows/s | ${fmt(sqliteRatio, 3)} | ${verdict(sqliteRatio, 0.8)} |`);
push(`| single commands ≥ 5,000/s (memory / SQLite / PostgreSQL) | cold: ${fmt(commandRate(r.memoryCommands))} / ${fmt(commandRate(r.sqliteCommands))} / ${fmt(commandRate(r.postgresCommands))} per s; warm cache: ${fmt(commandRate(r.memoryCommandsCached))} / ${fmt(commandRate(r.sqliteCommandsCached))} / ${fmt(commandRate(r.postgresCommandsCached))} per s | | ${verdict(commandRate(r.sqliteCommandsCached), 5000)} (SQLite, warm) |`);
const reportMs = r.report?.report ? r.report.report.seconds * 1000 : undefined;
push(`| a report for another asOf ≤ 100 ms after the load | ${fmt(reportMs, 1)} ms (explain ${fmt(r.report?.explain ? r.report.explain.seconds * 1000 : undefined, 1)} ms) | | ${verdict(reportMs, 100, false)} |`);
push(`| ≥ 10 × Emmett on append | ${fmt(memoryAppendRate)} vs ${fmt(emmettAppendRate)} ev/s | ${fmt(ratio(memoryAppendRate, emmettAppendRate), 2)} | ${verdict(ratio(memoryAppendRate, emmettAppendRate), 10)} |`);
push(`| ≥ 10 × Emmett on inline projections | ${fmt(memoryInlineRate)} vs ${fmt(emmettInlineRate)} ev/s | ${fmt(ratio(memoryInlineRate, emmettInlineRate), 2)} | ${verdict(ratio(memoryInlineRate, emmettInlineRate), 10)} |`);
push(`| ≥ 2 × Emmett on replay (aggregate every stream) | ${fmt(memoryAggregateRate)} vs ${fmt(emmettAggregateRate)} ev/s | ${fmt(ratio(memoryAggregateRate, emmettAggregateRate), 2)} | ${verdict(ratio(memoryAggregateRate, emmettAggregateRate), 2)} |`);
const memoryRatio = ratio(r.memoryAppend?.heapMb, r.emmettAppend?.heapMb);
push(`| ≤ 1/4 of Emmett's memory (heap the store holds after the same appends) | ${fmt(r.memoryAppend?.heapMb)} MB vs ${fmt(r.emmettAppend?.heapMb)} MB | ${fmt(memoryRatio, 2)} | ${verdict(memoryRatio, 0.25, false)} |`);
push(
  nationalReplay === undefined
    ? '| national scale: 10 M events ≤ 30 s at ≤ 2 GB | `bench:national`, not in `pnpm bench`: no run on record | | not measured |'
    : `| national scale: 10 M events ≤ 30 s at ≤ 2 GB | ${fmt(nationalReplay.events)} events in ${fmt(nationalReplay.seconds, 1)} s at ${fmt(nationalReplay.maxRssMb)} MB (\`bench:national\`, ${national.machine.date}) | | ${nationalReplay.seconds <= 30 && nationalReplay.maxRssMb <= 2048 && nationalReplay.events >= 9_000_000 ? '**met**' : '**missed**'} |`,
  '',
);

push('## 1. Replay from NDJSON (streaming, fresh process per run)', '', '| what | events/s | seconds | peak RSS |', '|---|---:|---:|---:|');
const row = (name, result, count = events) => push(`| ${name}${runsNote(result)} | ${fmt(rate(count, result?.seconds))} | ${fmt(result?.seconds, 2)} | ${fmt(result?.maxRssMb)} MB |`);
row('read + `JSON.parse`, lines cut from Buffer chunks (physical limit)', r.parse);
row('the same + hand-written fold of the six indicators into Maps (hand-written limit)', r.hand);
row('core `ndjsonLines` (async generator per line) + `JSON.parse`', r.coreLines);
row('**hoptac**: `readNdjsonEvents` (cut, parse, validate) into `replayFrom(indicatorsProjection)`', r.replay);
row('hoptac, also verifying the hash chain (`verifyChain: true`)', r.replayChain);
push('', profileTable('replay'), '');

push('## 2. Fold only (events already parsed, in memory)', '', '| what | events/s | seconds |', '|---|---:|---:|');
push(`| hand-written fold | ${fmt(foldHandRate)} | ${fmt(r.fold?.hand?.seconds, 3)} |`);
push(`| hoptac \`indicatorsProjection.apply\`${runsNote(r.fold?.hoptac)} | ${fmt(foldHoptacRate)} | ${fmt(r.fold?.hoptac?.seconds, 3)} |`, '');
push(profileTable('fold'), '');

push('## Per-event cost of core\'s pieces (in memory)', '', '| piece | events/s | µs per event |', '|---|---:|---:|');
for (const [name, value] of Object.entries(r.micro?.micro ?? {})) push(`| \`${name}\` | ${fmt(value.eventsPerSecond)} | ${fmt(1e6 / value.eventsPerSecond, 2)} |`);
push('', `(over the first ${fmt(r.micro?.events)} events of the workload)`, '');

push('## 3. Stores', '', `Batched import of the ${fmt(smallEvents)}-event workload from NDJSON; raw inserts read and parse the same file and insert the same rows.`, '');
push('| what | events/s | seconds | ratio to raw |', '|---|---:|---:|---:|');
push(`| raw better-sqlite3, one transaction, WAL, synchronous=NORMAL${runsNote(r.sqliteRaw)} | ${fmt(sqliteRawRate)} | ${fmt(r.sqliteRaw?.seconds, 2)} | 1 |`);
push(`| hoptac \`importNdjson\` into SqliteEventStore${runsNote(r.sqliteImport)} | ${fmt(sqliteImportRate)} | ${fmt(r.sqliteImport?.seconds, 2)} | ${fmt(sqliteRatio, 3)} |`);
push(`| hoptac \`importNdjson\` into MemoryEventStore${runsNote(r.memoryImport)} | ${fmt(rate(r.memoryImport?.events, r.memoryImport?.seconds))} | ${fmt(r.memoryImport?.seconds, 2)} | |`);
push(`| raw pg, one transaction, INSERT … unnest, 2,000 rows per statement${runsNote(r.pgRaw)} | ${fmt(pgRawRate)} | ${fmt(r.pgRaw?.seconds, 2)} | 1 |`);
push(`| hoptac \`importNdjson\` into PostgresEventStore${runsNote(r.pgImport)} | ${fmt(pgImportRate)} | ${fmt(r.pgImport?.seconds, 2)} | ${fmt(ratio(pgImportRate, pgRawRate), 3)} |`, '');
push(profileTable('sqlite-import'), '');
push('Single commands (`AdmitMember` through `CommandHandler`: load the stream, decide, append with the expected version),', `on a store holding the ${fmt(smallEvents)}-event workload (~100 events per stream):`, '');
push('| store | commands/s | ms per command |', '|---|---:|---:|');
for (const [name, result] of [
  ['memory', r.memoryCommands],
  ['SQLite (validateOnRead, default)', r.sqliteCommands],
  ['SQLite (validateOnRead: false)', r.sqliteCommandsTrusted],
  ['PostgreSQL', r.postgresCommands],
  ['memory, `cacheStates: true` (warm: each organisation loaded once before)', r.memoryCommandsCached],
  ['SQLite, `cacheStates: true` (warm)', r.sqliteCommandsCached],
  ['PostgreSQL, `cacheStates: true` (warm)', r.postgresCommandsCached],
])
  push(`| ${name}${runsNote(result)} | ${fmt(commandRate(result))} | ${fmt(result ? (1000 * result.seconds) / result.commands : undefined, 2)} |`);
push('', profileTable('memory-commands'), '');

push('## 4. Report latency after a one-time load', '');
push(`Load (replay of ${fmt(r.report?.events)} events into the indicators projection): ${fmt(r.report?.loadSeconds, 1)} s. Then, with no replay:`, '');
push('| query | ms (median) |', '|---|---:|');
push(`| \`buildReport\` (all six indicators with companions, breakdowns) for an arbitrary asOf${runsNote(r.report?.report)} | ${fmt(reportMs, 1)} |`);
push(`| \`explain\` good-fair-share for an arbitrary asOf | ${fmt(r.report?.explain ? r.report.explain.seconds * 1000 : undefined, 1)} |`, '');
push(profileTable('report'), '');

push('## 5. Emmett 0.42 (`@event-driven-io/emmett`) on the same workload', '');
push(`Everything on the ${fmt(events)}-event workload (${fmt(r.memoryAppend?.streams)} streams). Appends are one per recorded batch of a`,
  'stream, with the expected version on hoptac\'s side; the heap is what the store holds (after full garbage collections,',
  'once the input is dropped). Emmett\'s in-memory append re-counts every stream per event and copies the stream\'s array, so its',
  'per-append cost grows with the store: its fill of 1 M events takes minutes, so it runs once. The inline projection',
  `keeps one document per organisation (${fmt(r.memoryInline?.documents ?? ORGANISATIONS)} documents, one founding each first) and times the next 2,000 appends.`, '');
push('| measure | hoptac | Emmett | hoptac / Emmett |', '|---|---:|---:|---:|');
push(`| in-memory append, events/s (one append per recorded batch) | ${fmt(memoryAppendRate)} | ${fmt(emmettAppendRate)} | ${fmt(ratio(memoryAppendRate, emmettAppendRate), 2)} |`);
push(`| heap the store holds, MB | ${fmt(r.memoryAppend?.heapMb)} | ${fmt(r.emmettAppend?.heapMb)} | ${fmt(memoryRatio, 2)} |`);
push(`| aggregate every stream (read + count members), events/s | ${fmt(memoryAggregateRate)} | ${fmt(emmettAggregateRate)} | ${fmt(ratio(memoryAggregateRate, emmettAggregateRate), 2)} |`);
push(`| hoptac \`loadOrganisation\` (the decider's evolve) for every stream, events/s | ${fmt(deciderAggregateRate)} | | |`);
push(`| inline projection, one document per organisation, events/s${runsNote(r.emmettInline)} | ${fmt(memoryInlineRate)} | ${fmt(emmettInlineRate)} | ${fmt(ratio(memoryInlineRate, emmettInlineRate), 2)} |`, '');
push('hoptac\'s appends, in memory and inline, are bound by the per-event validation and hashing of every append:', '', profileTable('inline'), '');

push('## National scale', '', 'Not part of `pnpm bench` (generating the file takes minutes): `pnpm --filter @hoptac/benchmarks bench:national`',
  'generates ~30,000 organisations and ~10 M events (cached), replays them from NDJSON through the indicators projection,',
  'streaming, in a fresh process, and saves the result, shown here:', '');
if (national === undefined) push('(no national run on record on this machine)', '');
else {
  push(`Run on ${national.machine.date} (Node ${national.machine.node}, load average ${national.machine.loadAverage.join(', ')}): ${fmt(national.organisations)} organisations, ${fmt(national.bytes / 2 ** 30, 2)} GiB of NDJSON.`, '');
  push('| what | events | seconds | events/s | peak RSS | target (≤ 30 s, ≤ 2 GB) |', '|---|---:|---:|---:|---:|---|');
  for (const [name, result] of Object.entries(national.rows))
    push(`| ${name} | ${fmt(result.events)} | ${fmt(result.seconds, 1)} | ${fmt(rate(result.events, result.seconds))} | ${fmt(result.maxRssMb)} MB | ${name.startsWith('hoptac') ? (result.seconds <= 30 && result.maxRssMb <= 2048 ? '**met**' : '**missed**') : ''} |`);
  push('');
}
push(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'findings.md'), 'utf8'));
if (failures.length > 0) {
  push('## Not measured in this run', '');
  for (const failure of failures) push(`- ${failure.name}: ${failure.error}`);
  push('');
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${lines.join('\n')}\n`);
if (!rendering) writeFileSync(join(profileDir, 'results.json'), JSON.stringify({ machine: m, quick, big, small, events, smallEvents, results, failures }, null, 2));
log(`wrote ${relative(process.cwd(), out)}`);
