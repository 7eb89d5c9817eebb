/**
 * Hash routes: `#/board`, `#/tasks/<id>`, `#/registry?q=…`, `#/checks`, `#/events`. The hash keeps
 * the dashboard one static page (no server routes to mirror) and every view linkable.
 */

const TASK_ID = /^task-\d{3,}-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** `#/tasks/task-001-x?tab=1` → `{ name: 'task', id: 'task-001-x', query }`. */
export function parseRoute(hash) {
  const raw = String(hash ?? '').replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const parts = pathPart.split('/').filter(Boolean).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  const query = new URLSearchParams(queryPart);
  const [first, second] = parts;
  if (parts.length === 0) return { name: 'board', query };
  if (parts.length === 1 && ['board', 'registry', 'checks', 'events'].includes(first)) return { name: first, query };
  if (first === 'tasks' && parts.length === 2 && TASK_ID.test(second)) return { name: 'task', id: second, query };
  return { name: 'not-found', path: pathPart, query };
}

/** The hash of a route: `routeHash('registry', { q: 'orders' })` → `#/registry?q=orders`. */
export function routeHash(path, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== undefined && value !== ''));
  const text = params.toString();
  return `#/${path}${text ? `?${text}` : ''}`;
}

export const taskHash = (id) => `#/tasks/${encodeURIComponent(id)}`;
