import { thresholdOf, type IndicatorId, type IndicatorReport, type PlanDefinition } from '@hoptac/indicators-nq20';
import { STATUS_TEXT, SHORT_TITLES, communeRows, comparatorText, formatValue } from '../format';
import { renderChart, type TrajectoryPoint } from './chart';
import { escapeHtml as e } from './escape';
import { REPORT_CSS } from './styles';

/** What the HTML report is made of: the report, each indicator's trajectory, and the plan's tolerance. */
export interface HtmlReportInput {
  report: IndicatorReport;
  trajectories: Record<IndicatorId, TrajectoryPoint[]>;
  plan: PlanDefinition;
  /** shown in the footer: the head of the verified hash chain, when known */
  chainHead?: { position: number; hash: string };
  generatedAt: string;
}

const COLOURS: Record<IndicatorId, string> = {
  'new-cooperatives': '#1d6fa5',
  'new-members': '#2a8c55',
  'good-fair-share': '#b4541a',
  'value-chain-share': '#7b4bb0',
  'high-tech-share': '#a0346e',
  'digital-share': '#2f7f86',
};

const badge = (status: keyof typeof STATUS_TEXT, text: string): string =>
  `<span class="badge badge-${status}" title="${e(STATUS_TEXT[status])}">${e(text)}</span>`;

const list = (ids: readonly string[]): string => (ids.length === 0 ? '<span class="muted">none</span>' : ids.map((id) => `<code>${e(id)}</code>`).join(', '));
const money = (amount: number): string => `${amount.toLocaleString('en-US')} đ`;

