/**
 * Pure formatting for the views: times, durations, lease countdowns, file:line locations and
 * editor links, and the latency figures of a live report's response-time metric. No DOM here.
 */

/** A timestamp in the reader's locale, e.g. "12 Mar 2026, 14:05". */
export function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso ?? '');
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A timestamp with seconds, for the event feed. */
export function formatClock(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso ?? '');
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "45 s", "12 min", "2 h 5 min", "3 d 4 h": the two largest units. */
export function formatSpan(ms) {
  const seconds = Math.max(0, Math.round(Math.abs(ms) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 && minutes < 10 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** A duration in ms as people read it: "850 ms", "3.2 s", "4 min". */
export function formatDuration(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatSpan(ms);
}

/** What a claim's lease says at `now`: "lease ends in 12 min" or "lease expired 3 min ago". */
export function leaseText(leaseUntil, now = Date.now()) {
  const left = Date.parse(leaseUntil) - now;
  if (Number.isNaN(left)) return { text: 'lease unknown', expired: false };
  return left > 0 ? { text: `lease ends in ${formatSpan(left)}`, expired: false } : { text: `lease expired ${formatSpan(left)} ago`, expired: true };
}

/** `src/routes/a.ts:30` (just the file when there is no line). */
export function locationText(file, line) {
  return line ? `${file}:${line}` : String(file);
}

const isAbsolute = (file) => file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file);

/**
 * A link that opens the file at the line in VS Code (`vscode://file/<absolute path>:<line>`), or
 * undefined when the report does not say where the project is.
 */
export function editorLink(root, file, line) {
  if (!file || (!root && !isAbsolute(file))) return undefined;
  const full = (isAbsolute(file) ? file : `${String(root).replace(/[\\/]+$/, '')}/${file}`).replace(/\\/g, '/');
  // POSIX paths already start with "/"; Windows ones ("C:/…") need it after "file".
  const target = full.startsWith('/') ? full : `/${full}`;
  return `vscode://file${encodeURI(target)}${line ? `:${line}` : ''}`;
}

/**
 * The latency figures of a report's `metrics/api-response-time`: p95 is its value; avg, p50 and
 * p99 come from the measurement's detail ("…: avg 3.1 ms, p50 2 ms, p99 9 ms over 400 requests…")
 * or from `stats` when the report carries them. Empty when the report did not measure latency.
 */
export function latencyFigures(report) {
  const metric = report?.metrics?.find((m) => m.id === 'metrics/api-response-time');
  if (!metric || typeof metric.value !== 'number') return undefined;
  const fromText = (name) => {
    const match = new RegExp(`\\b${name} (\\d+(?:\\.\\d+)?) ?ms\\b`).exec(metric.reason ?? '');
    return match ? Number(match[1]) : undefined;
  };
  const stat = (name) => (typeof metric.stats?.[name] === 'number' ? metric.stats[name] : fromText(name));
  const figures = [
    { label: 'p50', value: stat('p50') },
    { label: 'p95', value: metric.value },
    { label: 'p99', value: stat('p99') },
  ].filter((f) => typeof f.value === 'number');
  const endpoint = /slowest endpoint, ([^:]+):/.exec(metric.reason ?? '')?.[1];
  const requests = /over (\d+) requests/.exec(metric.reason ?? '')?.[1];
  return { figures, threshold: metric.threshold, unit: metric.unit || 'ms', status: metric.status, endpoint, requests: requests ? Number(requests) : undefined, avg: stat('avg') };
}

/** A number with its unit: "12 ms", "85 %", "3". */
export function withUnit(value, unit) {
  if (typeof value !== 'number') return '';
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  return unit ? `${shown} ${unit}` : shown;
}

export const STATUS_NAMES = {
  pending: 'Pending',
  ready: 'Ready',
  in_progress: 'In progress',
  validating: 'Validating',
  blocked: 'Blocked',
  done: 'Done',
  cancelled: 'Cancelled',
};

export const AREA_NAMES = { api: 'API', database: 'Database', security: 'Security', metrics: 'Metrics', tests: 'Tests', contract: 'Contract' };
