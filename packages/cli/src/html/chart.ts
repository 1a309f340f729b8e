import type { Comparator } from '@hoptac/indicators-nq20';
import { escapeHtml } from './escape';

/** One point of an indicator's trajectory. */
export interface TrajectoryPoint {
  date: string;
  value: number | null;
}

/** A target drawn on a chart: its horizon, last day, threshold and label. */
export interface ChartTarget {
  horizon: string;
  horizonDate: string;
  threshold: number;
  label: string;
  comparator: Comparator;
}

/** What a chart shows: the trajectory from the baseline, and the targets it is measured against. */
export interface ChartInput {
  id: string;
  title: string;
  measure: 'count' | 'share';
  baselineDate: string;
  points: readonly TrajectoryPoint[];
  targets: readonly ChartTarget[];
  colour: string;
}

const WIDTH = 560;
const HEIGHT = 230;
const PAD = { left: 48, right: 118, top: 14, bottom: 30 };
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
const round = (value: number): number => Math.round(value * 10) / 10;

const niceStep = (max: number): number => {
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return ([1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((step) => step >= raw) ?? 10 * magnitude) || 1;
};

/**
 * An inline SVG line chart of a trajectory against its targets: the value at each point, a dashed line at each
 * target's threshold, a dotted line at the first horizon, and for counts the on-track line from the baseline.
 */
export const renderChart = (input: ChartInput): string => {
  const { points, targets, measure } = input;
  const firstHorizon = targets[0]?.horizonDate;
  const lastPoint = points.at(-1)?.date ?? input.baselineDate;
  const end = firstHorizon && firstHorizon > lastPoint ? firstHorizon : lastPoint;
  const x0 = dayOf(input.baselineDate);
  const x1 = Math.max(dayOf(end), x0 + 1);
  const values = points.map((point) => point.value).filter((value): value is number => value !== null);
  const top =
    measure === 'share' ? 1 : Math.max(1, ...values, ...targets.map((target) => target.threshold)) * 1.12;
  const step = measure === 'share' ? 0.25 : niceStep(top);
  const yMax = measure === 'share' ? 1 : Math.ceil(top / step) * step;
  const x = (date: string) => round(PAD.left + ((dayOf(date) - x0) / (x1 - x0)) * (WIDTH - PAD.left - PAD.right));
  const y = (value: number) => round(HEIGHT - PAD.bottom - (value / yMax) * (HEIGHT - PAD.top - PAD.bottom));
  const show = (value: number) => (measure === 'share' ? `${Math.round(value * 1000) / 10}%` : value.toLocaleString('en-US'));
  const parts: string[] = [];

  for (let tick = 0; tick <= yMax + 1e-9; tick += step) {
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(tick)}" y2="${y(tick)}"/>`);
    parts.push(`<text class="tick" x="${PAD.left - 6}" y="${y(tick) + 4}" text-anchor="end">${escapeHtml(show(tick))}</text>`);
  }
  const firstYear = Number(input.baselineDate.slice(0, 4)) + 1;
  const lastYear = Number(end.slice(0, 4));
  const yearStep = lastYear - firstYear > 12 ? 5 : lastYear - firstYear > 6 ? 2 : 1;
  for (let year = firstYear; year <= lastYear; year += yearStep) {
    const at = x(`${year}-01-01`);
    parts.push(`<text class="tick" x="${at}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${year}</text>`);
  }
  parts.push(`<line class="axis" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(0)}" y2="${y(0)}"/>`);
  if (firstHorizon) {
    parts.push(`<line class="horizon" x1="${x(firstHorizon)}" x2="${x(firstHorizon)}" y1="${PAD.top}" y2="${y(0)}"/>`);
  }
  // targets with the same threshold share one line and one label ("2030, 2045: ≥ 100%")
  const lines = new Map<number, { index: number; horizons: string[]; label: string }>();
  targets.forEach((target, index) => {
    const line = lines.get(target.threshold);
    if (line) line.horizons.push(target.horizon);
    else lines.set(target.threshold, { index, horizons: [target.horizon], label: target.label });
  });
  let lastLabelY = -Infinity;
  for (const [threshold, line] of [...lines].sort(([a], [b]) => b - a)) {
    const at = y(Math.min(threshold, yMax));
    const labelY = Math.max(at + 4, lastLabelY + 13);
    lastLabelY = labelY;
    parts.push(`<line class="target target-${line.index}" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${at}" y2="${at}"/>`);
    parts.push(`<text class="target-label" x="${WIDTH - PAD.right + 6}" y="${labelY}">${escapeHtml(`${line.horizons.join(', ')}: ${line.label}`)}</text>`);
  }
  const first = targets[0];
  if (measure === 'count' && first) {
    parts.push(
      `<line class="on-track" x1="${x(input.baselineDate)}" y1="${y(0)}" x2="${x(first.horizonDate)}" y2="${y(Math.min(first.threshold, yMax))}"><title>on-track line: the ${escapeHtml(first.horizon)} target times the elapsed share of the period</title></line>`,
    );
  }
  const drawn = points.filter((point): point is { date: string; value: number } => point.value !== null);
  if (drawn.length > 1)
    parts.push(
      `<polyline class="series" fill="none" stroke="${input.colour}" points="${drawn.map((point) => `${x(point.date)},${y(point.value)}`).join(' ')}"/>`,
    );
  for (const point of drawn)
    parts.push(
      `<circle class="point" cx="${x(point.date)}" cy="${y(point.value)}" r="3.5" fill="${input.colour}"><title>${escapeHtml(`${point.date}: ${show(point.value)}`)}</title></circle>`,
    );
  const last = drawn.at(-1);
  if (last)
    parts.push(
      `<text class="value-label" x="${x(last.date) - 6}" y="${y(last.value) - 8}" text-anchor="end" fill="${input.colour}">${escapeHtml(show(last.value))}</text>`,
    );
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(`${input.title}: trajectory against targets`)}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeHtml(input.title)}</title>${parts.join('')}</svg>`
  );
};
