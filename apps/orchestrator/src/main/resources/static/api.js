// The REST API (/api/v1), as the dashboard uses it. Errors are problem details: their detail (or
// title) becomes the thrown error's message.

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

// The API key lives in this tab's sessionStorage only: not in a cookie (so no CSRF), and gone when
// the tab closes. Without keys configured (open mode) none is needed.
const KEY = 'baton.apiKey';
export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => (value ? sessionStorage.setItem(KEY, value) : sessionStorage.removeItem(KEY)),
};

async function request(method, path, params) {
  const url = new URL(`api/v1${path}`, document.baseURI);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  const response = await fetch(url, {
    method,
    headers: {
      Accept: 'application/json, application/problem+json',
      ...(apiKey.get() ? { 'X-API-Key': apiKey.get() } : {}),
    },
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

const get = (path, params) => request('GET', path, params);
const post = (path) => request('POST', path);
const id = (value) => encodeURIComponent(value);

export const api = {
  stats: () => get('/tasks/stats'),
  throughput: (minutes = 60) => get('/stats/throughput', { minutes }),
  queues: () => get('/queues'),
  dispatch: () => get('/dispatch'),
  tasks: (filters) => get('/tasks', filters),
  task: (taskId) => get(`/tasks/${id(taskId)}`),
  events: (taskId) => get(`/tasks/${id(taskId)}/events`),
  cancel: (taskId) => post(`/tasks/${id(taskId)}/cancel`),
  retry: (taskId) => post(`/tasks/${id(taskId)}/retry`),
  workers: () => get('/workers'),
  definitions: () => get('/definitions'),
  definitionErrors: () => get('/definitions/errors'),
};

export const STATUSES = [
  'SCHEDULED', 'SUBMITTED', 'QUEUED', 'ASSIGNED', 'RUNNING', 'RETRYING',
  'COMPLETED', 'FAILED', 'CANCELLED',
];
export const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);
