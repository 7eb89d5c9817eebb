import type { ModelField } from '../../registry/schema.js';
import { defineRule } from '../define.js';
import { eachModel } from './support/models.js';
import { fieldPlace } from './support/places.js';

export default defineRule({
  id: 'db/repeating-columns',
  area: 'database',
  checklist: 'Normalized schema',
  severity: 'warning',
  docs: {
    description:
      'Numbered columns (`phone1`, `phone2`, `phone3`; `address_1`, `address_2`) are a repeating group: a fixed number of slots, queries that must look in every one, and no way to add a fourth without a migration. They belong in a child table with one row per value.',
    failing: `CREATE TABLE customers (
  id UUID PRIMARY KEY,
  phone1 TEXT,
  phone2 TEXT,
  phone3 TEXT
);`,
    passing: `CREATE TABLE customer_phones (
  customer_id UUID NOT NULL REFERENCES customers (id),
  phone TEXT NOT NULL,
  PRIMARY KEY (customer_id, phone)
);`,
    whenNotToUse:
      'Fixed, meaningful positions are not a repeating group: postal address lines (`line1`, `line2`) are exempt, and coordinates (`x1`, `y1`, `x2`, `y2`) are never matched (one-letter stems).',
  },
  check(context, reporter) {
    return eachModel(context, reporter, (model, report) => {
      for (const group of repeatingGroups(model.fields)) {
        const [first, ...others] = group.fields.map((f) => fieldPlace(context, model, f.name));
        if (!first) continue;
        const names = group.fields.map((f) => f.name);
        report({
          ...first.at,
          subject: model.name,
          message: `${names.join(', ')} in ${first.table?.name ?? model.name} are numbered copies of one column (${group.stem}): a repeating group`,
          hint: `Move ${group.stem} into a child table (${first.table?.name ?? model.table ?? model.name}_${group.stem}s with a foreign key to this table and one row per value), then drop the numbered columns.`,
          related: [...others.map((o, i) => ({ ...o.at, message: `the column ${names[i + 1]}` })), ...first.related],
        });
      }
    });
  },
});

interface Group {
  stem: string;
  fields: ModelField[];
}

/** `phone1`, `phone_2`, `addressLine3`: a stem of two or more letters, an optional separator, a number. */
const NUMBERED = /^(.*[A-Za-z]{2})[_-]?(\d{1,2})$/;

/** Postal address lines are fixed positions, not a list. */
const EXEMPT_STEM = /(?:^|_)line$/;

/**
 * Two or more fields with the same stem whose numbers count from 0 or 1 (`phone1`, `phone2`): a
 * percentile pair (`p50`, `p95`) or versions (`sha1`, `sha256`, `ipv4`, `ipv6`) do not.
 */
export function repeatingGroups(fields: readonly ModelField[]): Group[] {
  const byStem = new Map<string, { numbers: Set<number>; fields: ModelField[] }>();
  for (const field of fields) {
    const match = NUMBERED.exec(field.name);
    if (!match) continue;
    const stem = (match[1] as string).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[_-]+$/, '');
    if (EXEMPT_STEM.test(stem)) continue;
    const entry = byStem.get(stem) ?? { numbers: new Set<number>(), fields: [] };
    entry.numbers.add(Number(match[2]));
    entry.fields.push(field);
    byStem.set(stem, entry);
  }
  const groups: Group[] = [];
  for (const [stem, entry] of byStem) {
    const counts = (entry.numbers.has(1) && entry.numbers.has(2)) || (entry.numbers.has(0) && entry.numbers.has(1));
    if (entry.fields.length >= 2 && counts) groups.push({ stem, fields: entry.fields });
  }
  return groups;
}
