import type { Comparator, Explanation, IndicatorId, IndicatorReport } from '@hoptac/indicators-nq20';

type Indicator = IndicatorReport['indicators'][number];
type Target = Indicator['targets'][number];

/** Short indicator names for tables and charts. */
export const SHORT_TITLES: Record<IndicatorId, string> = {
  'new-cooperatives': 'New cooperatives',
  'new-members': 'New members',
  'good-fair-share': 'Rated good or fair',
  'value-chain-share': 'Good/fair in a value chain',
  'high-tech-share': 'Applying high technology',
  'digital-share': 'Meeting the digital checklist',
};

/** Status words as printed. */
export const STATUS_TEXT: Record<Target['status'], string> = {
  met: 'met',
  'not-met': 'NOT MET',
  'on-track': 'on track',
  behind: 'BEHIND',
  'no-data': 'no data',
};

const percent = (value: number): string => `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
const number = (value: number): string => value.toLocaleString('en-US');

/** A value as shown: a count, or a share as a percentage; null as "–". */
export const formatValue = (value: number | null, measure: 'count' | 'share'): string =>
  value === null ? '–' : measure === 'share' ? percent(value) : number(value);

/** A target as written in the plan: "≥ 10", "> 60%", "100–150", "≈ 5% (± 1 pt)". */
export const comparatorText = (comparator: Comparator, measure: 'count' | 'share', tolerance = 0.01): string => {
  const show = (value: number) => (measure === 'share' ? percent(value).replace('.0%', '%') : number(value));
  switch (comparator.type) {
    case '>':
      return `> ${show(comparator.value)}`;
    case '>=':
      return `≥ ${show(comparator.value)}`;
    case 'range':
      return `${show(comparator.min)}–${show(comparator.max)}`;
    case 'about':
      return `≈ ${show(comparator.value)} (± ${Math.round((comparator.tolerance ?? tolerance) * 1000) / 10} pt)`;
  }
};

/** The value with its fraction, e.g. "58.3% (28/48)". */
export const valueWithFraction = (indicator: Indicator): string =>
  indicator.measure === 'share'
    ? `${formatValue(indicator.value, 'share')} (${indicator.numerator}/${indicator.denominator ?? 0})`
    : formatValue(indicator.value, 'count');

const width = (text: string): number => [...text.normalize('NFC')].length;

/** A plain-text table: columns padded, numbers right-aligned when `right` says so. */
export const table = (header: readonly string[], rows: ReadonlyArray<readonly string[]>, right: readonly boolean[] = []): string => {
  const widths = header.map((cell, column) => Math.max(width(cell), ...rows.map((row) => width(row[column] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const pad = ' '.repeat((widths[column] ?? 0) - width(cell));
        return right[column] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
};

const targetCell = (indicator: Indicator, horizon: string): string => {
  const target = indicator.targets.find((candidate) => candidate.horizon === horizon);
  if (!target) return '';
  return `${comparatorText(target.comparator, indicator.measure)}  ${STATUS_TEXT[target.status]}`;
};

/** The indicator dashboard as text: one row per indicator, targets and statuses, then the communes and warnings. */
export const renderDashboard = (report: IndicatorReport): string => {
  const horizons = [...new Set(report.indicators.flatMap((indicator) => indicator.targets.map((target) => target.horizon)))].sort();
  const lines: string[] = [];
  lines.push(report.plan.name);
  lines.push(
    `As of ${report.clocks.asOf}, as known at ${report.clocks.knownAt} · ${number(report.basis.eventsConsidered)} events · rating year ${report.ratingYear} · baseline ${report.plan.baselineDate}`,
  );
  lines.push('');
  lines.push(
    table(
      ['Indicator', 'Value', ...horizons.map((horizon) => `Target ${horizon}`)],
      report.indicators.map((indicator) => [
        SHORT_TITLES[indicator.id] + (indicator.ratingYear !== null ? ` (${indicator.ratingYear})` : ''),
        valueWithFraction(indicator),
        ...horizons.map((horizon) => targetCell(indicator, horizon)),
      ]),
      [false, true],
    ),
  );
  lines.push('');
  lines.push('By commune');
  lines.push(renderCommuneTable(report));
  const c = report.companions;
  lines.push('');
  lines.push('Companion figures');
  lines.push(
    `  organisations: ${c.organisations.total} (${c.organisations.byKind.map((row) => `${row.count} ${row.kind}`).join(', ')}); ` +
      `by status: ${c.organisations.byLegalStatus.map((row) => `${row.count} ${row.status}`).join(', ')}`,
  );
  lines.push(
    `  active memberships: ${number(c.activeMemberships.total)}; net member change since the baseline: ${c.netMemberChange.net >= 0 ? '+' : ''}${c.netMemberChange.net} (${c.netMemberChange.admissions} in, ${c.netMemberChange.departures} out)`,
  );
  lines.push(
    `  rating coverage ${c.ratingCoverage.ratingYear}: ${c.ratingCoverage.rated}/${c.ratingCoverage.eligible} rated; missing: ${c.ratingCoverage.missingRatings.join(', ') || 'none'}`,
  );
  lines.push(
    `  outstanding debt: ${c.debts.outstandingByCreditorType.map((row) => `${row.creditorType} ${number(row.amount)} đ`).join(', ') || 'none'}; overdue ≥ ${c.debts.overdueYears} years: ${c.debts.organisationsWithOverdueDebts.map((row) => row.organisationId).join(', ') || 'none'}`,
  );
  lines.push(
    `  suspended: ${c.organisationsSuspended.join(', ') || 'none'}; dissolving: ${c.organisationsDissolving.join(', ') || 'none'}; not converted: ${c.organisationsNotConverted.join(', ') || 'none'}`,
  );
  lines.push(`  linkages with enterprises: ${c.linkages.withEnterprises}, with state-owned enterprises: ${c.linkages.withStateOwnedEnterprises}`);
  lines.push(
    `  registration updates, window ${c.registrationUpdates.windowYear} (${c.registrationUpdates.from} – ${c.registrationUpdates.to}): ${c.registrationUpdates.submitted.length} submitted, ${c.registrationUpdates.pending.length} pending`,
  );
  if (report.warnings.length > 0) {
    lines.push('');
    lines.push('Data-quality warnings');
    for (const warning of report.warnings) lines.push(`  ! ${warning.count} ${warning.message}`);
  }
  return `${lines.join('\n')}\n`;
};

/** One row per commune of the territory on asOf, one column per indicator. */
export const communeRows = (report: IndicatorReport): Array<{ code: string; name: string; cells: Array<{ id: IndicatorId; text: string }> }> => {
  const codes = new Map(report.territory.units.map((unit) => [unit.code, unit.name]));
  for (const indicator of report.indicators) for (const row of indicator.byCommune) if (!codes.has(row.key)) codes.set(row.key, row.name);
  return [...codes].map(([code, name]) => ({
    code,
    name,
    cells: report.indicators.map((indicator) => {
      const row = indicator.byCommune.find((candidate) => candidate.key === code);
      if (!row) return { id: indicator.id, text: indicator.measure === 'count' ? '0' : '–' };
      return {
        id: indicator.id,
        text: indicator.measure === 'count' ? number(row.numerator) : `${formatValue(row.value, 'share')} (${row.numerator}/${row.denominator ?? 0})`,
      };
    }),
  }));
};

const renderCommuneTable = (report: IndicatorReport): string =>
  table(
    ['Commune', ...report.indicators.map((indicator) => SHORT_TITLES[indicator.id])],
    communeRows(report).map((row) => [`${row.name} (${row.code})`, ...row.cells.map((cell) => cell.text)]),
    [false, ...report.indicators.map(() => true)],
  );

const csvCell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The report as one CSV table: a territory row per indicator with its targets, then a row per commune and kind. */
export const renderCsv = (report: IndicatorReport): string => {
  const horizons = [...new Set(report.indicators.flatMap((indicator) => indicator.targets.map((target) => target.horizon)))].sort();
  const header = [
    'indicator',
    'as_of',
    'known_at',
    'scope',
    'key',
    'name',
    'value',
    'numerator',
    'denominator',
    ...horizons.flatMap((horizon) => [`target_${horizon}`, `status_${horizon}`]),
  ];
  const rows: Array<Array<string | number | null>> = [header];
  for (const indicator of report.indicators) {
    const base = [indicator.id, report.clocks.asOf, report.clocks.knownAt];
    rows.push([
      ...base,
      'territory',
      report.plan.id,
      report.plan.name,
      indicator.value,
      indicator.numerator,
      indicator.denominator,
      ...horizons.flatMap((horizon) => {
        const target = indicator.targets.find((candidate) => candidate.horizon === horizon);
        return target ? [comparatorText(target.comparator, indicator.measure), target.status] : [null, null];
      }),
    ]);
    for (const [scope, breakdown] of [['commune', indicator.byCommune], ['kind', indicator.byKind]] as const)
      for (const row of breakdown)
        rows.push([...base, scope, row.key, row.name, row.value, row.numerator, row.denominator, ...horizons.flatMap(() => [null, null])]);
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
};

/** An explanation as text: value, then the organisations in the numerator, in the denominator only, and left out. */
export const renderExplanation = (explanation: Explanation, measure: 'count' | 'share'): string => {
  const lines: string[] = [];
  const scope = explanation.commune ? ` in ${explanation.commune}` : '';
  lines.push(
    `${SHORT_TITLES[explanation.indicatorId]}${scope}: ${formatValue(explanation.value, measure)}` +
      (explanation.ratingYear !== null ? ` (rating year ${explanation.ratingYear})` : '') +
      ` — as of ${explanation.clocks.asOf}, as known at ${explanation.clocks.knownAt}`,
  );
  const section = (title: string, entries: Explanation['numerator']) => {
    lines.push('');
    lines.push(`${title} (${entries.length})`);
    if (entries.length === 0) lines.push('  none');
    for (const entry of entries)
      lines.push(
        `  ${entry.organisationId}  ${entry.kind}  ${entry.unit ?? '(no unit)'}  ${entry.count > 1 ? `${entry.count} × ` : ''}${entry.reason}: ${entry.detail}` +
          (entry.eventIds.length > 0 ? `\n      events: ${entry.eventIds.join(', ')}` : ''),
      );
  };
  const numeratorIds = new Set(explanation.numerator.map((entry) => `${entry.organisationId}/${entry.reason}`));
  section(measure === 'count' ? 'Counted' : 'Numerator', explanation.numerator);
  if (measure === 'share')
    section(
      'In the denominator only',
      explanation.denominator.filter((entry) => !numeratorIds.has(`${entry.organisationId}/${entry.reason}`)),
    );
  section('Left out', explanation.excluded);
  return `${lines.join('\n')}\n`;
};

/**
 * The report with each indicator's commune rows regrouped under the units of the territory on asOf: a row
 * keyed by a unit that has since merged (an admission in 2024 in a commune merged on 1/7/2025) joins its
 * successor's row. For display; the JSON and CSV keep the units on the date that matters.
 */
export const rollUpCommunes = (report: IndicatorReport, resolve: (unit: string) => string): IndicatorReport => {
  const names = new Map(report.territory.units.map((unit) => [unit.code, unit.name]));
  return {
    ...report,
    indicators: report.indicators.map((indicator) => {
      const rows = new Map<string, { name: string; numerator: number; denominator: number }>();
      for (const row of indicator.byCommune) {
        const key = row.key === '(unknown)' ? row.key : resolve(row.key);
        const merged = rows.get(key) ?? { name: names.get(key) ?? (key === row.key ? row.name : key), numerator: 0, denominator: 0 };
        merged.numerator += row.numerator;
        merged.denominator += row.denominator ?? 0;
        rows.set(key, merged);
      }
      return {
        ...indicator,
        byCommune: [...rows].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, row]) => ({
          key,
          name: row.name,
          numerator: row.numerator,
          denominator: indicator.measure === 'share' ? row.denominator : null,
          value: indicator.measure === 'count' ? row.numerator : row.denominator === 0 ? null : row.numerator / row.denominator,
        })),
      };
    }),
  };
};
