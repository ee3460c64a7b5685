// Overview: counts by state, throughput of the last hour, queue depths, workers by status.
import { api, STATUSES } from '../api.js';
import { lineChart } from '../chart.js';
import { age, errorBox, h, replace } from '../dom.js';

const SERIES = [
  { key: 'submitted', label: 'Submitted', color: '#2f6fde' },
  { key: 'completed', label: 'Completed', color: '#1f9d55' },
  { key: 'failed', label: 'Failed', color: '#d64545' },
];

export async function render(root, ctx) {
  const dispatch = h('div', {});
  const counts = h('section', { class: 'panel' });
  const chart = h('section', { class: 'panel' });
  const queues = h('section', { class: 'panel' });
  const workers = h('section', { class: 'panel' });
  replace(root, h('h1', {}, 'Overview'), dispatch, counts, chart,
    h('div', { class: 'columns' }, queues, workers));

  // Each panel loads on its own: a broker that does not answer slows only the queue panel.
  const refresh = () => Promise.all([
    load(counts, api.stats, (s) => {
      replace(workers, workerPanel(s));
      return statsPanel(s);
    }),
    load(chart, () => api.throughput(60), (t) => [
      h('h2', {}, 'Throughput'), lineChart(t.minutes, SERIES, 'throughput-chart')]),
    load(queues, api.queues, queuePanel),
    // Operators only: for other keys the queue panel already says so; no second error box.
    load(dispatch, () => api.dispatch().catch(() => null), dispatchWarning),
  ]);
  await refresh();
  ctx.every(5000, refresh);

  async function load(panel, fetcher, draw) {
    try {
      const data = await fetcher();
      if (ctx.alive()) replace(panel, draw(data));
    } catch (err) {
      if (ctx.alive()) replace(panel, errorBox(err));
    }
  }
}

function statsPanel(stats) {
  return [
    h('h2', {}, 'Tasks by state'),
    h('div', { class: 'counts', testid: 'state-counts' },
      h('a', { class: 'count total', href: '#/tasks' },
        h('span', { class: 'n', testid: 'count-total' }, String(stats.total)), h('span', {}, 'total')),
      STATUSES.map((s) => h('a', { class: `count s-${s.toLowerCase()}`, href: `#/tasks?status=${s}` },
        h('span', { class: 'n', testid: `count-${s}` }, String(stats.byStatus[s] ?? 0)),
        h('span', {}, s.toLowerCase())))),
  ];
}

function workerPanel(stats) {
  const byStatus = stats.workers || {};
  return [
    h('h2', {}, h('a', { href: '#/workers' }, 'Workers')),
    h('table', { testid: 'worker-counts' },
      h('tbody', {}, Object.entries(byStatus).map(([status, n]) =>
        h('tr', {}, h('th', {}, status), h('td', { class: 'num', testid: `workers-${status}` }, String(n)))))),
  ];
}

// Nothing when every queue takes its dispatches; else what the broker said about each failing one.
function dispatchWarning(status) {
  if (!status) return null;
  const failing = status.failingTargets || [];
  if (status.brokerReachable && failing.length === 0) return null;
  return h('section', { class: 'panel error', testid: 'dispatch-warning' },
    h('h2', {}, 'Dispatch problems'),
    status.brokerReachable ? null
      : h('p', {}, `The broker does not take dispatches: ${status.pendingMessages} wait in the outbox.`),
    failing.length === 0 ? null : [
      h('p', {}, 'These task queues get no dispatches until fixed; every other queue is served.'),
      h('table', { testid: 'failing-targets' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Queue'), h('th', {}, 'Broker says'),
          h('th', { class: 'num' }, 'Failures'), h('th', { class: 'num' }, 'Waiting'), h('th', {}, 'Since'))),
        h('tbody', {}, failing.map((t) =>
          h('tr', { testid: 'failing-target', dataset: { type: t.type } },
            h('td', { class: 'mono' }, t.queue),
            h('td', {}, t.reason),
            h('td', { class: 'num' }, String(t.failures)),
            h('td', { class: 'num' }, String(t.waitingDispatches)),
            h('td', {}, age(t.since)))))),
    ]);
}

function queuePanel(queues) {
  const down = queues.some((q) => !q.brokerAvailable);
  return [
    h('h2', {}, 'Queues'),
    down ? h('p', { class: 'error', testid: 'broker-down' }, 'The broker does not answer: depths unknown.') : null,
    queues.length === 0 ? h('p', { class: 'muted' }, 'No task types yet.') :
      h('table', { testid: 'queues' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Type'), h('th', {}, 'Queue'),
          h('th', { class: 'num' }, 'Messages'), h('th', { class: 'num' }, 'Consumers'))),
        h('tbody', {}, queues.map((q) =>
          h('tr', { testid: 'queue-row', dataset: { type: q.type } },
            h('td', {}, h('a', { href: `#/tasks?type=${encodeURIComponent(q.type)}` }, q.type)),
            h('td', { class: 'mono' }, q.declared || !q.brokerAvailable ? q.queue : `${q.queue} (not declared)`),
            h('td', { class: 'num', testid: 'queue-messages' }, q.messages ?? '—'),
            h('td', { class: 'num', testid: 'queue-consumers' }, q.consumers ?? '—'))))),
  ];
}
