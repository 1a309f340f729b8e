import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportNdjson, isInvalidEventError } from '@hoptac/core';
import { IndicatorId, computeIndicator, explain, queryContext, type Clocks } from '@hoptac/indicators-nq20';
import { parseCommandArgs, stringOption, type OptionSpec, type Parsed } from './args';
import { isDate, parseDate, parseInstant, todayInVietnam } from './clocks';
import { importFile } from './commands/import';
import { renderVerification, verifySource } from './commands/verify';
import { clocksFrom, displayReportOf, loadForReport, reportOf, withStore, type Loaded } from './context';
import { EXIT, InputError, UsageError } from './errors';
import { SHORT_TITLES, formatValue, renderCsv, renderDashboard, renderExplanation } from './format';
import { renderHtmlReport } from './html/report-html';
import { computeTrajectories } from './html/trajectory';
import type { CliIo } from './io';
import { DEFAULT_STORE, describeStore, openStore } from './store';

interface Command {
  name: string;
  summary: string;
  usage: string;
  details: string;
  options: OptionSpec;
  optionHelp: ReadonlyArray<readonly [string, string]>;
  positionals: { min: number; max: number };
  examples: readonly string[];
  run(parsed: Parsed, io: CliIo): Promise<number>;
}

const STORE_OPTION: OptionSpec = { store: { type: 'string', short: 's' } };
const STORE_HELP = ['--store, -s LOCATION', `a SQLite file (default ${DEFAULT_STORE}), postgres://… or esdb://…`] as const;
const CLOCK_OPTIONS: OptionSpec = { 'as-of': { type: 'string' }, 'known-at': { type: 'string' }, plan: { type: 'string' } };
const CLOCK_HELP = [
  ['--as-of DATE', 'the business date to report at, YYYY-MM-DD (default: today in Vietnam)'],
  ['--known-at TIME', 'only what was recorded by this instant, ISO 8601 (default: now)'],
  ['--plan FILE', 'a plan as JSON (default: the bundled Vĩnh Bảo plan)'],
] as const;

