/**
 * The dashboard's entry point: asks for the token once, starts the live event feed, and draws the
 * view the hash names (#/board, #/tasks/<id>, #/registry, #/checks, #/events) into <main>. On each
 * navigation focus moves to the new view's heading, so keyboard and screen-reader users land on
 * it; lease countdowns tick once a second wherever they are shown.
 */
import { AuthError, tokenStore, whenUnauthorized } from './api.js';
import { errorNote, h, replaceChildren } from './dom.js';
import { EventFeed } from './feed.js';
import { leaseText } from './format.js';
import { parseRoute } from './router.js';
import { boardView } from './views/board.js';
import { checksView } from './views/checks.js';
import { eventsView } from './views/events.js';
import { registryView } from './views/registry.js';
import { taskView } from './views/task.js';
import { tokenView } from './views/token.js';

const VIEWS = { board: boardView, task: taskView, registry: registryView, checks: checksView, events: eventsView };
const NAV_OF = { board: 'board', task: 'board', registry: 'registry', checks: 'checks', events: 'events' };

const main = document.getElementById('main');
const connection = document.getElementById('connection');
const forget = document.getElementById('forget-token');
const feed = new EventFeed();

let current; // { controller, dispose }
let generation = 0;

function markNavigation(name) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === NAV_OF[name]) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function showConnection() {
  const texts = { idle: 'Not connected', loading: 'Connecting…', open: 'Live', reconnecting: 'Reconnecting…', closed: 'Offline' };
  connection.textContent = texts[feed.status] ?? feed.status;
  connection.dataset.state = feed.status;
}

function leave() {
  current?.controller.abort();
  current?.dispose?.();
  current = undefined;
}

function show(view, { focus = true } = {}) {
  replaceChildren(main, view.node);
  document.title = `${view.title} · bo dashboard`;
  if (focus) (view.focus ?? main.querySelector('h1'))?.focus();
}

function askForToken(reason) {
  leave();
  feed.stop();
  forget.hidden = true;
  markNavigation('');
  show(tokenView({ reason, onAccepted: () => start() }));
}

async function render({ focus = true } = {}) {
  if (!tokenStore.get()) return askForToken();
  const mine = ++generation;
  leave();
  const route = parseRoute(location.hash);
  markNavigation(route.name);
  const controller = new AbortController();
  current = { controller };
  main.setAttribute('aria-busy', 'true');
  try {
    const make = VIEWS[route.name];
    const view = make
      ? await make({ route, feed, signal: controller.signal })
      : { title: 'Not found', node: h('section', {}, h('h1', { tabindex: '-1' }, 'Page not found'), h('p', {}, 'No view at ', h('code', {}, location.hash), '. ', h('a', { href: '#/board' }, 'Go to the task board'), '.')) };
    if (mine !== generation) return view.dispose?.();
    current.dispose = view.dispose;
    show(view, { focus });
  } catch (error) {
    if (mine !== generation || controller.signal.aborted) return;
    if (error instanceof AuthError) return askForToken(error.message === 'no token yet' ? undefined : 'The server refused the token: enter it again.');
    show({ title: 'Error', node: h('section', {}, h('h1', { tabindex: '-1' }, 'Could not load this view'), errorNote(error.message), h('p', {}, h('a', { href: location.hash || '#/board' }, 'Try again'))) }, { focus });
  } finally {
    if (mine === generation) main.removeAttribute('aria-busy');
  }
}

function start() {
  forget.hidden = false;
  feed.start().catch((error) => {
    if (error instanceof AuthError) return;
    feed.setStatus('closed', error.message);
  });
  void render();
}

/** Lease countdowns, wherever they are on the page. */
function tick() {
  for (const element of document.querySelectorAll('[data-lease-until]')) {
    const { text, expired } = leaseText(element.getAttribute('data-lease-until'));
    if (element.textContent !== text) element.textContent = text;
    element.classList.toggle('lease-expired', expired);
  }
}

whenUnauthorized(() => askForToken('The server refused the token: enter it again.'));
feed.subscribe((change) => {
  if (change.kind === 'status') showConnection();
});
forget.addEventListener('click', () => {
  tokenStore.clear();
  askForToken();
});
// The skip link must not touch the hash: that is the router's.
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => void render());
setInterval(tick, 1000);
showConnection();
if (tokenStore.get()) start();
else askForToken();
