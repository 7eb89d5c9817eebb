/**
 * A task's page: what it is (status, claim with its lease countdown, targets, criteria), its
 * progress, the latest gate report of its submits (failing items, failures with file:line), its
 * history, the executor's attempts with their logs (task-logs.js), and the context package an
 * agent gets. Refreshes itself when an event about the task arrives.
 */
import { ApiError, enc, get, getOptional } from '../api.js';
import { definitionList, emptyNote, errorNote, h, replaceChildren, table, uniqueId } from '../dom.js';
import { formatTime, STATUS_NAMES } from '../format.js';
import { taskOfEvent } from '../feed.js';
import { taskHash } from '../router.js';
import { leaseNode, progressNode } from './board.js';
import { logsSection } from './task-logs.js';
import { reportSection } from './task-report.js';

const section = (title, ...children) => {
  const id = uniqueId('section');
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
};

const list = (values, render = (v) => h('code', {}, v)) => (values?.length ? h('ul', { class: 'inline-list' }, values.map((v) => h('li', {}, render(v)))) : undefined);

function facts(task) {
  return definitionList([
    ['Status', h('span', { class: `status status-${task.status}` }, STATUS_NAMES[task.status] ?? task.status)],
    ['Id', h('code', {}, task.id)],
    ['Priority', task.priority],
    ['Skill', task.skill],
    ['Type', task.type],
    ['Claim', task.claim ? h('span', {}, h('strong', {}, task.claim.agent), ` since ${formatTime(task.claim.claimedAt)} · `, leaseNode(task.claim)) : 'not claimed'],
    ['Blocked because', task.blockedReason],
    ['Attempts', String(task.attempts ?? 0)],
    ['Targets', list(task.targets)],
    ['Requirements', list(task.requirements, (r) => r)],
    ['Depends on', list(task.dependencies, (id) => h('a', { href: taskHash(id) }, id))],
    ['Gates', list(task.criteria?.gates)],
    ['From event', task.source ? h('span', {}, h('code', {}, task.source.type), ` ${task.source.id} from ${task.source.source}`) : undefined],
    ['Created', formatTime(task.createdAt)],
    ['Updated', formatTime(task.updatedAt)],
  ]);
}

function progressSection(task) {
  const entries = task.progress ?? [];
  if (entries.length === 0) return section('Progress', emptyNote('No progress reported yet.'));
  return section(
    'Progress',
    progressNode(entries.at(-1), 'Latest'),
    h('ol', { class: 'progress-log', reversed: true }, [...entries].reverse().map((entry) => h('li', {}, h('time', { datetime: entry.at }, formatTime(entry.at)), ' ', entry.by ? `${entry.by}: ` : '', typeof entry.percent === 'number' ? `${entry.percent} % · ` : '', entry.message))),
  );
}

function historySection(task) {
  const history = task.history ?? [];
  if (history.length === 0) return section('History', emptyNote('No history.'));
  return section(
    'History',
    table({
      caption: 'Status changes, oldest first',
      columns: ['When', 'From', 'To', 'By', 'Note'],
      rows: history.map((entry) => [h('time', { datetime: entry.at }, formatTime(entry.at)), entry.from ? STATUS_NAMES[entry.from] ?? entry.from : '—', STATUS_NAMES[entry.to] ?? entry.to, entry.by, entry.note ?? '']),
    }),
  );
}

function contextSection(context) {
  return section(
    'Context package',
    h('p', {}, 'What an agent gets for this task (', h('code', {}, 'bo context'), '), as YAML.'),
    context instanceof Error ? errorNote(`Could not build the context package: ${context.message}`) : h('details', { class: 'context' }, h('summary', {}, 'Show the context package'), h('pre', { tabindex: '0', 'aria-label': 'Context package (YAML)' }, context)),
  );
}

async function loadTask(id, signal) {
  const path = `/v1/tasks/${enc(id)}`;
  const task = await get(path, { signal });
  const [report, logs, context] = await Promise.all([
    getOptional(`${path}/reports/latest`, { signal }),
    getOptional(`${path}/logs`, { signal }).catch(() => undefined),
    get(`${path}/context?format=yaml`, { as: 'text', signal }).catch((error) => (error instanceof Error ? error : new Error(String(error)))),
  ]);
  return { task, report, logs, context };
}

function body(data) {
  const { task } = data;
  return [
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/board' }, 'Task board'), ' › ', h('code', {}, task.id)),
    h('h1', { id: 'view-title', tabindex: '-1' }, task.title),
    task.description ? h('p', { class: 'lead' }, task.description) : null,
    facts(task),
    progressSection(task),
    reportSection(task, data.report, section),
    historySection(task),
    logsSection(task.id, data.logs, section),
    contextSection(data.context),
  ];
}

export async function taskView({ route, feed, signal }) {
  let data;
  try {
    data = await loadTask(route.id, signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return { title: 'Task not found', node: h('section', {}, h('h1', { id: 'view-title', tabindex: '-1' }, 'Task not found'), errorNote(error.message), h('p', {}, h('a', { href: '#/board' }, 'Back to the board'))) };
    }
    throw error;
  }
  const node = h('article', { class: 'task-page', 'aria-labelledby': 'view-title' }, body(data));

  let timer;
  const refresh = async () => {
    try {
      const next = await loadTask(route.id, signal);
      if (signal.aborted) return;
      // Redraw only what changed on the server; an open log or context stays open otherwise.
      if (next.task.updatedAt === data.task.updatedAt && next.report?.id === data.report?.id) return;
      data = next;
      const focused = document.activeElement && node.contains(document.activeElement);
      replaceChildren(node, body(data));
      if (focused) node.querySelector('h1')?.focus();
    } catch {
      // keep what is shown
    }
  };
  const unsubscribe = feed.subscribe((change) => {
    if (change.kind !== 'event' || taskOfEvent(change.stored.event) !== route.id) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  return {
    title: data.task.title,
    node,
    dispose() {
      clearTimeout(timer);
      unsubscribe();
    },
  };
}
