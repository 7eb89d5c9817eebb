/**
 * The webhook subscriptions of the config (`events.webhooks`) made ready to deliver: each has an
 * id (default: its URL), a URL that parses, and its secret resolved to key bytes.
 */
import type { Config } from '../../config/schema.js';
import { BoError } from '../../core/errors.js';
import { resolveSecret } from './signature.js';

export interface WebhookTarget {
  id: string;
  url: string;
  /** Type patterns (`*`, `backend.task.*`, exact); none: every type. */
  types?: readonly string[];
  /** The key bytes, or a `whsec_…` secret. */
  secret: string | Uint8Array;
}

type ConfiguredWebhook = NonNullable<NonNullable<Config['events']>['webhooks']>[number];

export function subscriptionsFromConfig(webhooks: readonly ConfiguredWebhook[] | undefined, env: Record<string, string | undefined>): WebhookTarget[] {
  const seen = new Set<string>();
  return (webhooks ?? []).map((webhook, index) => {
    const id = webhook.id ?? webhook.url;
    const where = `events.webhooks[${index}] (${id})`;
    if (seen.has(id)) throw new BoError('BO_ERR_CONFIG_INVALID', `${where}: another subscription has the same id; give each an "id"`);
    seen.add(id);
    let url: URL;
    try {
      url = new URL(webhook.url);
    } catch {
      throw new BoError('BO_ERR_CONFIG_INVALID', `${where}: url "${webhook.url}" is not an absolute URL (e.g. https://example.com/hooks/backend)`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new BoError('BO_ERR_CONFIG_INVALID', `${where}: url "${webhook.url}" must be http:// or https://`);
    }
    let secret: Buffer;
    try {
      secret = resolveSecret(webhook.secret, env);
    } catch (error) {
      throw new BoError('BO_ERR_CONFIG_INVALID', `${where}: ${(error as Error).message}`);
    }
    return { id, url: webhook.url, ...(webhook.types ? { types: webhook.types } : {}), secret };
  });
}
