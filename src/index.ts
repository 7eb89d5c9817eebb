/** The library API: the same core the CLI uses, for servers, tests and other tools. */
export { BoError, EXIT, ERROR_CODES, type ErrorCode } from './core/errors.js';
export { Config, defaultConfig, DEFAULT_THRESHOLDS } from './config/schema.js';
export { loadConfig, findProjectRoot } from './config/load.js';
export { Task, TaskInput, TASK_STATUSES, PRIORITIES, TASK_ID_PATTERN, type TaskStatus, type Priority } from './tasks/schema.js';
export { TaskEngine, type TaskFilter } from './tasks/engine.js';
export { Endpoint, Model, Service, type Registry } from './registry/schema.js';
export { BUILTIN_SKILLS, type Skill } from './skills/builtin.js';
export { routeTask } from './skills/route.js';
export { FileStore } from './store/file/file-store.js';
export type { Store, StateProblem } from './store/types.js';
export { verifyWebhook, signWebhook, resolveSecret, type VerifyResult, type WebhookHeaders } from './events/webhooks/signature.js';
export { WebhookDispatcher } from './events/webhooks/dispatcher.js';
export { FileDeliveryStore, type DeliveryStore } from './events/webhooks/deliveries.js';
export { FileEventLog } from './store/file/event-log.js';
export { parseIncoming } from './events/intake.js';
export { CloudEvent, type StoredEvent, type EventLog } from './events/types.js';
export { main } from './cli/main.js';