/** The whole report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched. */
export const renderHtmlReport = ({ report, trajectories, plan, chainHead, generatedAt }: HtmlReportInput): string => {
  const tolerance = plan.policies.aboutTolerance;
  const cards = report.indicators.map((indicator) => {
    const targets = indicator.targets.map((target) => ({
      horizon: target.horizon,
      horizonDate: target.horizonDate,
      threshold: thresholdOf(target.comparator, tolerance),
      label: comparatorText(target.comparator, indicator.measure, tolerance),
      comparator: target.comparator,
    }));
    const chart = renderChart({
      id: indicator.id,
      title: SHORT_TITLES[indicator.id],
      measure: indicator.measure,
      baselineDate: report.plan.baselineDate,
      points: trajectories[indicator.id],
      targets,
      colour: COLOURS[indicator.id],
    });
    const fraction = indicator.measure === 'share' ? `<span class="fraction">${indicator.numerator} of ${indicator.denominator ?? 0}</span>` : '';
    const badges = indicator.targets
      .map((target) => badge(target.status, `${target.horizon}: ${comparatorText(target.comparator, indicator.measure, tolerance)} · ${STATUS_TEXT[target.status]}`))
      .join(' ');
    const period = indicator.ratingYear !== null ? `rating year ${indicator.ratingYear}` : indicator.period.from === indicator.period.to ? `on ${indicator.period.to}` : `${indicator.period.from} – ${indicator.period.to}`;
    return `<section class="card" id="${e(indicator.id)}">
<h3>${e(indicator.title)}</h3>
<div class="headline"><span class="value" style="color:${COLOURS[indicator.id]}">${e(formatValue(indicator.value, indicator.measure))}</span>${fraction}<span class="period">${e(period)}</span></div>
<div class="badges">${badges || '<span class="muted">no target</span>'}</div>
<figure>${chart}<figcaption>Value at the baseline, each 31 December and ${e(report.clocks.asOf)}; dashed lines: targets${indicator.measure === 'count' ? '; dotted diagonal: on track' : ''}.</figcaption></figure>
</section>`;
  });

  const rows = communeRows(report);
  const communeTable = `<table class="communes"><thead><tr><th>Commune</th>${report.indicators
    .map((indicator) => `<th>${e(SHORT_TITLES[indicator.id])}</th>`)
    .join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr><th scope="row">${e(row.name)} <span class="muted">${e(row.code)}</span></th>${row.cells.map((cell) => `<td>${e(cell.text)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;

  const c = report.companions;
  const companions = `<div class="companions">
<section><h3>Organisations</h3><table><tbody>
${c.organisations.byKind.map((row) => `<tr><th>${e(row.kind)}</th><td>${row.count}</td></tr>`).join('')}
<tr class="total"><th>total</th><td>${c.organisations.total}</td></tr></tbody></table>
<table><tbody>${c.organisations.byLegalStatus.map((row) => `<tr><th>${e(row.status)}</th><td>${row.count}</td></tr>`).join('')}</tbody></table></section>
<section><h3>Members</h3><table><tbody>
${c.activeMemberships.byMemberKind.map((row) => `<tr><th>${e(row.memberKind)}</th><td>${row.count.toLocaleString('en-US')}</td></tr>`).join('')}
<tr class="total"><th>active memberships</th><td>${c.activeMemberships.total.toLocaleString('en-US')}</td></tr>
<tr><th>admitted since the baseline</th><td>${c.netMemberChange.admissions}</td></tr>
<tr><th>departed since the baseline</th><td>${c.netMemberChange.departures}</td></tr>
<tr class="total"><th>net change</th><td>${c.netMemberChange.net >= 0 ? '+' : ''}${c.netMemberChange.net}</td></tr></tbody></table></section>
<section><h3>Ratings ${c.ratingCoverage.ratingYear}</h3><table><tbody>
<tr><th>eligible</th><td>${c.ratingCoverage.eligible}</td></tr><tr><th>rated</th><td>${c.ratingCoverage.rated}</td></tr>
<tr><th>coverage</th><td>${e(formatValue(c.ratingCoverage.coverage, 'share'))}</td></tr></tbody></table>
<p>Missing ratings: ${list(c.ratingCoverage.missingRatings)}</p></section>
<section><h3>Outstanding debt (nợ tồn đọng)</h3><table><tbody>
${c.debts.outstandingByCreditorType.map((row) => `<tr><th>${e(row.creditorType)}</th><td>${e(money(row.amount))}</td></tr>`).join('') || '<tr><td>none</td></tr>'}</tbody></table>
<p>Overdue ≥ ${c.debts.overdueYears} years: ${list(c.debts.organisationsWithOverdueDebts.map((row) => row.organisationId))}</p></section>
<section><h3>To resolve</h3><table><tbody>
<tr><th>suspended</th><td>${list(c.organisationsSuspended)}</td></tr>
<tr><th>dissolving</th><td>${list(c.organisationsDissolving)}</td></tr>
<tr><th>not converted</th><td>${list(c.organisationsNotConverted)}</td></tr>
<tr><th>below minimum membership</th><td>${list(c.belowMinimumMembership.map((row) => `${row.organisationId} (${row.members}/${row.minimum})`))}</td></tr>
<tr><th>resolved since the baseline</th><td>${list(c.resolvedSinceBaseline.map((row) => row.organisationId))}</td></tr></tbody></table></section>
<section><h3>Linkages and registration</h3><table><tbody>
<tr><th>linkages with enterprises</th><td>${c.linkages.withEnterprises}</td></tr>
<tr><th>with state-owned enterprises</th><td>${c.linkages.withStateOwnedEnterprises}</td></tr>
<tr><th>registration updates, window ${c.registrationUpdates.windowYear}</th><td>${c.registrationUpdates.submitted.length} submitted, ${c.registrationUpdates.pending.length} pending</td></tr></tbody></table>
<p class="muted">Window ${e(c.registrationUpdates.from)} – ${e(c.registrationUpdates.to)}</p></section>
</div>`;

  const warnings =
    report.warnings.length === 0
      ? '<p class="muted">No data-quality warnings.</p>'
      : `<ul class="warnings">${report.warnings
          .map(
            (warning) =>
              `<li><strong>${warning.count}</strong> ${e(warning.message)}${warning.organisationIds.length > 0 ? `<br><span class="ids">${list(warning.organisationIds)}</span>` : ''}</li>`,
          )
          .join('')}</ul>`;

  const reorganisations = report.territory.reorganisations
    .map((reorganisation) => `${e(reorganisation.reorganisationId)} effective ${e(reorganisation.occurredOn)} (event <code>${e(reorganisation.eventId)}</code>)`)
    .join('; ');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(report.plan.name)} — indicators as of ${e(report.clocks.asOf)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
<p class="kicker">Resolution 20-NQ/TW indicators · hoptac report</p>
<h1>${e(report.plan.name)}</h1>
<p class="clocks">As of <strong>${e(report.clocks.asOf)}</strong> (business date) · as known at <strong>${e(report.clocks.knownAt)}</strong> (record time) · baseline ${e(report.plan.baselineDate)} · rating year ${report.ratingYear}</p>
<p class="territory">Territory on ${e(report.clocks.asOf)}: ${report.territory.units.map((unit) => e(unit.name)).join(', ')}${reorganisations ? `<br>Unit reorganisations applied: ${reorganisations}` : ''}</p>
</header>
<main>
<h2>Indicators</h2>
<div class="cards">${cards.join('\n')}</div>
<h2>By commune</h2>
${communeTable}
<h2>Companion figures</h2>
${companions}
<h2>Data-quality warnings</h2>
${warnings}
</main>
<footer>
<p>Computed from ${report.basis.eventsConsidered.toLocaleString('en-US')} events (last global position ${report.basis.lastGlobalPosition.toLocaleString('en-US')})${chainHead ? `; hash chain head at position ${chainHead.position.toLocaleString('en-US')}: <code>${e(chainHead.hash)}</code>` : ''}. Generated ${e(generatedAt)} by hoptac. Every figure can be explained with <code>hoptac explain &lt;indicator&gt; --as-of ${e(report.clocks.asOf)}</code>.</p>
</footer>
</body>
</html>
`;
};
