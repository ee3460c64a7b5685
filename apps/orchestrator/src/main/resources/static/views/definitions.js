// Definitions: the latest version of every type, with all its versions, and load problems.
import { api } from '../api.js';
import { h, replace } from '../dom.js';

export async function render(root) {
  const [list, problems] = await Promise.all([api.definitions(), api.definitionErrors()]);
  replace(root, h('h1', {}, 'Definitions'),
    list.items.length === 0 ? h('p', { class: 'muted', testid: 'no-definitions' }, 'No task definitions.') :
      h('table', { testid: 'definitions' },
        h('thead', {}, h('tr', {}, ['Type', 'Latest', 'Versions', 'Label', 'Concurrency limit', 'Source']
          .map((c) => h('th', {}, c)))),
        h('tbody', {}, list.items.map((d) =>
          h('tr', { testid: 'definition-row', dataset: { type: d.type } },
            h('td', {}, h('a', { href: `#/tasks?type=${encodeURIComponent(d.type)}` }, d.type)),
            h('td', { testid: 'definition-latest' }, d.version),
            h('td', { testid: 'definition-versions' }, (d.availableVersions || []).join(', ')),
            h('td', { title: d.description || '' }, d.label || ''),
            h('td', { class: 'num' }, d.concurrencyLimit ?? '—'),
            h('td', { class: 'mono' }, d.source || ''))))),
    problemList('Load errors', problems.errors, 'definition-errors'),
    problemList('Load warnings', problems.warnings, 'definition-warnings'));
}

function problemList(title, problems, testid) {
  if (!problems || problems.length === 0) return null;
  return [h('h2', {}, title), h('ul', { testid }, problems.map((p) =>
    h('li', {}, Object.entries(p).filter(([k]) => k !== 'severity').map(([, v]) => v).filter(Boolean).join(' — '))))];
}