const write = (io: CliIo, out: string | undefined, text: string): void => {
  if (out === undefined) return io.out(text);
  const path = resolve(io.cwd, out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

const formatOf = (parsed: Parsed, allowed: readonly string[], fallback: string): string => {
  const format = stringOption(parsed, 'format') ?? fallback;
  if (!allowed.includes(format)) throw new UsageError(`--format must be one of ${allowed.join(', ')}, got "${format}"`);
  return format;
};

const htmlOf = (loaded: Loaded, io: CliIo): string =>
  renderHtmlReport({
    report: displayReportOf(loaded),
    trajectories: computeTrajectories(loaded.state, loaded.plan, loaded.clocks),
    plan: loaded.plan,
    generatedAt: io.now().toISOString(),
  });

/** Finds the committed sample: examples/vinh-bao/data/vinh-bao.ndjson above this module, or above the cwd. */
export const findSample = (cwd: string): string | undefined => {
  const relative = join('examples', 'vinh-bao', 'data', 'vinh-bao.ndjson');
  const starts = [cwd];
  try {
    starts.push(dirname(fileURLToPath(import.meta.url)));
  } catch {
    // no module URL (a CommonJS bundle without shims): the cwd alone is searched
  }
  for (const start of starts)
    for (let dir = start, depth = 0; depth < 8; depth++, dir = dirname(dir)) {
      const candidate = join(dir, relative);
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) break;
    }
  return undefined;
};

const COMMANDS: readonly Command[] = [
  {
    name: 'demo',
    summary: 'load the Vĩnh Bảo sample into the embedded store, print the dashboard, write the HTML report',
    usage: 'hoptac demo [--out FILE] [--as-of DATE] [--sample FILE]',
    details: `Recreates the SQLite store ${DEFAULT_STORE} in the current directory, imports the sample history, prints the indicator dashboard as of today and writes the HTML report.`,
    options: { out: { type: 'string', short: 'o' }, 'as-of': { type: 'string' }, sample: { type: 'string' } },
    optionHelp: [
      ['--out, -o FILE', 'where to write the HTML report (default hoptac-report.html)'],
      ['--as-of DATE', 'report at another business date (default: today in Vietnam)'],
      ['--sample FILE', 'another NDJSON history to load (default: examples/vinh-bao/data/vinh-bao.ndjson)'],
    ],
    positionals: { min: 0, max: 0 },
    examples: ['hoptac demo', 'hoptac demo --as-of 2030-12-31 --out report-2030.html'],
    async run(parsed, io) {
      const sample = stringOption(parsed, 'sample') ?? findSample(io.cwd);
      if (sample === undefined)
        throw new InputError('the sample examples/vinh-bao/data/vinh-bao.ndjson was not found; run from the repository or pass --sample FILE');
      const started = Date.now();
      const store = await openStore(DEFAULT_STORE, io.cwd, { create: true, recreate: true });
      try {
        const summary = await importFile(store, sample, io);
        io.err(`Loaded ${summary.written.toLocaleString('en-US')} events into ${DEFAULT_STORE} in ${((Date.now() - started) / 1000).toFixed(1)} s\n\n`);
      } finally {
        await store.close();
      }
      const asOf = stringOption(parsed, 'as-of');
      const loadedArgs: Parsed = { values: { ...(asOf !== undefined ? { 'as-of': asOf } : {}) }, positionals: [] };
      const loaded = await loadForReport(loadedArgs, io);
      io.out(renderDashboard(displayReportOf(loaded)));
      const out = stringOption(parsed, 'out') ?? 'hoptac-report.html';
      write(io, out, htmlOf(loaded, io));
      io.out(`\nWrote the HTML report to ${out}: open it in a browser, or print it on A4.\n`);
      return EXIT.ok;
    },
  },
  {
    name: 'import',
    summary: 'validate an NDJSON history and load it into a store, all or nothing',
    usage: 'hoptac import FILE.ndjson [--store LOCATION]',
    details:
      'Every line is checked first (envelope, event schema, stream versions, hash chain); a bad line stops the import with its line number, field and reason, and nothing is written. Events already in the store (same ids) are skipped, so an interrupted import can simply be run again.',
    options: { ...STORE_OPTION },
    optionHelp: [STORE_HELP],
    positionals: { min: 1, max: 1 },
    examples: ['hoptac import examples/vinh-bao/data/vinh-bao.ndjson', 'hoptac import history.ndjson --store postgres://postgres@127.0.0.1:5432/hoptac'],
    async run(parsed, io) {
      const file = parsed.positionals[0] as string;
      const location = stringOption(parsed, 'store') ?? DEFAULT_STORE;
      const summary = await withStore(parsed, io, { create: true }, (store) => importFile(store, file, io));
      io.out(
        `Imported ${summary.written.toLocaleString('en-US')} events from ${file} into ${describeStore(location)}` +
          (summary.alreadyPresent > 0 ? ` (${summary.alreadyPresent.toLocaleString('en-US')} were already there)` : '') +
          '\n',
      );
      return EXIT.ok;
    },
  },
  {
    name: 'verify',
    summary: 'check schemas, ordering, the hash chain and the decider rules over the whole history',
    usage: 'hoptac verify [FILE.ndjson] [--store LOCATION]',
    details:
      'Checks, in global order: every event parses (schema); positions run 1, 2, 3… and each stream’s versions too, ids are unique and record times never go backwards (ordering); each hash matches its event and the hash before it (hash chain); and every decision is re-derived by the decider from the state before it (rules). Prints the first problem with its line, event, stream and position, and exits 1. With FILE, checks an exported file instead of the store.',
    options: { ...STORE_OPTION, format: { type: 'string' } },
    optionHelp: [STORE_HELP, ['--format text|json', 'the result as text (default) or JSON']],
    positionals: { min: 0, max: 1 },
    examples: ['hoptac verify', 'hoptac verify exported.ndjson'],
    async run(parsed, io) {
      const file = parsed.positionals[0];
      const format = formatOf(parsed, ['text', 'json'], 'text');
      const result = await verifySource(file, () => openStore(stringOption(parsed, 'store'), io.cwd), io);
      const source = file ?? describeStore(stringOption(parsed, 'store') ?? DEFAULT_STORE);
      io.out(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderVerification(result, source));
      return result.problem ? EXIT.findings : EXIT.ok;
    },
  },
  {
    name: 'report',
    summary: 'the plan’s indicators, targets and statuses, companion figures and the commune breakdown',
    usage: 'hoptac report [--as-of DATE] [--known-at TIME] [--plan FILE] [--format table|json|csv|html] [--out FILE]',
    details:
      'Asked as of a business date and as known at a record time: "what did we report on 31/12/2030" is --as-of 2030-12-31 --known-at 2030-12-31T17:00:00+07:00; "what we now know about 2030" leaves --known-at out.',
    options: { ...STORE_OPTION, ...CLOCK_OPTIONS, format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' } },
    optionHelp: [...CLOCK_HELP, ['--format, -f FORMAT', 'table (default), json, csv or html'], ['--out, -o FILE', 'write to a file instead of stdout'], STORE_HELP],
    positionals: { min: 0, max: 0 },
    examples: ['hoptac report --as-of 2030-12-31', 'hoptac report --as-of 2027-12-31 --known-at 2028-01-10T00:00:00Z --format json', 'hoptac report --format html --out report.html'],
    async run(parsed, io) {
      const format = formatOf(parsed, ['table', 'json', 'csv', 'html'], 'table');
      const loaded = await loadForReport(parsed, io);
      const out = stringOption(parsed, 'out');
      const report = reportOf(loaded);
      const text =
        format === 'json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : format === 'csv'
            ? renderCsv(report)
            : format === 'html'
              ? htmlOf(loaded, io)
              : renderDashboard(displayReportOf(loaded));
      write(io, out, text);
      if (out !== undefined) io.err(`Wrote the ${format} report to ${out}\n`);
      return EXIT.ok;
    },
  },
  {
    name: 'explain',
    summary: 'which organisations an indicator counts and why, with the event ids',
    usage: `hoptac explain INDICATOR [--as-of DATE] [--known-at TIME] [--commune CODE] [--format text|json]`,
    details: `INDICATOR is one of: ${IndicatorId.options.join(', ')}. Lists the organisations in the numerator, those only in the denominator and those left out, each with its reason and the events that put it there.`,
    options: { ...STORE_OPTION, ...CLOCK_OPTIONS, commune: { type: 'string', short: 'c' }, format: { type: 'string', short: 'f' } },
    optionHelp: [...CLOCK_HELP, ['--commune, -c CODE', 'only organisations in this commune (its unit on the date that matters)'], ['--format, -f FORMAT', 'text (default) or json'], STORE_HELP],
    positionals: { min: 1, max: 1 },
    examples: ['hoptac explain good-fair-share --as-of 2030-12-31', 'hoptac explain new-cooperatives --commune HP-VINH-BAO'],
    async run(parsed, io) {
      const id = parsed.positionals[0] as string;
      const indicator = IndicatorId.safeParse(id);
      if (!indicator.success) throw new UsageError(`unknown indicator "${id}"; choose one of ${IndicatorId.options.join(', ')}`);
      const format = formatOf(parsed, ['text', 'json'], 'text');
      const loaded = await loadForReport(parsed, io);
      const commune = stringOption(parsed, 'commune');
      if (commune !== undefined) {
        const known = new Set(queryContext(loaded.state, loaded.plan, loaded.clocks).territory.unitsOn(loaded.clocks.asOf));
        const everKnown = [...known, ...loaded.plan.territory.units.map((unit) => unit.code)];
        if (!everKnown.includes(commune))
          throw new InputError(`unknown commune "${commune}" on ${loaded.clocks.asOf}; the territory's units then are: ${[...known].sort().join(', ')}`);
      }
      const explanation = explain(loaded.state, loaded.plan, indicator.data, loaded.clocks, commune !== undefined ? { commune } : {});
      const measure = computeIndicator(queryContext(loaded.state, loaded.plan, loaded.clocks), indicator.data).measure;
      io.out(format === 'json' ? `${JSON.stringify(explanation, null, 2)}\n` : renderExplanation(explanation, measure));
      return EXIT.ok;
    },
  },
  {
    name: 'diff',
    summary: 'what changed between two business dates, or between two record times, per indicator and organisation',
    usage: 'hoptac diff --from DATE|TIME --to DATE|TIME [--as-of DATE | --known-at TIME] [--format text|json]',
    details:
      'Two dates (YYYY-MM-DD) compare two business dates at one record time (--known-at, default now). Two instants compare what was known at two record times about one business date (--as-of, default today): late records and corrections show up there.',
    options: { ...STORE_OPTION, ...CLOCK_OPTIONS, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string', short: 'f' } },
    optionHelp: [
      ['--from DATE|TIME', 'the first clock'],
      ['--to DATE|TIME', 'the second clock'],
      ...CLOCK_HELP,
      ['--format, -f FORMAT', 'text (default) or json'],
      STORE_HELP,
    ],
    positionals: { min: 0, max: 0 },
    examples: ['hoptac diff --from 2029-12-31 --to 2030-12-31', 'hoptac diff --as-of 2027-12-31 --from 2028-01-01T00:00:00Z --to 2028-12-31T00:00:00Z'],
    async run(parsed, io) {
      const from = stringOption(parsed, 'from');
      const to = stringOption(parsed, 'to');
      if (from === undefined || to === undefined) throw new UsageError('diff needs both --from and --to');
      const format = formatOf(parsed, ['text', 'json'], 'text');
      let clocks: [Clocks, Clocks];
      let axis: 'as-of' | 'known-at';
      if (isDate(from) && isDate(to)) {
        if (stringOption(parsed, 'as-of') !== undefined) throw new UsageError('--from and --to are dates, so they are the as-of clocks: leave out --as-of');
        const knownAt = clocksFrom(parsed, io).knownAt;
        clocks = [{ asOf: parseDate(from, 'from'), knownAt }, { asOf: parseDate(to, 'to'), knownAt }];
        axis = 'as-of';
      } else if (!isDate(from) && !isDate(to)) {
        if (stringOption(parsed, 'known-at') !== undefined) throw new UsageError('--from and --to are instants, so they are the known-at clocks: leave out --known-at');
        const asOf = stringOption(parsed, 'as-of') !== undefined ? parseDate(stringOption(parsed, 'as-of') as string, 'as-of') : todayInVietnam(io.now());
        clocks = [{ asOf, knownAt: parseInstant(from, 'from') }, { asOf, knownAt: parseInstant(to, 'to') }];
        axis = 'known-at';
      } else throw new UsageError('--from and --to must both be dates (YYYY-MM-DD) or both be instants (ISO 8601 with a zone)');
      const loaded = await loadForReport(parsed, io);
      const diff = diffIndicators(loaded, clocks);
      if (format === 'json') io.out(`${JSON.stringify({ axis, from: clocks[0], to: clocks[1], indicators: diff }, null, 2)}\n`);
      else io.out(renderDiff(axis, clocks, diff));
      return EXIT.ok;
    },
  },
  {
    name: 'export',
    summary: 'the whole store as NDJSON, in global order, hash chain included',
    usage: 'hoptac export [--out FILE] [--store LOCATION]',
    details: 'Writes every event with its envelope (ids, versions, positions, record time, metadata, hash), one per line; "hoptac import" reads it back, and "hoptac verify FILE" checks it.',
    options: { ...STORE_OPTION, out: { type: 'string', short: 'o' } },
    optionHelp: [['--out, -o FILE', 'write to a file instead of stdout'], STORE_HELP],
    positionals: { min: 0, max: 0 },
    examples: ['hoptac export --out backup.ndjson', 'hoptac export --store postgres://postgres@127.0.0.1:5432/hoptac > all.ndjson'],
    async run(parsed, io) {
      const out = stringOption(parsed, 'out');
      const count = await withStore(parsed, io, {}, async (store) => {
        let lines = 0;
        if (out === undefined) {
          for await (const line of exportNdjson(store)) {
            io.out(line);
            lines++;
          }
          return lines;
        }
        const path = resolve(io.cwd, out);
        mkdirSync(dirname(path), { recursive: true });
        const file = createWriteStream(path);
        for await (const line of exportNdjson(store)) {
          if (!file.write(line)) await new Promise<void>((done) => file.once('drain', () => done()));
          lines++;
        }
        await new Promise<void>((done, fail) => file.end((error?: Error | null) => (error ? fail(error) : done())));
        return lines;
      });
      if (out !== undefined) io.err(`Exported ${count.toLocaleString('en-US')} events to ${out}\n`);
      return EXIT.ok;
    },
  },
];

interface OrganisationChange {
  organisationId: string;
  from: string | null;
  to: string | null;
}

interface IndicatorDiff {
  id: IndicatorId;
  measure: 'count' | 'share';
  from: number | null;
  to: number | null;
  organisations: OrganisationChange[];
}

const placementText = (entry: { placement: string; reason: string; count: number }): string =>
  `${entry.placement} (${entry.reason}${entry.count > 1 ? ` × ${entry.count}` : ''})`;

/** Every indicator at two clocks: its values, and each organisation whose place in it changed. */
export const diffIndicators = (loaded: Loaded, clocks: readonly [Clocks, Clocks]): IndicatorDiff[] => {
  const [before, after] = clocks.map((at) => queryContext(loaded.state, loaded.plan, at)) as [ReturnType<typeof queryContext>, ReturnType<typeof queryContext>];
  return IndicatorId.options.map((id) => {
    const a = computeIndicator(before, id, true);
    const b = computeIndicator(after, id, true);
    // an organisation may have several entries (new-members: one per reason), so compare their joined description
    const group = (entries: typeof a.entries) => {
      const parts = new Map<string, Map<string, { placement: string; reason: string; count: number }>>();
      for (const entry of entries) {
        const byReason = parts.get(entry.organisationId) ?? new Map();
        const key = `${entry.placement}/${entry.reason}`;
        const existing = byReason.get(key);
        if (existing) existing.count += entry.count;
        else byReason.set(key, { placement: entry.placement, reason: entry.reason, count: entry.count });
        parts.set(entry.organisationId, byReason);
      }
      return new Map([...parts].map(([organisationId, byReason]) => [organisationId, [...byReason.values()].map(placementText).sort().join('; ')]));
    };
    const left = group(a.entries);
    const right = group(b.entries);
    const ids = [...new Set([...left.keys(), ...right.keys()])].sort();
    const organisations = ids
      .map((organisationId) => ({ organisationId, from: left.get(organisationId) ?? null, to: right.get(organisationId) ?? null }))
      .filter((change) => change.from !== change.to);
    return { id, measure: a.measure, from: a.value, to: b.value, organisations };
  });
};

const renderDiff = (axis: 'as-of' | 'known-at', clocks: readonly [Clocks, Clocks], diff: readonly IndicatorDiff[]): string => {
  const [a, b] = clocks;
  const lines = [
    axis === 'as-of'
      ? `Business date ${a.asOf} → ${b.asOf}, as known at ${a.knownAt}`
      : `As of ${a.asOf}: known at ${a.knownAt} → known at ${b.knownAt}`,
    '',
  ];
  for (const indicator of diff) {
    const changed = indicator.from !== indicator.to;
    lines.push(
      `${SHORT_TITLES[indicator.id].padEnd(30)} ${formatValue(indicator.from, indicator.measure).padStart(8)} → ${formatValue(indicator.to, indicator.measure).padEnd(8)}${changed ? '' : ' (unchanged)'}`,
    );
    for (const change of indicator.organisations)
      lines.push(`    ${change.organisationId.padEnd(14)} ${change.from ?? '(absent)'} → ${change.to ?? '(absent)'}`);
  }
  return `${lines.join('\n')}\n`;
};

const GENERAL_HELP = (): string =>
  [
    'hoptac — the Resolution 20 indicators of a territory’s collective economy, from its event history',
    '',
    'Usage: hoptac COMMAND [options]     (hoptac COMMAND --help for details and examples)',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(8)} ${command.summary}`),
    '',
    `The store is ${DEFAULT_STORE} under the current directory unless --store names another.`,
    'Exit codes: 0 ok, 1 findings (verify found a problem), 2 usage or input error.',
    '',
    'Start with: hoptac demo',
    '',
  ].join('\n');

const commandHelp = (command: Command): string =>
  [
    `hoptac ${command.name} — ${command.summary}`,
    '',
    `Usage: ${command.usage}`,
    '',
    command.details,
    '',
    'Options:',
    ...command.optionHelp.map(([flag, text]) => `  ${flag.padEnd(24)} ${text}`),
    `  ${'--help, -h'.padEnd(24)} this help`,
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');

/**
 * Runs the hoptac command line in-process and resolves with the exit code: 0 ok, 1 findings, 2 usage or input
 * error. Everything is written through `io`; a user error prints a plain message, never a stack trace.
 */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((command) => command.name === args[0]) : undefined;
    io.out(topic ? commandHelp(topic) : GENERAL_HELP());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.out('hoptac 0.1.0\n');
    return EXIT.ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`hoptac: unknown command "${name}"\n\n${GENERAL_HELP()}`);
    return EXIT.usage;
  }
  try {
    const parsed = parseCommandArgs(command.name, args, command.options, command.positionals);
    if (parsed.values.help) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    return await command.run(parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`hoptac ${command.name}: ${error.message}\nUsage: ${command.usage}\nSee: hoptac ${command.name} --help\n`);
      return EXIT.usage;
    }
    if (error instanceof InputError || isInvalidEventError(error)) {
      io.err(`hoptac ${command.name}: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`hoptac ${command.name}: ${message}\n`);
    if (io.env.HOPTAC_DEBUG && error instanceof Error && error.stack) io.err(`${error.stack}\n`);
    return EXIT.usage;
  }
};

/** The names of the commands, in help order. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map((command) => command.name);

