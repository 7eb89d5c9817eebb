/**
 * The sinks: calls that must not receive request data in a given argument. SQL runners whose text
 * argument is built from input (`db.query`, `sequelize.query`, `knex.raw`, `$queryRawUnsafe`,
 * `whereRaw`…), Mongo filters (`find(req.body)`, `{ $where }`), and calls that run code, commands
 * or touch files (eval, child_process, require, fs, `res.sendFile`, node-serialize).
 *
 * Generic method names (`query`, `execute`, `exec`, `run`) are SQL sinks only with evidence: SQL
 * text around the spliced value, or a receiver that looks like a database handle; the evidence is
 * judged where the request data is known (see engine.ts), since the text may be built elsewhere.
 */
import type { Node } from 'oxc-parser';
import { memberPath as dottedPath, objectProperty, propertyName, unwrap } from '../../../scan/code/ast.js';
import type { ProjectIndex } from '../../../scan/code/graph.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { calleeOrigin } from './packages.js';
import type { Place, SinkCategory, SinkUse } from './types.js';

/** Which argument is checked, and how: any request data ('value'), or a Mongo filter's shape ('filter'). */
export interface SinkArg {
  index: number;
  /** A field of the argument (`query({ text })`). */
  field?: string;
  mode: 'value' | 'filter';
}

export interface SinkCheck {
  use: SinkUse;
  args: SinkArg[];
}

export interface SinkContext {
  index: ProjectIndex;
  module: ParsedModule;
  usesMongo: boolean;
  place(node: Node): Place;
}

const SQL_STRONG = new Set([
  '$queryRawUnsafe', '$executeRawUnsafe', 'whereRaw', 'orWhereRaw', 'andWhereRaw', 'havingRaw', 'orHavingRaw', 'orderByRaw',
  'groupByRaw', 'joinRaw', 'fromRaw', 'unsafe',
]);
const SQL_GENERIC = new Set([
  'query', 'queryAsync', 'execute', 'executeQuery', 'raw', 'exec', 'prepare', 'run', 'all', 'any', 'one', 'none', 'many',
  'oneOrNone', 'manyOrNone', 'result', 'multi', 'literal',
]);
/** TypeORM query-builder methods taking an SQL condition string. */
const SQL_CONDITIONS = new Set(['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving']);
const SQL_FUNCTIONS = new Set(['query', 'execute', 'exec', 'raw', 'executeQuery']);
/** Prisma's raw query methods called as functions (not as tagged templates). */
const PRISMA_RAW_CALLS = new Set(['$queryRaw', '$executeRaw']);

const MONGO_FILTER_METHODS = new Set([
  'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndRemove', 'findOneAndReplace', 'updateOne', 'updateMany',
  'update', 'deleteOne', 'deleteMany', 'remove', 'countDocuments', 'count', 'exists', 'replaceOne',
]);

/** Receivers that are database handles (`client` is not among them: HTTP and search clients share the name). */
const DB_RECEIVER =
  /^(?:db|database|pool|conn|connection|knex|sequelize|prisma|manager|entityManager|em|queryRunner|dataSource|tx|trx|transaction|sql|pg|mysql|sqlite|postgres|repo|repository)$|(?:Repository|Repo|Db|DB|Database|Pool|Connection|Conn|Manager|Knex|Sequelize|Prisma|QueryRunner|Tx|Trx)$/;
/** Express's response (`res.sendFile`, `res.download`), not a storage client's `download()`. */
const RESPONSE_RECEIVER = /^(?:res|resp|response)$/;
const REGEX_RECEIVER = /(?:^re$|regex|regexp|pattern|matcher|Re$)/i;

