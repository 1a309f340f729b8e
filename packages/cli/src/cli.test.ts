import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson } from '@hoptac/core';
import { IndicatorReport } from '@hoptac/indicators-nq20';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, findSample, runCli } from './cli';
import { bufferIo } from './io';

const sample = findSample(process.cwd()) as string;
let dir: string;
let store: string;

const run = async (...argv: string[]) => {
  const io = bufferIo({ cwd: dir, now: () => new Date('2031-06-30T03:00:00Z') });
  const code = await runCli(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
};

// compares two NDJSON texts line by line, so a failure shows the first differing line, not megabytes of diff
const firstDifference = (actual: string, expected: string): { line: number; actual?: string; expected?: string } | null => {
  if (actual === expected) return null;
  const a = actual.split('\n');
  const b = expected.split('\n');
  for (let index = 0; index < Math.max(a.length, b.length); index++)
    if (a[index] !== b[index]) return { line: index + 1, ...(a[index] !== undefined ? { actual: a[index] } : {}), ...(b[index] !== undefined ? { expected: b[index] } : {}) };
  return null;
};

const noStackTrace = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hoptac-cli-'));
  store = join(dir, 'sample.sqlite');
  // as if on a terminal, so the progress bar is drawn on stderr
  const io = bufferIo({ cwd: dir, stderrIsTTY: true });
  expect(await runCli(['import', sample, '--store', store], io)).toBe(0);
  expect(io.stdout()).toMatch(/^Imported [\d,]+ events from /);
  // SQLite imports in one pass: each line checked and written in one transaction
  expect(io.stderr()).toMatch(/\rimporting +\[#+ *\] +\d+%/);
  expect(io.stderr()).toMatch(/\rimporting +\[#{30}\] 100%/);
});

describe('hoptac on the Vĩnh Bảo sample', () => {
  it('report: a dashboard of the six indicators with targets and statuses', async () => {
    const { code, out } = await run('report', '--store', store, '--as-of', '2030-12-31');
    expect(code).toBe(0);
    expect(out).toContain('As of 2030-12-31');
    for (const title of ['New cooperatives', 'New members', 'Rated good or fair (2030)', 'Meeting the digital checklist']) expect(out).toContain(title);
    expect(out).toMatch(/≥ 10 {2}(met|NOT MET|on track|BEHIND)/);
    expect(out).toContain('By commune');
    expect(out).toContain('Xã Vĩnh Bảo (HP-VINH-BAO)');
  });

  it('report --format json: the report schema, at the clocks asked', async () => {
    const { code, out } = await run('report', '--store', store, '--as-of', '2027-12-31', '--known-at', '2028-01-10T00:00:00Z', '--format', 'json');
    expect(code).toBe(0);
    const report = IndicatorReport.parse(JSON.parse(out));
    expect(report.clocks).toEqual({ asOf: '2027-12-31', knownAt: '2028-01-10T00:00:00.000Z' });
    const later = IndicatorReport.parse(JSON.parse((await run('report', '--store', store, '--as-of', '2027-12-31', '--format', 'json')).out));
    // records made after 10/1/2028 about 2027 and before (late records, corrections) are only in the later report
    expect(later.basis.eventsConsidered).toBeGreaterThan(report.basis.eventsConsidered);
  });

  it('report --format csv and --format html --out', async () => {
    const csv = await run('report', '--store', store, '--as-of', '2030-12-31', '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.out.split('\n')[0]).toBe('indicator,as_of,known_at,scope,key,name,value,numerator,denominator,target_2030,status_2030,target_2045,status_2045');
    expect(csv.out).toMatch(/^new-cooperatives,2030-12-31,2031-06-30T03:00:00.000Z,territory,vinh-bao-nq20,/m);
    const html = await run('report', '--store', store, '--format', 'html', '--out', 'out/report.html');
    expect(html.code).toBe(0);
    const page = readFileSync(join(dir, 'out/report.html'), 'utf8');
    expect(page.match(/<svg class="chart"/g)).toHaveLength(6);
    expect(page).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('explain: the organisations counted, with reasons and event ids', async () => {
    const { code, out } = await run('explain', 'good-fair-share', '--store', store, '--as-of', '2030-12-31');
    expect(code).toBe(0);
    expect(out).toMatch(/^Rated good or fair: \d+\.\d% \(rating year 2030\)/);
    expect(out).toMatch(/Numerator \(\d+\)\n {2}vb-htx-\d+ {2}cooperative {2}HP-[A-Z-]+ {2}rated-(good|fair)/);
    expect(out).toMatch(/events: vb-\d{6}/);
    const commune = await run('explain', 'new-cooperatives', '--store', store, '--as-of', '2030-12-31', '--commune', 'HP-VINH-BAO', '--format', 'json');
    expect(commune.code).toBe(0);
    expect(JSON.parse(commune.out).commune).toBe('HP-VINH-BAO');
  });

  it('diff: between two business dates and between two record times', async () => {
    const dates = await run('diff', '--store', store, '--from', '2029-12-31', '--to', '2030-12-31');
    expect(dates.code).toBe(0);
    expect(dates.out).toMatch(/^Business date 2029-12-31 → 2030-12-31/);
    expect(dates.out).toMatch(/New cooperatives +\d+ → \d+/);
    const times = await run('diff', '--store', store, '--as-of', '2027-12-31', '--from', '2028-01-01T00:00:00Z', '--to', '2029-06-30T00:00:00Z', '--format', 'json');
    expect(times.code).toBe(0);
    const diff = JSON.parse(times.out) as { axis: string; indicators: Array<{ organisations: unknown[] }> };
    expect(diff.axis).toBe('known-at');
    expect(diff.indicators.some((indicator) => indicator.organisations.length > 0)).toBe(true);
  });

  it('export gives back the imported file, hashes included, and verify passes the store', async () => {
    const { code } = await run('export', '--store', store, '--out', 'export.ndjson');
    expect(code).toBe(0);
    // the same events, envelopes and hashes; a store may write an object's keys in another order
    const canonical = (text: string) => text.trimEnd().split('\n').map((line) => canonicalJson(JSON.parse(line))).join('\n');
    expect(firstDifference(canonical(readFileSync(join(dir, 'export.ndjson'), 'utf8')), canonical(readFileSync(sample, 'utf8')))).toBeNull();
    const verified = await run('verify', '--store', store);
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/ok {2}rules +[\d,]+ decisions re-derived/);
  });
});

describe('hoptac on bad input', () => {
  it('every command has --help with an example', async () => {
    for (const name of COMMAND_NAMES) {
      const { code, out } = await run(name, '--help');
      expect(code).toBe(0);
      expect(out).toContain(`Usage: hoptac ${name}`);
      expect(out).toMatch(/Examples:\n {2}hoptac /);
    }
  });

  it('exits 2 with a plain message on usage errors', async () => {
    const cases = [
      [[], /Usage: hoptac COMMAND/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [['report', '--bogus'], /Unknown option '--bogus'/],
      [['report', '--as-of', '2030-13-01'], /--as-of must be a calendar date YYYY-MM-DD, got "2030-13-01"/],
      [['report', '--format', 'pdf'], /--format must be one of table, json, csv, html/],
      [['explain', 'happiness'], /unknown indicator "happiness"/],
      [['import'], /missing argument/],
      [['diff', '--from', '2030-12-31', '--to', '2031-01-01T00:00:00Z'], /both be dates/],
    ] as const;
    for (const [argv, message] of cases) {
      const { code, out, err } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(out + err).toMatch(message);
      noStackTrace(out + err);
    }
  });

  it('exits 2 on input errors: no store, no file, an unknown commune', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'hoptac-empty-'));
    const io = bufferIo({ cwd: empty });
    expect(await runCli(['report'], io)).toBe(2);
    expect(io.stderr()).toContain('no store at .hoptac/hoptac.sqlite');
    expect(existsSync(join(empty, '.hoptac'))).toBe(false);
    const missing = await run('import', 'nowhere.ndjson', '--store', join(dir, 'other.sqlite'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no such file: nowhere.ndjson');
    const commune = await run('explain', 'new-cooperatives', '--store', store, '--commune', 'XYZ', '--as-of', '2030-12-31');
    expect(commune.code).toBe(2);
    expect(commune.err).toMatch(/unknown commune "XYZ" on 2030-12-31; the territory's units then are: HP-NGUYEN-BINH-KHIEM/);
  });

  it('refuses a file with a bad line whole: exit 2, the line named, nothing written', async () => {
    const lines = readFileSync(sample, 'utf8').split('\n').slice(0, 50);
    lines[41] = (lines[41] as string).replace('"occurredOn":"', '"occurredOn":"x');
    writeFileSync(join(dir, 'bad.ndjson'), `${lines.join('\n')}\n`);
    const target = join(dir, 'fresh.sqlite');
    const { code, err } = await run('import', 'bad.ndjson', '--store', target);
    expect(code).toBe(2);
    expect(err).toMatch(/bad\.ndjson: line 42, event vb-\d+: field "occurredOn": .*Nothing was imported\./);
    noStackTrace(err);
    const exported = await run('export', '--store', target);
    expect(exported.code).toBe(0);
    expect(exported.out).toBe('');
  });
});
