// A small SVG line chart: one line per series over the same x (minutes), a y axis with a few
// ticks, and a legend. Hand-drawn because three lines do not need a charting library.
import { h, svg } from './dom.js';

const W = 1200, H = 240, PAD = { left: 40, right: 12, top: 12, bottom: 28 };

/**
 * @param points [{at, ...values}]
 * @param series [{key, label, color}]
 */
export function lineChart(points, series, testid) {
  const max = Math.max(1, ...points.flatMap((p) => series.map((s) => p[s.key])));
  const step = niceStep(max / 4);
  const top = Math.ceil(max / step) * step;
  const innerW = W - PAD.left - PAD.right, innerH = H - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (points.length <= 1 ? 0 : (i * innerW) / (points.length - 1));
  const y = (v) => PAD.top + innerH - (v * innerH) / top;

  const ticks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  const grid = ticks.map((v) => {
    return svg('g', { class: 'tick' },
      svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }),
      svg('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v)));
  });
  const labels = [0, Math.floor((points.length - 1) / 2), points.length - 1]
    .filter((i, k, all) => points[i] && all.indexOf(i) === k)
    .map((i) => svg('text', {
      x: x(i), y: H - 8, class: 'xlabel',
      'text-anchor': i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle',
    },
      new Date(points[i].at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false })));
  const lines = series.map((s) =>
    svg('polyline', {
      class: 'series', stroke: s.color, 'data-series': s.key,
      points: points.map((p, i) => `${x(i).toFixed(1)},${y(p[s.key]).toFixed(1)}`).join(' '),
    }));
  const totals = Object.fromEntries(series.map((s) => [s.key, points.reduce((n, p) => n + p[s.key], 0)]));

  return h('figure', { class: 'chart' },
    svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Throughput per minute', testid },
      grid, labels, lines),
    h('figcaption', {},
      series.map((s) => h('span', { class: 'legend' },
        h('i', { style: `background:${s.color}` }),
        `${s.label}: `, h('b', { testid: `total-${s.key}` }, String(totals[s.key])))),
      ' (per minute, last hour)'));
}

/** The smallest of 1, 2, 5, 10, 20, 50 … at least v: whole-number ticks at round values. */
function niceStep(v) {
  if (v <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
