/**
 * How the registry's entries are shown: endpoints as a table (method and path, authentication,
 * documented or not, source), each model as a card with its fields and indexes, services as a
 * table with their dependencies and integrations.
 */
import { emptyNote, h, table, uniqueId } from '../dom.js';
import { locationText } from '../format.js';

const source = (ref) => (ref?.file ? h('code', {}, locationText(ref.file, ref.line)) : '');

export function endpointsTable(endpoints) {
  return table({
    caption: 'Endpoints',
    className: 'registry-endpoints',
    columns: ['Endpoint', 'Auth', 'Documented', 'Source'],
    rows: endpoints.map((e) => [
      h('span', {}, h('span', { class: `method method-${e.method.toLowerCase()}` }, e.method), ' ', h('code', {}, e.path), e.summary ? h('span', { class: 'quiet block' }, e.summary) : null),
      h('span', { class: `auth auth-${e.auth}` }, e.auth, e.authBy?.length ? h('span', { class: 'quiet block' }, e.authBy.join(', ')) : null),
      e.documented ? 'yes' : h('strong', { class: 'warn-text' }, 'no'),
      source(e.source),
    ]),
    rowAttributes: (i) => ({ 'data-endpoint': endpoints[i].id }),
  });
}

function fieldKeys(field) {
  return [field.primaryKey ? 'primary key' : '', field.unique ? 'unique' : '', field.references ? `→ ${field.references.model}.${field.references.field}` : ''].filter(Boolean).join(', ');
}

export function modelCard(model) {
  const id = uniqueId('model');
  const indexes = model.indexes ?? [];
  return h(
    'section',
    { class: 'model', 'aria-labelledby': id, 'data-model': model.name },
    h('h3', { id }, model.name, ' ', h('span', { class: 'quiet' }, [model.table && model.table !== model.name ? `table ${model.table}` : '', model.kind].filter(Boolean).join(' · '))),
    source(model.source),
    table({
      caption: `Fields of ${model.name}`,
      columns: ['Field', 'Type', 'Null', 'Keys', 'Default'],
      rows: (model.fields ?? []).map((f) => [h('code', {}, f.name), f.type, f.nullable ? 'yes' : 'no', fieldKeys(f), f.default ?? '']),
    }),
    h('h4', {}, 'Indexes'),
    indexes.length === 0
      ? emptyNote('No indexes.')
      : h('ul', { class: 'indexes' }, indexes.map((index) => h('li', {}, index.unique ? 'unique ' : '', h('code', {}, `(${index.fields.join(', ')})`), index.name ? ` ${index.name}` : ''))),
  );
}

export function servicesTable(services) {
  return table({
    caption: 'Services',
    columns: ['Service', 'Kind', 'Depends on', 'Integrations', 'Source'],
    rows: services.map((s) => [h('code', {}, s.name), s.kind, s.dependsOn?.join(', ') ?? '', s.integrations?.length ? s.integrations.join(', ') : '—', source(s.source)]),
    rowAttributes: (i) => ({ 'data-service': services[i].name }),
  });
}
