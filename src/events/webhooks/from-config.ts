/**
 * The project's webhook dispatcher as the config describes it (`events.webhooks`, `events.retry`):
 * one way to build it for every caller (bo events deliver, the short pass after bo submit).
 */
import type { Config } from '../../config/schema.js';
import type { EventLog } from '../types.js';
import { retryPolicyFromConfig } from './backoff.js';
import type { DeliveryStore } from './deliveries.js';
import { WebhookDispatcher, type DispatcherOptions } from './dispatcher.js';
import { subscriptionsFromConfig } from './subscriptions.js';

export interface ProjectDispatcherOptions {
  log: EventLog;
  store: DeliveryStore;
  config: Config;
  env: Record<string, string | undefined>;
  /** Only these subscriptions (ids); default: every configured one. */
  only?: readonly string[];
  timeoutMs?: number;
  onAttempt?: DispatcherOptions['onAttempt'];
}

/** Undefined when no subscription is configured (or none of `only`). */
export function dispatcherFromConfig(options: ProjectDispatcherOptions): WebhookDispatcher | undefined {
  const { config, only } = options;
  const subscriptions = subscriptionsFromConfig(config.events?.webhooks, options.env).filter((subscription) => !only || only.includes(subscription.id));
  if (subscriptions.length === 0) return undefined;
  return new WebhookDispatcher({
    log: options.log,
    store: options.store,
    subscriptions,
    retry: retryPolicyFromConfig(config.events?.retry),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onAttempt ? { onAttempt: options.onAttempt } : {}),
  });
}
