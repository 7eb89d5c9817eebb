/**
 * The live event feed: the outbox's newest events, newest first, and each new one as it arrives
 * (no reload). The list is an ARIA log, so screen readers announce additions politely; a filter
 * narrows it by type or subject without touching the stream.
 */
import { h, replaceChildren, uniqueId } from '../dom.js';
import { formatClock, formatTime } from '../format.js';
import { taskOfEvent } from '../feed.js';
import { taskHash } from '../router.js';

const STATUS_TEXT = {
  idle: 'Not connected.',
  loading: 'Reading the outbox…',
  open: 'Live: new events appear here as they are appended.',
  reconnecting: 'Connection lost; reconnecting…',
  closed: 'Not following the stream.',
};

function eventItem(stored) {
  const event = stored.event ?? {};
  const task = taskOfEvent(event);
  return h(
    'li',
    { class: 'event', 'data-seq': String(stored.seq), 'data-type': event.type },
    h(
      'p',
      { class: 'event-head' },
      event.time ? h('time', { datetime: event.time, title: formatTime(event.time) }, formatClock(event.time)) : null,
      h('strong', { class: 'event-type' }, event.type),
      task ? h('a', { href: taskHash(task) }, task) : event.subject ? h('code', {}, event.subject) : null,
      h('span', { class: 'event-meta quiet' }, `#${stored.seq} · ${event.source ?? ''}`),
    ),
    event.data !== undefined ? h('details', {}, h('summary', {}, 'Data'), h('pre', { tabindex: '0' }, JSON.stringify(event.data, null, 2))) : null,
  );
}

const matches = (stored, filter) => {
  if (!filter) return true;
  const event = stored.event ?? {};
  const needle = filter.toLowerCase();
  return [event.type, event.subject, event.source].some((text) => typeof text === 'string' && text.toLowerCase().includes(needle));
};

export async function eventsView({ feed }) {
  const filterId = uniqueId('filter');
  const input = h('input', { id: filterId, type: 'search', autocomplete: 'off', placeholder: 'backend.task, task-001…' });
  const status = h('p', { class: 'lead feed-status', role: 'status' });
  const logList = h('ol', { class: 'events', reversed: true });
  const logRegion = h('div', { role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', 'aria-label': 'Events, newest first' }, logList);
  const empty = h('p', { class: 'note' }, 'No events yet.');
  const node = h(
    'section',
    { 'aria-labelledby': 'view-title' },
    h('h1', { id: 'view-title', tabindex: '-1' }, 'Live events'),
    status,
    h('form', { class: 'search', role: 'search', 'aria-label': 'Filter events', onsubmit: (event) => event.preventDefault() }, h('div', { class: 'field field-wide' }, h('label', { for: filterId }, 'Filter by type, subject or source'), input)),
    empty,
    logRegion,
  );

  const showStatus = () => {
    status.textContent = `${STATUS_TEXT[feed.status] ?? feed.status}${feed.detail && feed.status !== 'open' ? ` (${feed.detail})` : ''}`;
    status.dataset.state = feed.status;
  };
  const redraw = () => {
    const shown = feed.events.filter((stored) => matches(stored, input.value.trim()));
    replaceChildren(logList, [...shown].reverse().map(eventItem));
    empty.hidden = shown.length > 0;
  };
  input.addEventListener('input', redraw);
  showStatus();
  redraw();

  const unsubscribe = feed.subscribe((change) => {
    if (change.kind === 'status') return showStatus();
    if (change.kind === 'reset') return redraw();
    if (!matches(change.stored, input.value.trim())) return;
    logList.prepend(eventItem(change.stored));
    // Keep the list as long as the feed keeps events.
    while (logList.children.length > feed.keep) logList.lastElementChild?.remove();
    empty.hidden = true;
  });
  return { title: 'Live events', node, dispose: unsubscribe };
}
