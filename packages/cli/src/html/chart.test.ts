import { describe, expect, it } from 'vitest';
import { renderChart } from './chart';
import { escapeHtml } from './escape';
import { trajectoryDates } from './trajectory';

describe('the report charts', () => {
  it('are computed at the baseline, each 31 December after it, and asOf', () => {
    expect(trajectoryDates('2023-07-17', '2026-11-28')).toEqual(['2023-07-17', '2023-12-31', '2024-12-31', '2025-12-31', '2026-11-28']);
    expect(trajectoryDates('2023-07-17', '2023-12-31')).toEqual(['2023-07-17', '2023-12-31']);
  });

  it('draw a point per value, one line per distinct target and an on-track line for counts', () => {
    const svg = renderChart({
      id: 'digital-share',
      title: 'Digital <share>',
      measure: 'share',
      baselineDate: '2023-07-17',
      points: [
        { date: '2023-07-17', value: 0.1 },
        { date: '2023-12-31', value: null },
        { date: '2024-12-31', value: 0.5 },
      ],
      targets: [
        { horizon: '2030', horizonDate: '2030-12-31', threshold: 1, label: '≥ 100%', comparator: { type: '>=', value: 1 } },
        { horizon: '2045', horizonDate: '2045-12-31', threshold: 1, label: '≥ 100%', comparator: { type: '>=', value: 1 } },
      ],
      colour: '#000',
    });
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg.match(/class="target /g)).toHaveLength(1);
    expect(svg).toContain('2030, 2045: ≥ 100%');
    expect(svg).toContain('Digital &lt;share&gt;');
    expect(svg).not.toContain('on-track');
    const counts = renderChart({
      id: 'new-cooperatives',
      title: 'New',
      measure: 'count',
      baselineDate: '2023-07-17',
      points: [{ date: '2023-07-17', value: 0 }],
      targets: [{ horizon: '2030', horizonDate: '2030-12-31', threshold: 10, label: '≥ 10', comparator: { type: '>=', value: 10 } }],
      colour: '#000',
    });
    expect(counts).toContain('class="on-track"');
  });

  it('escape text for HTML', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
