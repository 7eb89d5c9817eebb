/**
 * The registry browser: endpoints (method, path, authentication, documented in the OpenAPI
 * document or not), models (fields and indexes) and services (dependencies and integrations),
 * searched by the API's own filters. The search is kept in the address (#/registry?q=…) without
 * redrawing the page, so typing never loses focus and a search can be linked to.
 */
import { enc, getAll } from '../api.js';
import { emptyNote, errorNote, h, replaceChildren, uniqueId } from '../dom.js';
import { routeHash } from '../router.js';
import { endpointsTable, modelCard, servicesTable } from './registry-tables.js';

const KINDS = ['endpoints', 'models', 'services'];
const KIND_NAMES = { endpoints: 'Endpoints', models: 'Models', services: 'Services' };

function queryOf(form) {
  const data = new FormData(form);
  const value = (name) => String(data.get(name) ?? '').trim();
  return { q: value('q'), kind: value('kind'), auth: value('auth'), documented: value('documented') };
}

function urlsOf(query) {
  const common = query.q ? `q=${enc(query.q)}` : '';
  const endpointFilters = [common, query.auth ? `auth=${enc(query.auth)}` : '', query.documented ? `documented=${query.documented === 'yes'}` : ''].filter(Boolean).join('&');
  return {
    endpoints: `/v1/registry/endpoints${endpointFilters ? `?${endpointFilters}` : ''}`,
    models: `/v1/registry/models${common ? `?${common}` : ''}`,
    services: `/v1/registry/services${common ? `?${common}` : ''}`,
  };
}

function resultSection(kind, result) {
  const id = `registry-${kind}`;
  const { items, total } = result;
  const content =
    items.length === 0
      ? emptyNote(`No ${kind} match.`)
      : kind === 'endpoints'
        ? endpointsTable(items)
        : kind === 'models'
          ? h('div', { class: 'models' }, items.map(modelCard))
          : servicesTable(items);
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': id, 'data-kind': kind },
    h('h2', { id }, KIND_NAMES[kind], ' ', h('span', { class: 'count' }, `(${total})`)),
    content,
    items.length < total ? emptyNote(`Showing ${items.length} of ${total}: narrow the search.`) : null,
  );
}

function select(name, label, options, value) {
  const id = uniqueId(name);
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('select', { id, name }, options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text))));
}

function searchForm(query) {
  const searchId = uniqueId('q');
  return h(
    'form',
    { class: 'search', role: 'search', 'aria-label': 'Search the registry' },
    h('div', { class: 'field field-wide' }, h('label', { for: searchId }, 'Search'), h('input', { id: searchId, name: 'q', type: 'search', value: query.q, placeholder: 'path, model, field, service…', autocomplete: 'off' })),
    select('kind', 'Show', [['', 'Everything'], ...KINDS.map((k) => [k, KIND_NAMES[k]])], query.kind),
    select('auth', 'Endpoint auth', [['', 'Any'], ['required', 'Required'], ['optional', 'Optional'], ['none', 'None'], ['unknown', 'Unknown']], query.auth),
    select('documented', 'Documented', [['', 'Any'], ['yes', 'Yes'], ['no', 'No']], query.documented),
    h('button', { type: 'submit' }, 'Search'),
  );
}

async function search(query, signal) {
  const urls = urlsOf(query);
  const kinds = query.kind && KINDS.includes(query.kind) ? [query.kind] : KINDS;
  const results = await Promise.all(kinds.map((kind) => getAll(urls[kind], { signal, maxItems: 500 })));
  return kinds.map((kind, i) => [kind, results[i]]);
}

function summaryText(results) {
  return `${results.map(([kind, r]) => `${r.total} ${kind}`).join(', ')} found.`;
}

export async function registryView({ route, signal }) {
  const query = { q: route.query.get('q') ?? '', kind: route.query.get('kind') ?? '', auth: route.query.get('auth') ?? '', documented: route.query.get('documented') ?? '' };
  const form = searchForm(query);
  const status = h('p', { class: 'lead', role: 'status' });
  const results = h('div', { class: 'registry-results' });
  const node = h('section', { 'aria-labelledby': 'view-title' }, h('h1', { id: 'view-title', tabindex: '-1' }, 'Registry'), form, status, results);

  let generation = 0;
  const run = async (next) => {
    const mine = ++generation;
    results.setAttribute('aria-busy', 'true');
    try {
      const found = await search(next, signal);
      if (mine !== generation) return;
      replaceChildren(results, found.map(([kind, result]) => resultSection(kind, result)));
      status.textContent = summaryText(found);
    } catch (error) {
      if (mine !== generation || signal.aborted) return;
      replaceChildren(results, errorNote(`The search failed: ${error.message}`));
      status.textContent = '';
    } finally {
      if (mine === generation) results.removeAttribute('aria-busy');
    }
  };

  let timer;
  const fromForm = () => {
    const next = queryOf(form);
    history.replaceState(null, '', routeHash('registry', next));
    return run(next);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void fromForm();
  });
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(fromForm, 250);
  });

  await run(query);
  return { title: 'Registry', node, dispose: () => clearTimeout(timer) };
}
