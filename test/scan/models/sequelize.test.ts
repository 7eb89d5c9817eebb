import { describe, expect, it } from 'vitest';
import { extractSequelize, pluralize } from '../../../src/scan/models/sequelize.js';
import { field, loadFixture, uncoveredForeignKeys } from './helpers.js';

const timestamps = [field('createdAt', 'timestamptz'), field('updatedAt', 'timestamptz')];

describe('Sequelize models', () => {
  const result = extractSequelize(loadFixture('sequelize', ['**/*.{js,ts}']));

  it('reads define and init models with what Sequelize adds itself, and associations', () => {
    expect(result.problems).toEqual([]);
    expect(result.models).toEqual([
      {
        name: 'Coupon',
        kind: 'sequelize',
        table: 'Coupons',
        fields: [
          field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }),
          field('code', 'varchar(32)', { nullable: true }),
          field('scope', 'varchar(32)', { nullable: true }),
          field('percentOff', 'integer', { nullable: true }),
          ...timestamps,
        ],
        indexes: [{ name: 'coupons_code_scope', fields: ['code', 'scope'], unique: true }],
        source: { file: 'models/coupon.js', line: 4 },
      },
      {
        name: 'Order',
        kind: 'sequelize',
        table: 'Orders',
        fields: [
          field('id', 'uuid', { primaryKey: true, default: 'uuid()' }),
          field('status', 'varchar(16)', { default: "'pending'" }),
          field('placedAt', 'timestamptz', { default: 'now()' }),
          ...timestamps,
          field('deletedAt', 'timestamptz', { nullable: true }),
          field('userId', 'integer', { nullable: true, references: { model: 'User', field: 'id' } }),
          field('CouponId', 'integer', { nullable: true, references: { model: 'Coupon', field: 'id' } }),
        ],
        indexes: [{ name: 'orders_status_placed_at', fields: ['status', 'placedAt'], unique: false }],
        source: { file: 'models/order.js', line: 11 },
      },
      {
        name: 'User',
        kind: 'sequelize',
        table: 'users',
        fields: [
          field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }),
          field('email', 'varchar(320)', { unique: true }),
          field('firstName', 'varchar(255)', { nullable: true }),
          field('role', 'enum_users_role', { default: "'member'" }),
          field('balance', 'numeric(12,2)', { default: '0' }),
          ...timestamps,
        ],
        indexes: [{ name: 'users_email_key', fields: ['email'], unique: true }],
        source: { file: 'models/user.js', line: 5 },
      },
      {
        name: 'Shipment',
        kind: 'sequelize',
        table: 'shipments',
        fields: [
          field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }),
          field('orderId', 'uuid', { references: { model: 'Order', field: 'id' } }),
          field('carrier', 'varchar(40)'),
          field('tracking', 'varchar(255)[]', { nullable: true }),
        ],
        indexes: [{ name: 'shipments_carrier_order_key', fields: ['carrier', 'orderId'], unique: true }],
        source: { file: 'src/models/shipment.ts', line: 10 },
      },
    ]);
  });

  it('gives columns for underscored models and explicit fields', () => {
    const [, , user, shipment] = result.models;
    expect(Object.fromEntries(result.columns.get(user!) ?? [])).toEqual({ firstName: 'first_name', createdAt: 'created_at', updatedAt: 'updated_at' });
    expect(Object.fromEntries(result.columns.get(shipment!) ?? [])).toEqual({ orderId: 'order_id' });
  });

  it('shows the association columns nothing indexes', () => {
    expect(result.models.flatMap((m) => uncoveredForeignKeys(m).map((f) => `${m.name}.${f}`))).toEqual(['Order.userId', 'Order.CouponId', 'Shipment.orderId']);
  });

  it('pluralises model names as Sequelize does for ordinary English', () => {
    expect(['User', 'Category', 'Address', 'Box', 'Day'].map(pluralize)).toEqual(['Users', 'Categories', 'Addresses', 'Boxes', 'Days']);
  });
});
