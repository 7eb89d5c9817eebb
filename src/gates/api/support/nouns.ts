/**
 * The words REST naming rules need: verbs that duplicate the HTTP methods, action words that are
 * accepted as custom methods (`POST /orders/{id}/cancel`), singletons and uncountables that are
 * never plural (`/me`, `/health`), small reference lists that are returned whole, and a plural test.
 * Rules are heuristics over English words: each list errs towards passing.
 */
import { nameWords } from '../../../scan/code/facts.js';

/** Verbs that say what the HTTP method already says: `getUsers`, `/create-order`, `/users/{id}/delete`. */
export const CRUD_VERBS = new Set(['get', 'fetch', 'list', 'create', 'add', 'insert', 'update', 'edit', 'modify', 'delete', 'remove', 'destroy', 'save', 'retrieve']);
/** Verbs flagged only when they lead a compound (`findByEmail`, `showUser`): alone they are often nouns or searches. */
export const COMPOUND_ONLY_VERBS = new Set(['find', 'show']);
/** Compounds that start with a verb but name a thing. */
const VERB_LED_NOUNS = new Set(['addon', 'addons', 'getstarted', 'listitem', 'listitems']);

/**
 * Domain actions and RPC-style endpoints that are accepted sparingly (Google's "custom methods",
 * Stripe's `/cancel`, `/auth/login`): never flagged as verbs, never expected to be plural.
 */
export const ACTION_WORDS = new Set([
  'login', 'logout', 'signin', 'signout', 'signup', 'register', 'refresh', 'verify', 'confirm', 'reset', 'forgot', 'activate', 'deactivate',
  'approve', 'reject', 'cancel', 'pay', 'refund', 'capture', 'publish', 'unpublish', 'archive', 'unarchive', 'restore', 'accept', 'decline',
  'invite', 'join', 'leave', 'follow', 'unfollow', 'like', 'unlike', 'share', 'subscribe', 'unsubscribe', 'resend', 'send', 'sync',
  'revoke', 'validate', 'check', 'lookup', 'resolve', 'preview', 'render', 'track', 'redirect', 'upload', 'download', 'export', 'import',
  'callback', 'notify', 'trigger', 'run', 'execute', 'invoke', 'start', 'stop', 'pause', 'resume', 'retry', 'complete', 'close', 'open',
  'lock', 'unlock', 'enable', 'disable', 'assign', 'unassign', 'transfer', 'convert', 'clone', 'copy', 'move', 'merge', 'search', 'filter',
  'count', 'exists', 'ping', 'authorize', 'authenticate', 'token', 'oauth', 'sso', 'webhook', 'webhooks', 'hook', 'hooks', 'callbacks',
  'ship', 'deliver', 'submit', 'process', 'generate', 'calculate', 'estimate', 'quote', 'checkout', 'reorder', 'rate', 'vote', 'report',
  'block', 'unblock', 'mute', 'unmute', 'read', 'unread', 'mark', 'dismiss', 'acknowledge', 'reply', 'rollback', 'deploy', 'scan', 'test',
]);

/** Singletons and uncountables: never plural, never a paginated list. */
export const SINGLETONS = new Set([
  'me', 'self', 'current', 'mine', 'auth', 'health', 'healthz', 'livez', 'readyz', 'ready', 'live', 'status', 'search', 'stats', 'statistics',
  'admin', 'profile', 'settings', 'config', 'configuration', 'preferences', 'account', 'dashboard', 'info', 'information', 'data', 'metadata',
  'media', 'feedback', 'equipment', 'inventory', 'stock', 'staff', 'software', 'firmware', 'content', 'analytics', 'metrics', 'news',
  'history', 'graphql', 'version', 'docs', 'swagger', 'openapi', 'schema', 'summary', 'overview', 'home', 'index', 'root',
  'batch', 'bulk', 'cart', 'basket', 'billing', 'balance', 'password', 'email', 'avatar', 'timeline', 'feed', 'activity', 'availability',
  'pricing', 'progress', 'usage', 'total', 'debug', 'echo', 'proxy', 'public', 'private', 'internal', 'static', 'page', 'lang', 'locale',
  'session', 'identity', 'security', 'privacy', 'help', 'support', 'wallet', 'subscription', 'plan', 'membership', 'onboarding',
  'state', 'health-check', 'healthcheck', 'latest', 'default', 'random', 'all', 'terms', 'tos', 'legal', 'about', 'contact',
]);

