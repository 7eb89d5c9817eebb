/**
 * The task board: one column per status, each task a card with its claim (agent and a lease
 * countdown), attempts and latest progress. Active and archived tasks are listed (done and
 * cancelled ones are archived); the board refreshes itself when a backend.task.* event arrives.
 */
import { get, getAll } from '../api.js';
import { emptyNote, h, replaceChildren, uniqueId } from '../dom.js';
import { formatTime, leaseText, STATUS_NAMES } from '../format.js';
import { taskHash } from '../router.js';

const COLUMNS = ['pending', 'ready', 'in_progress', 'validating', 'blocked', 'done', 'cancelled'];
/** Finished columns grow forever: they show the most recent ones. */
const FINISHED_SHOWN = 12;
/** Progress is not in the listing: it is read for the tasks being worked on, up to this many. */
const PROGRESS_LOOKUPS = 24;

async function loadBoard(signal) {
  const { items: tasks } = await getAll('/v1/tasks?archived=true', { signal });
  const working = tasks.filter((t) => t.status === 'in_progress' || t.status === 'validating').slice(0, PROGRESS_LOOKUPS);
  const full = await Promise.all(working.map((t) => get(`/v1/tasks/${encodeURIComponent(t.id)}`, { signal }).catch(() => undefined)));
  const progress = new Map(full.filter(Boolean).map((task) => [task.id, task.progress?.at(-1)]));
  return { tasks, progress };
}

export function leaseNode(claim) {
  const { text, expired } = leaseText(claim.leaseUntil);
  return h('time', { class: `lease${expired ? ' lease-expired' : ''}`, datetime: claim.leaseUntil, 'data-lease-until': claim.leaseUntil, title: `Lease until ${formatTime(claim.leaseUntil)}` }, text);
}

export function progressNode(entry, label) {
  if (!entry) return null;
  const id = uniqueId('progress');
  return h(
    'div',
    { class: 'progress' },
    typeof entry.percent === 'number' ? h('progress', { max: '100', value: String(entry.percent), 'aria-labelledby': id }, `${entry.percent} %`) : null,
    h('span', { id, class: 'progress-text' }, h('span', { class: 'visually-hidden' }, `${label}: `), typeof entry.percent === 'number' ? `${entry.percent} % · ` : '', entry.message),
  );
}

function card(task, progress) {
  return h(
    'li',
    { class: 'card', 'data-task-id': task.id, 'data-status': task.status },
    h('h3', { class: 'card-title' }, h('a', { href: taskHash(task.id) }, task.title)),
    h('p', { class: 'card-id' }, h('code', {}, task.id)),
    h(
      'p',
      { class: 'card-meta' },
      h('span', { class: `priority priority-${task.priority}` }, task.priority),
      ' · ',
      task.skill,
      task.attempts > 0 ? ` · ${task.attempts} attempt${task.attempts === 1 ? '' : 's'}` : '',
    ),
    task.claim ? h('p', { class: 'claim' }, 'Claimed by ', h('strong', {}, task.claim.agent), ' · ', leaseNode(task.claim)) : null,
    progressNode(progress, 'Progress'),
  );
}

function column(status, tasks, progress) {
  const id = `column-${status}`;
  const finished = status === 'done' || status === 'cancelled';
  const sorted = finished ? [...tasks].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1)) : tasks;
  const shown = finished ? sorted.slice(0, FINISHED_SHOWN) : sorted;
  return h(
    'section',
    { class: `column column-${status}`, 'aria-labelledby': id, 'data-status': status },
    h('h2', { id }, STATUS_NAMES[status], ' ', h('span', { class: 'count' }, `(${tasks.length})`)),
    shown.length === 0 ? emptyNote('None') : h('ul', { class: 'cards' }, shown.map((task) => card(task, progress.get(task.id)))),
    shown.length < tasks.length ? emptyNote(`and ${tasks.length - shown.length} older`) : null,
  );
}

function columns(data) {
  return COLUMNS.map((status) => column(status, data.tasks.filter((t) => t.status === status), data.progress));
}

function summary(tasks) {
  const active = tasks.filter((t) => t.status !== 'done' && t.status !== 'cancelled').length;
  const claimed = tasks.filter((t) => t.claim).length;
  return `${tasks.length} task${tasks.length === 1 ? '' : 's'}: ${active} active, ${claimed} claimed.`;
}

/** Keeps keyboard focus on the same card link when the board is redrawn. */
function redrawKeepingFocus(container, build) {
  const focusedTask = document.activeElement?.closest?.('[data-task-id]')?.getAttribute('data-task-id');
  build();
  if (focusedTask) container.querySelector(`[data-task-id="${CSS.escape(focusedTask)}"] a`)?.focus();
}

export async function boardView({ feed, signal }) {
  let data = await loadBoard(signal);
  const summaryLine = h('p', { class: 'lead', 'aria-live': 'polite' }, summary(data.tasks));
  const board = h('div', { class: 'board' }, columns(data));
  const node = h('section', { 'aria-labelledby': 'view-title' }, h('h1', { id: 'view-title', tabindex: '-1' }, 'Task board'), summaryLine, board);

  let timer;
  const refresh = async () => {
    try {
      data = await loadBoard(signal);
    } catch {
      return; // keep what is shown; the next event tries again
    }
    if (signal.aborted) return;
    summaryLine.textContent = summary(data.tasks);
    redrawKeepingFocus(board, () => replaceChildren(board, columns(data)));
  };
  const unsubscribe = feed.subscribe((change) => {
    if (change.kind !== 'event' || !change.stored.event?.type?.startsWith('backend.task.')) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  return {
    title: 'Task board',
    node,
    dispose() {
      clearTimeout(timer);
      unsubscribe();
    },
  };
}
