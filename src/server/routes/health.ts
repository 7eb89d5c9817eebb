/** `/v1/health`: up or not, without a token (for probes and load balancers); says nothing private. */
import type { FastifyInstance } from 'fastify';
import { packageVersion } from '../../cli/version.js';
import { responses } from '../schemas.js';
import type { RouteDeps } from './deps.js';

export function healthRoutes({ orchestrator }: RouteDeps) {
  const answer = { status: 'ok', version: packageVersion(), store: orchestrator.store.kind };
  return async function health(app: FastifyInstance): Promise<void> {
    app.get(
      '/health',
      {
        config: { public: true },
        schema: {
          summary: 'Health',
          description: 'Answers 200 while the server runs; no token needed.',
          tags: ['meta'],
          response: responses(
            {
              200: {
                type: 'object',
                required: ['status', 'version', 'store'],
                properties: { status: { type: 'string', enum: ['ok'] }, version: { type: 'string' }, store: { type: 'string' } },
              },
            },
            [],
            { public: true },
          ),
        },
      },
      async () => answer,
    );
  };
}