const CODE_PACKAGES: Record<string, ReadonlySet<string>> = {
  vm: new Set(['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'Script']),
};
const COMMAND_STRING = new Set(['exec', 'execSync']);
const COMMAND_ARGV = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork']);
const FS_PACKAGES = new Set(['fs', 'fs-extra', 'graceful-fs']);
const FS_ONE_PATH = new Set([
  'readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createReadStream', 'createWriteStream',
  'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'readdir', 'readdirSync', 'stat', 'statSync', 'lstat', 'lstatSync',
  'access', 'accessSync', 'open', 'openSync', 'mkdir', 'mkdirSync', 'readlink', 'readlinkSync', 'chmod', 'chmodSync', 'truncate',
  'truncateSync', 'opendir', 'opendirSync', 'outputFile', 'outputFileSync', 'remove', 'removeSync', 'readJson', 'readJsonSync',
  'writeJson', 'writeJsonSync', 'outputJson', 'emptyDir', 'ensureFile', 'ensureDir', 'existsSync', 'exists',
]);
const FS_TWO_PATHS = new Set(['rename', 'renameSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'symlink', 'symlinkSync', 'link', 'linkSync', 'move', 'moveSync', 'copy', 'copySync']);

/** The name of what a call is made on: `db` in `db.query`, `users` in `this.users.find`, `` for a bare call. */
function receiverName(callee: Node): string {
  const inner = unwrap(callee);
  if (inner.type !== 'MemberExpression') return '';
  const object = unwrap(inner.object);
  if (object.type === 'Identifier') return object.name;
  if (object.type === 'MemberExpression') return propertyName(object.property, object.computed) ?? '';
  if (object.type === 'CallExpression') return receiverName(object.callee);
  return '';
}

const display = (callee: Node, name: string): string => {
  const path = dottedPath(callee);
  return `${path && path.length <= 40 ? path : name}()`;
};

function use(category: SinkCategory, name: string, at: Place, extra: Partial<SinkUse> = {}): SinkUse {
  return { category, name, at, needsSqlEvidence: false, dbReceiver: false, ...extra };
}

/** The sinks a call is, with the arguments each one checks. Most calls are none. */
export function sinksOfCall(call: Node, context: SinkContext): SinkCheck[] {
  if (call.type === 'ImportExpression') return [{ use: use('require', 'import()', context.place(call)), args: [{ index: 0, mode: 'value' }] }];
  if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return [];
  const callee = unwrap(call.callee);
  const method = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
  if (method === undefined) return [];
  const at = context.place(call);
  const args = call.arguments as Node[];
  const checks: SinkCheck[] = [];
  const bare = callee.type === 'Identifier';

  // Code: eval, Function, timers with strings, vm.
  if (bare && (method === 'eval' || method === 'Function')) checks.push({ use: use('code', `${method === 'eval' ? 'eval' : 'new Function'}()`, at), args: args.map((_, index) => ({ index, mode: 'value' as const })) });
  if (bare && (method === 'setTimeout' || method === 'setInterval') && args[0] && !isFunctionNode(args[0])) checks.push({ use: use('code', `${method}() with a string`, at), args: [{ index: 0, mode: 'value' }] });
  if (bare && method === 'require' && args[0] && unwrap(args[0]).type !== 'Literal') checks.push({ use: use('require', 'require()', at), args: [{ index: 0, mode: 'value' }] });
  const origin = needsOrigin(method) ? calleeOrigin(context.index, context.module, callee) : undefined;
  if (origin) checks.push(...packageSinks(origin.pkg, origin.name, args, display(callee, method), at));

  if (call.type === 'NewExpression') return checks;
  if (checks.some((c) => c.use.category === 'command' || c.use.category === 'path')) return checks;

  // Express `res.sendFile(path)` / `res.download(path)` without a `root` option.
  if (!bare && (method === 'sendFile' || method === 'download') && RESPONSE_RECEIVER.test(receiverName(callee)) && !hasRootOption(args[1]) && !hasRootOption(args[2])) {
    checks.push({ use: use('path', display(callee, method), at), args: [{ index: 0, mode: 'value' }] });
  }
  checks.push(...sqlSinks(callee, method, bare, args, at));
  if (context.usesMongo && !bare) checks.push(...mongoSinks(callee, method, at));
  return checks;
}

const NEEDS_ORIGIN = new Set([...COMMAND_STRING, ...COMMAND_ARGV, ...FS_ONE_PATH, ...FS_TWO_PATHS, ...(CODE_PACKAGES.vm ?? []), 'unserialize']);
const needsOrigin = (method: string) => NEEDS_ORIGIN.has(method);

/** Sinks known by the package a callee comes from: vm, node-serialize, child_process, shelljs, fs. */
function packageSinks(pkg: string, name: string, args: Node[], shown: string, at: Place): SinkCheck[] {
  if (CODE_PACKAGES[pkg]?.has(name)) return [{ use: use('code', shown, at), args: [{ index: 0, mode: 'value' }] }];
  if (pkg === 'node-serialize' && name === 'unserialize') return [{ use: use('deserialise', shown, at), args: [{ index: 0, mode: 'value' }] }];
  if ((pkg === 'child_process' && COMMAND_STRING.has(name)) || (pkg === 'shelljs' && name === 'exec')) {
    return [{ use: use('command', shown, at), args: [{ index: 0, mode: 'value' }] }];
  }
  if (pkg === 'child_process' && COMMAND_ARGV.has(name)) {
    const shell = hasShellOption(args[1]) || hasShellOption(args[2]);
    const checked: SinkArg[] = [{ index: 0, mode: 'value' }];
    if (shell && args[1] && unwrap(args[1]).type !== 'ObjectExpression') checked.push({ index: 1, mode: 'value' });
    return [{ use: use('command', shell ? `${shown} with shell: true` : shown, at), args: checked }];
  }
  if (FS_PACKAGES.has(pkg) && (FS_ONE_PATH.has(name) || FS_TWO_PATHS.has(name))) {
    const checked: SinkArg[] = [{ index: 0, mode: 'value' }];
    if (FS_TWO_PATHS.has(name)) checked.push({ index: 1, mode: 'value' });
    return [{ use: use('path', shown, at), args: checked }];
  }
  return [];
}

function sqlSinks(callee: Node, method: string, bare: boolean, args: Node[], at: Place): SinkCheck[] {
  if (!args[0]) return [];
  const receiver = receiverName(callee);
  const dbReceiver = DB_RECEIVER.test(receiver);
  const shown = display(callee, method);
  const text = (extra: Partial<SinkUse>): SinkCheck => ({ use: use('sql', shown, at, { dbReceiver, ...extra }), args: textArgs(args[0] as Node) });
  if (!bare && (SQL_STRONG.has(method) || PRISMA_RAW_CALLS.has(method))) return [text({})];
  if (!bare && method === 'literal' && /^sequelize$/i.test(receiver)) return [text({})];
  if (bare ? SQL_FUNCTIONS.has(method) : SQL_GENERIC.has(method)) {
    if (method === 'exec' && (REGEX_RECEIVER.test(receiver) || isRegexObject(callee))) return [];
    return [text({ needsSqlEvidence: true })];
  }
  if (!bare && SQL_CONDITIONS.has(method)) return [text({ needsSqlEvidence: true, dbReceiver: false, detail: 'condition' })];
  return [];
}

/** `query(text, …)` or `query({ text, values })`. */
function textArgs(first: Node): SinkArg[] {
  const inner = unwrap(first);
  if (inner.type === 'ObjectExpression') {
    const key = ['text', 'sql', 'query'].find((k) => objectProperty(inner, k));
    return key ? [{ index: 0, field: key, mode: 'value' }] : [];
  }
  return [{ index: 0, mode: 'value' }];
}

function mongoSinks(callee: Node, method: string, at: Place): SinkCheck[] {
  const shown = display(callee, method);
  if (method === '$where') return [{ use: use('nosql', shown, at, { detail: '$where' }), args: [{ index: 0, mode: 'value' }] }];
  if (MONGO_FILTER_METHODS.has(method)) return [{ use: use('nosql', shown, at), args: [{ index: 0, mode: 'filter' }] }];
  if (method === 'distinct') return [{ use: use('nosql', shown, at), args: [{ index: 1, mode: 'filter' }] }];
  return [];
}

const isFunctionNode = (node: Node) => {
  const inner = unwrap(node);
  return inner.type === 'ArrowFunctionExpression' || inner.type === 'FunctionExpression';
};

const isRegexObject = (callee: Node): boolean => {
  const inner = unwrap(callee);
  if (inner.type !== 'MemberExpression') return false;
  const object = unwrap(inner.object);
  return (object.type === 'Literal' && 'regex' in object && !!object.regex) || (object.type === 'NewExpression' && unwrap(object.callee).type === 'Identifier' && (unwrap(object.callee) as { name: string }).name === 'RegExp');
};

function hasShellOption(node: Node | undefined): boolean {
  const inner = node && unwrap(node);
  const shell = inner?.type === 'ObjectExpression' ? objectProperty(inner, 'shell') : undefined;
  if (!shell) return false;
  const value = unwrap(shell);
  return !(value.type === 'Literal' && value.value === false);
}

function hasRootOption(node: Node | undefined): boolean {
  const inner = node && unwrap(node);
  return inner?.type === 'ObjectExpression' && objectProperty(inner, 'root') !== undefined;
}

/** Whether the constant text around a splice reads as SQL. */
export function looksLikeSql(text: string): boolean {
  return (
    /\b(?:select|insert\s+into|update|delete\s+from|from|where|values|join|order\s+by|group\s+by|having|limit|offset|union|returning|set)\b/i.test(text) ||
    /(?:=|<>|!=|<|>|\blike|\bilike|\bin)\s*\(?\s*'%?\?/i.test(text)
  );
}
