/**
 * The latency chart: inline SVG bars (p50, p95, p99) from a live report's response-time metric,
 * with the p95 threshold as a dashed line. No library; the numbers are also in the SVG's title
 * and description, and under the chart as text, so the chart is never the only way to read them.
 */
import { h, svg, uniqueId } from '../dom.js';
import { withUnit } from '../format.js';

const WIDTH = 320;
const HEIGHT = 180;
const TOP = 16;
const BOTTOM = 28;
const LEFT = 8;

export function latencyChart(latency) {
  const { figures, threshold, unit } = latency;
  const max = Math.max(threshold ?? 0, ...figures.map((f) => f.value)) * 1.15 || 1;
  const plot = HEIGHT - TOP - BOTTOM;
  const y = (value) => TOP + plot - (value / max) * plot;
  const slot = (WIDTH - LEFT * 2) / figures.length;
  const barWidth = Math.min(56, slot * 0.6);
  const titleId = uniqueId('chart-title');
  const descId = uniqueId('chart-desc');
  const described = figures.map((f) => `${f.label} ${withUnit(f.value, unit)}`).join(', ');
  const thresholdText = typeof threshold === 'number' ? `; the p95 threshold is ${withUnit(threshold, unit)}` : '';
  const where = latency.endpoint ? ` of ${latency.endpoint}` : '';

  return h(
    'figure',
    { class: 'chart' },
    svg(
      'svg',
      { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'latency-chart' },
      svg('title', { id: titleId }, `Response time${where}`),
      svg('desc', { id: descId }, `${described}${thresholdText}.`),
      svg('line', { x1: LEFT, x2: WIDTH - LEFT, y1: y(0), y2: y(0), class: 'axis' }),
      figures.map((f, i) => {
        const x = LEFT + slot * i + (slot - barWidth) / 2;
        const over = typeof threshold === 'number' && f.label === 'p95' && f.value > threshold;
        return svg(
          'g',
          { 'data-figure': f.label, 'data-value': f.value },
          svg('rect', { x, y: y(f.value), width: barWidth, height: Math.max(1, y(0) - y(f.value)), class: `bar${over ? ' bar-over' : ''}` }),
          svg('text', { x: x + barWidth / 2, y: y(f.value) - 4, 'text-anchor': 'middle', class: 'bar-value' }, withUnit(f.value, unit)),
          svg('text', { x: x + barWidth / 2, y: HEIGHT - 10, 'text-anchor': 'middle', class: 'bar-label' }, f.label),
        );
      }),
      typeof threshold === 'number'
        ? svg(
            'g',
            { class: 'threshold' },
            svg('line', { x1: LEFT, x2: WIDTH - LEFT, y1: y(threshold), y2: y(threshold) }),
            svg('text', { x: WIDTH - LEFT, y: y(threshold) - 4, 'text-anchor': 'end' }, `threshold ${withUnit(threshold, unit)}`),
          )
        : null,
    ),
    h('figcaption', {}, `Response time${where}: ${described}${thresholdText}${latency.requests ? `, over ${latency.requests} requests` : ''}.`),
  );
}
