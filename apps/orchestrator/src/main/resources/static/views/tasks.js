// Tasks: the list with the API's filters (state, type, tag, worker), cursor paging and live refresh.
// Filters and the cursor live in the hash (#/tasks?type=x&cursor=…), so a page can be linked and
// reloaded; "Newer" goes back through the cursors this tab followed.
import { api, STATUSES } from '../api.js';
import { errorBox, fmtTime, h, replace, statusBadge } from '../dom.js';

const FILTERS = ['status', 'type', 'tag', 'workerId', 'limit'];
let trail = { key: null, cursors: [] }; // cursors of the pages before this one, for "Newer"

export async function render(root, ctx) {
  const params = ctx.route.params;
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) || '']));
  const cursor = params.get('cursor') || '';
  const key = JSON.stringify(filters);
  if (trail.key !== key || !cursor) trail = { key, cursors: [] };

  const live = h('input', { type: 'checkbox', checked: true, testid: 'live-toggle' });
  const table = h('div', { testid: 'task-table' });
  const pager = h('div', { class: 'pager' });
  replace(root, h('h1', {}, 'Tasks'), filterForm(filters),
    h('label', { class: 'live' }, live, ' live refresh (5 s)'), table, pager);

  const load = async () => {
    try {
      const page = await api.tasks({ ...filters, cursor });
      if (!ctx.alive()) return;
      replace(table, taskTable(page.items));
      replace(pager, pagerFor(filters, cursor, page));
    } catch (err) {
      if (ctx.alive()) replace(table, errorBox(err));
    }
  };
  await load();
  ctx.every(5000, () => live.checked && load());
}

function filterForm(filters) {
  const field = (name, label, placeholder) =>
    h('label', {}, label, h('input', { name, value: filters[name], placeholder, testid: `filter-${name}` }));
  const status = h('select', { name: 'status', testid: 'filter-status' },
    h('option', { value: '' }, 'any'),
    STATUSES.map((s) => h('option', { value: s, selected: filters.status === s }, s)));
  return h('form', {
    class: 'filters', testid: 'filters',
    onsubmit(event) {
      event.preventDefault();
      const query = new URLSearchParams();
      for (const [k, v] of new FormData(event.target)) if (v.trim()) query.set(k, v.trim());
      location.hash = `#/tasks?${query}`;
    },
  },
  h('label', {}, 'State', status),
  field('type', 'Type', 'sha256'),
  field('tag', 'Tag', 'key:value'),
  field('workerId', 'Worker', 'worker id'),
  field('limit', 'Page size', '50'),
  h('button', { type: 'submit', testid: 'filter-apply' }, 'Apply'));
}

function taskTable(items) {
  if (items.length === 0) return h('p', { class: 'muted', testid: 'no-tasks' }, 'No tasks match.');
  return h('table', { class: 'tasks' },
    h('thead', {}, h('tr', {}, ['Id', 'Type', 'State', 'Priority', 'Attempt', 'Worker', 'Tags', 'Created', 'Updated']
      .map((c) => h('th', {}, c)))),
    h('tbody', {}, items.map((t) =>
      h('tr', { testid: 'task-row', dataset: { id: t.id } },
        h('td', { class: 'mono' }, h('a', { href: `#/tasks/${encodeURIComponent(t.id)}`, title: t.id }, t.id.slice(0, 8))),
        h('td', {}, t.type, t.version ? h('span', { class: 'muted' }, ` ${t.version}`) : null),
        h('td', {}, statusBadge(t.status, 'task-row-status')),
        h('td', { class: 'num' }, t.priority),
        h('td', { class: 'num' }, t.attempt),
        h('td', { class: 'mono' }, t.workerId || '—'),
        h('td', {}, Object.entries(t.tags || {}).map(([k, v]) => h('span', { class: 'tag' }, `${k}:${v}`))),
        h('td', {}, fmtTime(t.createdAt)),
        h('td', {}, fmtTime(t.updatedAt))))));
}

function pagerFor(filters, cursor, page) {
  const link = (c) => {
    const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    if (c) query.set('cursor', c);
    return `#/tasks?${query}`;
  };
  const newer = cursor
    ? h('button', {
      testid: 'prev-page',
      onclick() { location.hash = link(trail.cursors.pop() || ''); },
    }, '← Newer')
    : null;
  const older = page.nextCursor
    ? h('button', {
      testid: 'next-page',
      onclick() {
        trail.cursors.push(cursor);
        location.hash = link(page.nextCursor);
      },
    }, 'Older →')
    : null;
  return [newer, h('span', { class: 'muted', testid: 'page-info' },
    `${page.items.length} task${page.items.length === 1 ? '' : 's'} on this page`), older];
}
