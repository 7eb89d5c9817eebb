/**
 * The executor's attempts at a task (`bo run`: GET /v1/tasks/{id}/logs) as a table, each with a
 * button that loads and shows that attempt's output (GET /v1/tasks/{id}/logs/{attempt}) on demand.
 */
import { enc, get } from '../api.js';
import { emptyNote, h, statusBadge, table, uniqueId } from '../dom.js';
import { formatDuration, formatTime } from '../format.js';

function logButton(taskId, attempt) {
  const id = uniqueId('log');
  const output = h('pre', { id, class: 'log', hidden: true, tabindex: '0', 'aria-label': `Log of attempt ${attempt.attempt}` });
  const button = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false', 'aria-controls': id }, `Show log ${attempt.attempt}`);
  button.addEventListener('click', async () => {
    const open = button.getAttribute('aria-expanded') === 'true';
    if (open) {
      output.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      button.textContent = `Show log ${attempt.attempt}`;
      return;
    }
    output.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    button.textContent = `Hide log ${attempt.attempt}`;
    output.textContent = 'Loading…';
    try {
      output.textContent = (await get(`/v1/tasks/${enc(taskId)}/logs/${attempt.attempt}`, { as: 'text' })) || '(empty)';
    } catch (error) {
      output.textContent = `Could not read the log: ${error.message}`;
    }
  });
  return { button, output };
}

/** The section's content; `section(title, ...children)` makes the panel. */
export function logsSection(taskId, index, section) {
  const attempts = index?.attempts ?? [];
  if (attempts.length === 0) return section('Executor logs', emptyNote('No executor ran this task (bo run writes a log per attempt).'));
  const logs = attempts.map((a) => logButton(taskId, a));
  return section(
    'Executor logs',
    table({
      caption: 'Attempts of the command executor',
      columns: ['Attempt', 'Agent', 'Program', 'Started', 'Took', 'Outcome', 'Exit', 'Submit', 'Log'],
      rows: attempts.map((a, i) => [
        String(a.attempt),
        a.agent,
        h('code', {}, a.program),
        formatTime(a.startedAt),
        formatDuration(a.durationMs),
        h('span', { class: `outcome outcome-${a.outcome}` }, a.outcome),
        a.signal ? a.signal : a.exitCode ?? '',
        a.submit ? h('span', {}, statusBadge(a.submit.verdict), a.submit.failures ? ` ${a.submit.failures} failures` : '') : '',
        logs[i].button,
      ]),
      rowAttributes: (i) => ({ 'data-attempt': String(attempts[i].attempt) }),
    }),
    logs.map((log) => log.output),
  );
}
