// Workers: status, types, capacity, running tasks and the age of the last heartbeat.
import { api } from '../api.js';
import { age, errorBox, fmtTime, h, replace, statusBadge } from '../dom.js';

export async function render(root, ctx) {
  const table = h('div');
  replace(root, h('h1', {}, 'Workers'), table);
  const load = async () => {
    try {
      const workers = await api.workers();
      if (ctx.alive()) replace(table, workerTable(workers));
    } catch (err) {
      if (ctx.alive()) replace(table, errorBox(err));
    }
  };
  await load();
  ctx.every(2000, load);
}

function workerTable(workers) {
  if (workers.length === 0) return h('p', { class: 'muted', testid: 'no-workers' }, 'No worker has sent a heartbeat yet.');
  return h('table', { testid: 'workers' },
    h('thead', {}, h('tr', {}, ['Id', 'Status', 'Types', 'Capacity', 'Running', 'Last heartbeat', 'First seen']
      .map((c) => h('th', {}, c)))),
    h('tbody', {}, workers.map((w) =>
      h('tr', { testid: 'worker-row', dataset: { id: w.id } },
        h('td', { class: 'mono' }, h('a', { href: `#/tasks?workerId=${encodeURIComponent(w.id)}` }, w.id)),
        h('td', {}, statusBadge(w.status, 'worker-status')),
        h('td', {}, (w.types || []).join(', ')),
        h('td', { class: 'num' }, w.capacity),
        h('td', { testid: 'worker-running' },
          h('span', { class: 'num' }, String((w.running || []).length)),
          (w.running || []).map((id) => [' ', h('a', { class: 'mono', href: `#/tasks/${encodeURIComponent(id)}`, title: id }, id.slice(0, 8))])),
        h('td', { testid: 'worker-heartbeat-age', title: fmtTime(w.lastHeartbeatAt) }, age(w.lastHeartbeatAt)),
        h('td', {}, fmtTime(w.firstSeenAt))))));
}
