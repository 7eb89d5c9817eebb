/** Task ids: `task-<NNN>-<slug>`, as in the seed's `task-002-api`. */

const STOP_WORDS = new Set(['a', 'an', 'the', 'to', 'of', 'for', 'and', 'in', 'on', 'with', 'by', 'from', 'into', 'at']);

export function slugify(title: string, maxWords = 5, maxLength = 40): string {
  const words = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((word) => word && !STOP_WORDS.has(word));
  let slug = '';
  for (const word of words.slice(0, maxWords)) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) break;
    slug = next;
  }
  return slug || 'task';
}

export function taskId(number: number, title: string): string {
  return `task-${String(number).padStart(3, '0')}-${slugify(title)}`;
}
