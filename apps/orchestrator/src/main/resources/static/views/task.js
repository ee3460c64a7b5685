// One task: its fields, its timeline (every transition, attempt by attempt, with workers and
// errors, ignored events included), input and result JSON, and Cancel / Retry.
import { api, TERMINAL } from '../api.js';
import { errorBox, fmtTime, h, json, replace, statusBadge } from '../dom.js';

export async function render(root, ctx) {
  const id = ctx.route.id;
  const message = h('p', { class: 'message', testid: 'action-message' });
  const body = h('div');
  replace(root, h('p', {}, h('a', { href: '#/tasks' }, '← Tasks')), body);

  const load = async () => {
    const [task, events] = await Promise.all([api.task(id), api.events(id)]);
    if (ctx.alive()) replace(body, page(task, events, message, act));
  };
  const act = async (name, call) => {
    replace(message, `${name}…`);
    try {
      const task = await call(id);
      replace(message, `${name} done: the task was ${task.status} then (the badge shows it now).`);
    } catch (err) {
      replace(message, errorBox(err));
    }
    await load();
  };
  await load();
  ctx.every(3000, () => load().catch(() => {}));
}

function page(task, events, message, act) {
  const terminal = TERMINAL.has(task.status);
  return [
    h('h1', {}, 'Task ', h('span', { class: 'mono', testid: 'task-id' }, task.id)),
    h('div', { class: 'actions' },
      statusBadge(task.status, 'task-status'),
      h('button', {
        testid: 'cancel-button', disabled: terminal,
        title: terminal ? 'The task has ended' : 'Cancel the task',
        onclick: () => act('Cancel', api.cancel),
      }, 'Cancel'),
      h('button', {
        testid: 'retry-button', disabled: !(task.status === 'FAILED' || task.status === 'CANCELLED'),
        title: 'A new attempt of a FAILED or CANCELLED task',
        onclick: () => act('Retry', api.retry),
      }, 'Retry'),
      message),
    h('dl', { class: 'fields', testid: 'task-fields' },
      field('Type', `${task.type}${task.version ? ` ${task.version}` : ''}`, 'task-type'),
      field('Attempt', `${task.attempt} of ${task.maxRetries + 1}`, 'task-attempt'),
      field('Priority', task.priority),
      field('Worker', task.workerId || '—', 'task-worker'),
      field('Progress', task.progress ?? '—'),
      field('Timeout', `${task.timeoutSeconds} s`),
      field('Tags', Object.entries(task.tags || {}).map(([k, v]) => `${k}:${v}`).join(', ') || '—'),
      field('Created', fmtTime(task.createdAt)),
      field('Queued', fmtTime(task.queuedAt)),
      field('Started', fmtTime(task.startedAt)),
      field('Ended', fmtTime(task.completedAt))),
    task.error ? h('p', { class: 'error', testid: 'task-error' },
      `${task.error.type || 'Error'}: ${task.error.message}${task.error.retryable === false ? ' (not retryable)' : ''}`) : null,
    h('h2', {}, 'Timeline'),
    timeline(events),
    h('div', { class: 'columns' },
      h('section', {}, h('h2', {}, 'Input'), h('pre', { testid: 'task-input' }, json(task.input))),
      h('section', {}, h('h2', {}, 'Result'), h('pre', { testid: 'task-result' }, json(task.result)))),
  ];
}

function field(label, value, testid) {
  return [h('dt', {}, label), h('dd', { testid }, String(value))];
}

function timeline(events) {
  return h('table', { class: 'timeline', testid: 'timeline' },
    h('thead', {}, h('tr', {}, ['At', 'Attempt', 'Event', 'Transition', 'Outcome', 'Worker', 'Detail']
      .map((c) => h('th', {}, c)))),
    h('tbody', {}, events.map((e, i) => {
      const newAttempt = i > 0 && events[i - 1].attempt !== e.attempt;
      return h('tr', {
        testid: 'timeline-entry',
        class: [e.outcome !== 'APPLIED' ? 'ignored' : '', newAttempt ? 'new-attempt' : ''].join(' ').trim() || null,
        dataset: { attempt: e.attempt, to: e.to || '' },
      },
      h('td', {}, fmtTime(e.at)),
      h('td', { class: 'num' }, e.attempt),
      h('td', {}, e.trigger || 'CREATED'),
      h('td', {}, e.from ? `${e.from} → ${e.to}` : e.to || '—'),
      h('td', {}, e.outcome),
      h('td', { class: 'mono' }, e.workerId || ''),
      h('td', {}, [e.reason, e.detail].filter(Boolean).join(' — ')));
    })));
}