/** Small lookup lists a client loads whole (a category tree, the roles): not expected to be paginated. */
export const REFERENCE_LISTS = new Set([
  'categories', 'tags', 'roles', 'permissions', 'scopes', 'countries', 'currencies', 'languages', 'locales', 'timezones', 'regions', 'states',
  'provinces', 'settings', 'preferences', 'features', 'flags', 'plans', 'types', 'kinds', 'statuses', 'enums', 'options', 'providers', 'units',
  'genders', 'titles', 'channels', 'departments', 'brands', 'colors', 'colours', 'sizes', 'methods', 'versions', 'environments', 'modules',
]);

/** Singular nouns that end in s. */
const SINGULAR_IN_S = new Set([
  'status', 'bus', 'campus', 'virus', 'bonus', 'census', 'corpus', 'focus', 'radius', 'syllabus', 'alias', 'canvas', 'atlas', 'gas', 'lens',
  'news', 'series', 'species', 'plus', 'apparatus', 'consensus', 'nexus', 'iris', 'chaos', 'ethos', 'cosmos', 'bias', 'sms', 'dns', 'os',
  'cors', 'gps', 'aws', 'https', 'analytics', 'metrics', 'stats', 'kudos', 'physics', 'economics', 'logistics', 'diagnostics', 'ethics',
]);
const IRREGULAR_PLURALS = new Set([
  'people', 'children', 'men', 'women', 'feet', 'teeth', 'mice', 'geese', 'data', 'criteria', 'phenomena', 'indices', 'matrices', 'vertices',
  'media', 'alumni', 'cacti', 'fungi', 'nuclei', 'radii', 'stimuli', 'oxen', 'dice', 'staff', 'personnel', 'metadata', 'sheep', 'fish', 'deer',
]);

/** Whether a word reads as a plural noun: `users`, `categories`, `people`; not `status`, `address`, `analysis`. */
export function isPluralWord(word: string): boolean {
  const w = word.toLowerCase();
  if (IRREGULAR_PLURALS.has(w)) return true;
  if (SINGULAR_IN_S.has(w) || w.length < 3) return false;
  return w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('is') && !w.endsWith('us');
}

/** `order-items` → `order-items`' last word `items`; the words of a segment in any casing. */
export const segmentWords = (segment: string): string[] => nameWords(segment);

/** The plural of the last word, kept in the segment's casing: `order-item` → `order-items`, `category` → `categories`. */
export function pluralOf(segment: string): string {
  const lower = segment.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${segment.slice(0, -1)}ies`;
  if (/[^aeiou]is$/.test(lower)) return `${segment.slice(0, -2)}es`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${segment}es`;
  if (lower.endsWith('person')) return `${segment.slice(0, -6)}people`;
  if (lower.endsWith('child')) return `${segment}ren`;
  return `${segment}s`;
}

/** The verb a segment starts with when it names an action the HTTP method should carry (`getUsers` → `get`). */
export function leadingCrudVerb(segment: string): string | undefined {
  const words = segmentWords(segment);
  const first = words[0];
  if (!first || VERB_LED_NOUNS.has(words.join(''))) return undefined;
  if (CRUD_VERBS.has(first)) return first;
  if (COMPOUND_ONLY_VERBS.has(first) && words.length > 1) return first;
  return undefined;
}

/** Whether a segment is a word that is never a plural collection: a singleton, an action, a lookup key (`by-email`). */
export function isNonCollectionWord(segment: string): boolean {
  const lower = segment.toLowerCase();
  if (SINGLETONS.has(lower) || ACTION_WORDS.has(lower)) return true;
  const words = segmentWords(segment);
  if (words.includes('by') || words.includes('for')) return true;
  const first = words[0] ?? '';
  return ACTION_WORDS.has(first) || CRUD_VERBS.has(first) || COMPOUND_ONLY_VERBS.has(first) || SINGLETONS.has(words.join('-'));
}
