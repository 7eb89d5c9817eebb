/**
 * MCP resources: the registry files (`bo://registry/endpoints|models|services`, JSON as stored)
 * and each task (`bo://tasks/{id}`, the whole task as JSON, for clients that attach state to a
 * conversation rather than call tools).
 */
import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { isBoError } from '../core/errors.js';
import { REGISTRY_KINDS } from '../registry/schema.js';
import type { ServerDeps } from './tool.js';

const JSON_TYPE = 'application/json';

const DESCRIPTIONS = {
  endpoints: 'The endpoints the scan found: method, path, auth, parameters, validation, responses, source.',
  models: 'The data models: fields, keys, references, indexes, source.',
  services: 'Services, repositories, jobs, integrations and middleware, with their dependencies.',
} as const;

export function registerResources(server: McpServer, { orchestrator }: ServerDeps): void {
  for (const kind of REGISTRY_KINDS) {
    server.registerResource(kind, `bo://registry/${kind}`, { title: `Registry: ${kind}`, description: DESCRIPTIONS[kind], mimeType: JSON_TYPE }, async (uri) => {
      const { registry } = await orchestrator.store.readRegistry();
      return { contents: [{ uri: uri.href, mimeType: JSON_TYPE, text: JSON.stringify({ [kind]: registry[kind] }) }] };
    });
  }

  const tasks = new ResourceTemplate('bo://tasks/{id}', {
    list: async () => {
      const { tasks: open } = await orchestrator.engine.list();
      return { resources: open.map((task) => ({ uri: `bo://tasks/${task.id}`, name: task.id, title: task.title, mimeType: JSON_TYPE })) };
    },
  });
  server.registerResource('task', tasks, { title: 'Task', description: 'One task with its history, progress, claim and last result.', mimeType: JSON_TYPE }, async (uri, { id }) => {
    const taskId = Array.isArray(id) ? id[0] : id;
    try {
      const task = await orchestrator.engine.show(String(taskId));
      return { contents: [{ uri: uri.href, mimeType: JSON_TYPE, text: JSON.stringify(task) }] };
    } catch (error) {
      // Resource reads answer with protocol errors; the message says what to do, as tool errors do.
      if (isBoError(error)) throw new McpError(ErrorCode.InvalidParams, `${error.message}: list_tasks (or resources/list) shows the tasks`);
      throw error;
    }
  });
}
