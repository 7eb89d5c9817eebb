/** Human-readable task output for the CLI. JSON output is the task object itself. */
import type { Task } from '../tasks/schema.js';
import { table, type Paint } from './io.js';

const STATUS_STYLE = { done: 'green', ready: 'cyan', in_progress: 'yellow', blocked: 'red', cancelled: 'dim' } as const;

export function statusText(task: Task, paint: Paint): string {
  const style = (STATUS_STYLE as Record<string, 'green' | 'cyan' | 'yellow' | 'red' | 'dim'>)[task.status];
  return style ? paint(style, task.status) : task.status;
}

function claimText(task: Task): string {
  if (!task.claim) return '-';
  return `${task.claim.agent} until ${task.claim.leaseUntil.slice(11, 19)}Z`;
}

export function taskTable(tasks: readonly Task[], paint: Paint): string {
  if (tasks.length === 0) return 'No tasks.\n';
  return table(
    ['ID', 'STATUS', 'PRIORITY', 'SKILL', 'CLAIM', 'TITLE'],
    tasks.map((task) => [task.id, statusText(task, paint), task.priority, task.skill, claimText(task), task.title]),
    paint,
  );
}

export function taskSummary(task: Task, paint: Paint): string {
  return `${paint('bold', task.id)}  ${statusText(task, paint)}  ${task.priority}  ${task.skill}\n  ${task.title}\n`;
}

export function taskDetails(task: Task, paint: Paint): string {
  const lines = [
    `${paint('bold', task.id)}  ${statusText(task, paint)}`,
    `  title:        ${task.title}`,
    ...(task.description ? [`  description:  ${task.description}`] : []),
    `  type/skill:   ${task.type} / ${task.skill}`,
    `  priority:     ${task.priority}`,
    `  requirements: ${task.requirements.join(', ') || '-'}`,
    `  targets:      ${task.targets.join(', ') || '-'}`,
    `  depends on:   ${task.dependencies.join(', ') || '-'}`,
    `  claim:        ${task.claim ? `${task.claim.agent} (since ${task.claim.claimedAt}, lease until ${task.claim.leaseUntil})` : '-'}`,
    ...(task.blockedReason ? [`  blocked:      ${task.blockedReason}`] : []),
    `  gates:        ${task.criteria.gates.join(', ') || '-'}`,
    `  attempts:     ${task.attempts}`,
    `  created:      ${task.createdAt}   updated: ${task.updatedAt}`,
  ];
  if (task.progress.length > 0) {
    lines.push('  progress:');
    for (const p of task.progress.slice(-5)) {
      lines.push(`    ${p.at}  ${p.percent !== undefined ? `${p.percent}%  ` : ''}${p.message}${p.by ? `  (${p.by})` : ''}`);
    }
  }
  lines.push('  history:');
  for (const h of task.history) {
    lines.push(`    ${h.at}  ${h.from ?? '(new)'} → ${h.to}  by ${h.by}${h.note ? `  ${paint('dim', h.note)}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
