import { describe, expect, it } from 'vitest';
import { splitStatements, upSection } from '../../../src/scan/models/sql/split.js';

const texts = (sql: string, dialect: 'postgresql' | 'mysql' | 'sqlite' = 'postgresql') => splitStatements(sql, dialect).map((s) => [s.line, s.text]);

describe('splitStatements', () => {
  it('gives each statement with the line of its first word, comments before it skipped', () => {
    const sql = '-- users\nCREATE TABLE a (id int);\n\n/* second */ CREATE INDEX i ON a (id);\nDROP TABLE b';
    expect(texts(sql)).toEqual([
      [2, 'CREATE TABLE a (id int)'],
      [4, 'CREATE INDEX i ON a (id)'],
      [5, 'DROP TABLE b'],
    ]);
  });

  it('does not split inside strings, quoted names, dollar quotes or nested comments', () => {
    const sql = [
      "INSERT INTO t VALUES ('a;b', 'it''s');",
      'CREATE TABLE "odd;name" (x int);',
      'CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;',
      '/* outer /* inner; */ still comment; */ SELECT 1;',
    ].join('\n');
    expect(texts(sql).map(([line]) => line)).toEqual([1, 2, 3, 4]);
    expect(texts(sql)[2]?.[1]).toContain('RETURN 1; END;');
  });

  it('reads MySQL backslash escapes, backticks and # comments', () => {
    const sql = "# comment;\nINSERT INTO t VALUES ('a\\';b');\nCREATE TABLE `x;y` (id int);";
    expect(texts(sql, 'mysql')).toEqual([
      [2, "INSERT INTO t VALUES ('a\\';b')"],
      [3, 'CREATE TABLE `x;y` (id int)'],
    ]);
  });

  it('keeps a statement with an unterminated string to the end of the file', () => {
    expect(texts("CREATE TABLE a (b text DEFAULT 'x);\nDROP TABLE c;")).toHaveLength(1);
  });

  it('returns nothing for a file of comments', () => {
    expect(texts('-- nothing here\n/* or here */\n')).toEqual([]);
  });
});

describe('upSection', () => {
  it('keeps only the up part of a dbmate file, lines unchanged', () => {
    const text = '-- migrate:up\nCREATE TABLE a (id int);\n\n-- migrate:down\nDROP TABLE a;\n';
    const up = upSection(text);
    expect(up.split('\n')).toHaveLength(text.split('\n').length);
    expect(texts(up)).toEqual([[2, 'CREATE TABLE a (id int)']]);
  });

  it('understands goose and sql-migrate markers', () => {
    expect(texts(upSection('-- +goose Up\nCREATE TABLE a (id int);\n-- +goose Down\nDROP TABLE a;'))).toEqual([[2, 'CREATE TABLE a (id int)']]);
    expect(texts(upSection('-- +migrate Down\nDROP TABLE a;\n-- +migrate Up\nCREATE TABLE a (id int);'))).toEqual([[4, 'CREATE TABLE a (id int)']]);
  });

  it('leaves a file without markers as it is', () => {
    expect(upSection('CREATE TABLE a (id int);')).toBe('CREATE TABLE a (id int);');
  });
});
