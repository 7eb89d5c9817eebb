import { describe, expect, it } from 'vitest';
import { isSerialType, normalizeSqlType } from '../../../src/scan/models/sql-types.js';

describe('normalizeSqlType', () => {
  it.each([
    ['INTEGER', 'integer'],
    ['int4', 'integer'],
    ['serial', 'integer'],
    ['INT(11)', 'integer'],
    ['int8', 'bigint'],
    ['bigserial', 'bigint'],
    ['BIGINT UNSIGNED', 'bigint unsigned'],
    ['int2', 'smallint'],
    ['bool', 'boolean'],
    ['character varying(20)', 'varchar(20)'],
    ['VARCHAR(191)', 'varchar(191)'],
    ['CHAR(3)', 'char(3)'],
    ['NUMERIC(10, 2)', 'numeric(10,2)'],
    ['decimal(65,30)', 'numeric(65,30)'],
    ['double precision', 'double precision'],
    ['float8', 'double precision'],
    ['float4', 'real'],
    ['TIMESTAMPTZ(3)', 'timestamptz(3)'],
    ['timestamp(3) with time zone', 'timestamptz(3)'],
    ['TIMESTAMP WITHOUT TIME ZONE', 'timestamp'],
    ['time with time zone', 'timetz'],
    ['TEXT[]', 'text[]'],
    ['varchar(10)[]', 'varchar(10)[]'],
    ['integer[][]', 'integer[][]'],
    ['uuid', 'uuid'],
    ['"user_role"', 'user_role'],
    ['"UserRole"', 'UserRole'],
  ])('%s is %s', (raw, normal) => {
    expect(normalizeSqlType(raw)).toBe(normal);
  });

  it('knows which types take their default from a sequence', () => {
    expect(['serial', 'BIGSERIAL', 'smallserial'].map(isSerialType)).toEqual([true, true, true]);
    expect(['integer', 'serial_number'].map(isSerialType)).toEqual([false, false]);
  });
});
