/**
 * The host of an absolute URL literal, when it is outside the deployment: a call to
 * `http://localhost:3001` or `http://users-service/` (a container name) is the backend talking to
 * itself, and `example.com` is a placeholder, so neither names an integration.
 */

const URL_START = /^https?:\/\/([^/:?#\s'"`\\]+)([/:?#]|$)/i;
const RESERVED_SUFFIXES = ['.localhost', '.local', '.internal', '.test', '.invalid', '.example', '.svc', '.cluster.local'];
const PLACEHOLDERS = new Set(['example.com', 'example.org', 'example.net']);

/**
 * `complete` is false for the first part of a template literal (`https://${host}/x` or
 * `https://api.${region}.aws.com`): the host must end inside that part to be known.
 */
export function externalHost(text: string, complete = true): string | undefined {
  const match = URL_START.exec(text);
  if (!match) return undefined;
  const host = (match[1] as string).toLowerCase().replace(/^[^@]*@/, '');
  if (!complete && match[2] === '') return undefined;
  if (!host.includes('.') || host.endsWith('.') || host.startsWith('[')) return undefined;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return undefined; // an IP address is infrastructure, not a named service
  if (RESERVED_SUFFIXES.some((suffix) => host.endsWith(suffix)) || PLACEHOLDERS.has(host) || host.endsWith('.example.com')) {
    return undefined;
  }
  return host;
}
