/** Small hand-built registries for the docs tests, valid per the registry's zod schemas. */
import { Endpoint, Model, Service, type Registry } from '../../src/registry/schema.js';

export const endpoint = (id: string, extra: Record<string, unknown> = {}): Endpoint => {
  const [method, path] = id.split(' ');
  return Endpoint.parse({ id, method, path, ...extra });
};

export const model = (name: string, extra: Record<string, unknown> = {}): Model => Model.parse({ name, kind: 'prisma', ...extra });

export const service = (name: string, extra: Record<string, unknown> = {}): Service => Service.parse({ name, kind: 'service', ...extra });

/** A shop: products (public reads, authenticated writes), users, orders referencing both, payments via Stripe. */
export function shop(): Registry {
  return {
    endpoints: [
      endpoint('POST /api/products', { auth: 'required', authBy: ['authenticate', "requireRole('admin')"], documented: true, source: { file: 'src/routes/products.ts', line: 20 } }),
      endpoint('GET /api/products', { auth: 'none', documented: true, params: { query: ['limit'] }, source: { file: 'src/routes/products.ts', line: 8 } }),
      endpoint('GET /api/admin/stats', { auth: 'required', authBy: ['authenticate'], documented: false, source: { file: 'src/routes/admin.ts', line: 3 } }),
      endpoint('DELETE /api/products/{id}', { auth: 'required', authBy: ['authenticate'], documented: true, source: { file: 'src/routes/products.ts', line: 30 } }),
    ],
    models: [
      model('User', {
        table: 'users',
        source: { file: 'prisma/schema.prisma', line: 10 },
        fields: [
          { name: 'id', type: 'String @db.Uuid', primaryKey: true, default: 'uuid()' },
          { name: 'email', type: 'String', unique: true },
        ],
        indexes: [{ name: 'users_email_key', fields: ['email'], unique: true }],
      }),
      model('Order', {
        table: 'orders',
        fields: [
          { name: 'id', type: 'Int', primaryKey: true },
          { name: 'userId', type: 'String', references: { model: 'User', field: 'id' } },
          { name: 'note', type: 'String', nullable: true },
        ],
        indexes: [{ fields: ['userId'] }],
      }),
    ],
    services: [
      service('OrderService', { dependsOn: ['PaymentService'], source: { file: 'src/services/order-service.ts', line: 5 } }),
      service('PaymentService', { integrations: ['stripe'] }),
      service('AuthMiddleware', { kind: 'middleware' }),
    ],
  };
}
