// The dashboard's router: #/ (overview), #/tasks?filters, #/tasks/<id>, #/workers, #/definitions.
// A view is render(root, ctx) and may ask ctx.every(ms, fn) for live refresh; leaving the route
// stops its timers, so only the visible page polls the API.
import { apiKey } from './api.js';
import { errorBox, replace } from './dom.js';
import * as overview from './views/overview.js';
import * as tasks from './views/tasks.js';
import * as task from './views/task.js';
import * as workers from './views/workers.js';
import * as definitions from './views/definitions.js';

const root = document.getElementById('view');
let timers = [];
let generation = 0;

function parse(hash) {
  const [path, query] = (hash.replace(/^#/, '') || '/').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query || '');
  if (parts.length === 0) return { name: 'overview', view: overview, params };
  if (parts[0] === 'tasks' && parts.length === 2) return { name: 'tasks', view: task, id: parts[1], params };
  const views = { tasks, workers, definitions };
  if (parts.length === 1 && views[parts[0]]) return { name: parts[0], view: views[parts[0]], params };
  return null;
}

async function route() {
  timers.forEach(clearInterval);
  timers = [];
  const mine = ++generation;
  const current = parse(location.hash);
  document.querySelectorAll('nav a').forEach((a) =>
    a.classList.toggle('active', current !== null && a.dataset.route === current.name));
  if (current === null) {
    replace(root, errorBox(`No page at ${location.hash}`));
    return;
  }
  const ctx = {
    route: current,
    // A refresh of a page the user has left is dropped (its timer is cleared too).
    alive: () => mine === generation,
    every(ms, fn) {
      timers.push(setInterval(() => { if (mine === generation) fn(); }, ms));
    },
  };
  root.dataset.page = current.name;
  try {
    await current.view.render(root, ctx);
  } catch (err) {
    if (ctx.alive()) replace(root, errorBox(err));
  }
}

// The key form: a key entered is used by every request of this tab until forgotten.
const keyInput = document.getElementById('api-key');
const forget = document.getElementById('forget-key');
function showKeyState() {
  forget.hidden = !apiKey.get();
  keyInput.placeholder = apiKey.get() ? 'API key set' : 'API key';
}
document.getElementById('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  apiKey.set(keyInput.value.trim());
  keyInput.value = '';
  showKeyState();
  route();
});
forget.addEventListener('click', () => {
  apiKey.set(null);
  showKeyState();
  route();
});
showKeyState();

window.addEventListener('hashchange', route);
route();
