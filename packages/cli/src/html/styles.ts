/** The report's stylesheet: inline, no web fonts, readable on screen and printed on A4. */
export const REPORT_CSS = `
:root { --ink: #1d2329; --muted: #65707b; --line: #d8dde2; --paper: #ffffff; --band: #f4f6f8; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--band); }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
.kicker { margin: 0; text-transform: uppercase; letter-spacing: .06em; font-size: 12px; color: var(--muted); }
h1 { margin: 4px 0 8px; font-size: 24px; }
h2 { margin: 28px 0 12px; font-size: 18px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { margin: 0 0 8px; font-size: 14px; }
.clocks, .territory { margin: 4px 0; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; break-inside: avoid; page-break-inside: avoid; }
.headline { display: flex; align-items: baseline; gap: 12px; flex-wrap: wrap; }
.value { font-size: 30px; font-weight: 700; }
.fraction, .period, .muted { color: var(--muted); }
.badges { margin: 6px 0; display: flex; gap: 6px; flex-wrap: wrap; }
.badge { display: inline-block; padding: 2px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; border: 1px solid transparent; }
.badge-met { background: #dff3e4; color: #17613a; border-color: #9fd6b0; }
.badge-on-track { background: #e3effb; color: #174f85; border-color: #a9c9ec; }
.badge-behind { background: #fff1d6; color: #7a4b00; border-color: #f0c36b; }
.badge-not-met { background: #fde2e1; color: #8c1d18; border-color: #f0a19c; }
.badge-no-data { background: #eceff1; color: #4a545e; border-color: #c9d0d6; }
figure { margin: 6px 0 0; }
figcaption { font-size: 11px; color: var(--muted); }
svg.chart { display: block; width: 100%; height: auto; max-width: 560px; }
svg .grid { stroke: #e7eaed; stroke-width: 1; }
svg .axis { stroke: #9aa4ad; stroke-width: 1; }
svg .tick { font-size: 11px; fill: #65707b; }
svg .horizon { stroke: #9aa4ad; stroke-width: 1; stroke-dasharray: 2 3; }
svg .target { stroke: #c0392b; stroke-width: 1.4; stroke-dasharray: 6 4; }
svg .target-1 { stroke: #7f8c8d; stroke-dasharray: 10 4 2 4; }
svg .target-label { font-size: 11px; fill: #4a545e; }
svg .on-track { stroke: #9aa4ad; stroke-width: 1.2; stroke-dasharray: 1 3; }
svg .series { stroke-width: 2.4; }
svg .value-label { font-size: 12px; font-weight: 700; }
table { border-collapse: collapse; background: var(--paper); margin-bottom: 8px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
td { text-align: right; font-variant-numeric: tabular-nums; }
table.communes { width: 100%; }
table.communes thead th { background: var(--band); font-size: 12px; }
.companions { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 16px; }
.companions section { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; break-inside: avoid; page-break-inside: avoid; }
.companions table { width: 100%; }
.companions td { text-align: left; }
tr.total th, tr.total td { font-weight: 700; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--band); padding: 0 3px; border-radius: 3px; word-break: break-all; }
.warnings { background: #fffaf0; border: 1px solid #f0c36b; border-radius: 8px; padding: 10px 10px 10px 32px; }
.warnings li { margin: 4px 0; }
footer { margin: 28px auto 40px; color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 12mm 11mm; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  header, main, footer { max-width: none; padding: 0; }
  .cards { grid-template-columns: 1fr 1fr; gap: 8px; }
  .card { padding: 8px 10px; border-color: #bbb; }
  .value { font-size: 20pt; }
  .companions { grid-template-columns: 1fr 1fr; gap: 8px; }
  h2 { break-after: avoid; page-break-after: avoid; margin-top: 14px; }
  table.communes { font-size: 8.5pt; break-inside: auto; }
  table.communes tr { break-inside: avoid; page-break-inside: avoid; }
  .badge { border-color: #777; }
  svg.chart { max-width: 100%; }
}
`;
