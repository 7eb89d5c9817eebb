/**
 * Reads one function and follows tainted values through it: declarations, assignments,
 * destructuring, object and array literals, branches and loops (loop bodies are read twice so a
 * value assigned late in one turn reaches the next). Strings are in strings.ts, calls in
 * calls.ts, conditions in conditions.ts, sinks in hits.ts. Functions written inside are read in
 * place (closures see the variables around them). The result is the function's summary (see
 * types.ts); request data that reaches a sink is reported as found.
 */
import type { Node } from 'oxc-parser';
import { forEachChild, propertyName, unwrap, type FunctionLike } from '../../../scan/code/ast.js';
import type { ProjectIndex } from '../../../scan/code/graph.js';
import { functionScope, type Scope } from '../../../scan/code/scope.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { calleesOf, evaluateCall, evaluateNew } from './calls.js';
import type { CalleeContext } from './callees.js';
import { applyAllowlists, applyChecks, conditional, isProven, noteRelative } from './conditions.js';
import { assignField, assignName, bindPattern, declare, lookup, newFrame, type Frame } from './frames.js';
import { HitRecorder } from './hits.js';
import { checkedBits, forgetChecked, noteGuard, type GuardReader, type GuardScope } from './regex-guards.js';
import { bindParams, type HandlerInfo, type ParamBinding } from './params.js';
import { sinksOfCall, type SinkContext } from './sinks.js';
import { appended, concatenation, tagged, template } from './strings.js';
import type { FunctionRef, ModuleFramework, Origin, Place, Summary, TaintFinding, Value } from './types.js';
import { CLEAN, clear, flatten, fromTaint, isTainted, join, joinTaint, keysOf, member, stringify, toFlow } from './values.js';

/** What the engine gives every function reading. */
export interface EngineContext {
  index: ProjectIndex;
  usesMongo: boolean;
  summaryOf(ref: FunctionRef): Summary;
  callees: Omit<CalleeContext, 'module' | 'isLocal'>;
  handlerOf(fn: FunctionLike): HandlerInfo | undefined;
  /** What the module's imports say about its framework (see types.ts). */
  frameworkOf(module: ParsedModule): ModuleFramework;
  report(finding: TaintFinding): void;
}

/** Beyond these, a file is not something the analysis can read (generated code, pathological nesting). */
const MAX_NESTING = 400;
const MAX_STEPS = 250_000;
const MAX_INLINE = 4;
/** Closures called from many places are read at each call; past this many, calls to them give nothing. */
const MAX_INLINED_CALLS = 200;

type Loop = Extract<Node, { type: 'ForStatement' | 'WhileStatement' | 'DoWhileStatement' | 'ForInStatement' | 'ForOfStatement' }>;

export class Evaluator {
  readonly module: ParsedModule;
  readonly sinks: SinkContext;
  readonly hits: HitRecorder;
  /** Functions defined while reading, with the frame they were defined in (for calls to closures). */
  readonly definedIn = new Map<FunctionLike, Frame>();
  /** The value of each object-literal property read (Mongo filters are judged by their shape). */
  readonly propertyValues = new WeakMap<Node, Value>();
  /** What regex guards need to read a statement (see regex-guards.ts). */
  private readonly guards: GuardReader;
  private readonly inlining = new Set<FunctionLike>();
  private inlined = 0;
  private nesting = 0;
  private steps = 0;

  constructor(
    readonly engine: EngineContext,
    private readonly ref: FunctionRef,
  ) {
    this.module = ref.module;
    this.sinks = { index: engine.index, module: ref.module, usesMongo: engine.usesMongo, place: (node) => this.place(node) };
    this.hits = new HitRecorder(this);
    this.guards = { index: engine.index, callees: engine.callees, text: (node) => this.text(node), calleesOf: (call, frame) => calleesOf(this, call, frame) };
  }

  /** Reads the function with its parameters standing for themselves: its summary. */
  run(): Summary {
    const frame = this.enterFunction(this.ref.node, undefined, { kind: 'symbolic' }, this.ref.parentScope);
    const summary: Summary = { sinks: this.hits.paramSinks, returns: [], returnsSources: [] };
    for (const origin of flatten(join(...(frame.returns ?? [])))) {
      const flow = toFlow(origin);
      if (flow) summary.returns.push(flow);
      else if (origin.root.kind === 'source') summary.returnsSources.push(origin);
    }
    return summary;
  }

  place(node: Node): Place {
    const { line, column } = this.module.lines.position(node.start);
    return { file: this.module.file.path, line, column };
  }

  /** A node's source text, on one line and shortened (for messages and for comparing expressions). */
  text(node: Node): string {
    const raw = this.module.file.text.slice(node.start, Math.min(node.end, node.start + 60)).replace(/\s+/g, ' ');
    return node.end - node.start > 60 ? `${raw}…` : raw;
  }

  /** Reads a function's body in a new frame; the frame (with what it returned) is the result. */
  enterFunction(fn: FunctionLike, parent: Frame | undefined, binding: ParamBinding, parentScope?: () => Scope): Frame {
    const scope = parentScope ?? (() => (parent ? parent.scope() : this.ref.parentScope()));
    const frame = newFrame(fn, parent, () => functionScope(fn, scope()), true);
    const handler = binding.kind === 'bound' ? undefined : this.engine.handlerOf(fn);
    bindParams(fn, frame, binding, { index: this.engine.index, module: this.module, handler, framework: this.engine.frameworkOf(this.module), place: (n) => this.place(n) });
    const body = fn.body as Node | null;
    if (!body) return frame;
    if (body.type === 'BlockStatement') {
      this.hoist(body, frame);
      this.statements(body.body as Node[], frame);
    } else {
      frame.returns?.push(this.visit(body, frame));
    }
    return frame;
  }

  /** Calls a function defined in the code being read, with the caller's argument values. */
  inline(fn: FunctionLike, args: Value[]): Value | undefined {
    const home = this.definedIn.get(fn);
    if (!home || this.inlining.has(fn) || this.inlining.size >= MAX_INLINE || this.inlined >= MAX_INLINED_CALLS) return undefined;
    this.inlined++;
    this.inlining.add(fn);
    try {
      const frame = this.enterFunction(fn, home, { kind: 'bound', values: args });
      return join(...(frame.returns ?? []));
    } finally {
      this.inlining.delete(fn);
    }
  }

  /** A callback given to a method of a tainted receiver (`rows.map((r) => …)`): its parameters get the elements. */
  callback(fn: FunctionLike, frame: Frame, params: Value[]): Value {
    this.definedIn.set(fn, frame);
    const inner = this.enterFunction(fn, frame, { kind: 'bound', values: params });
    return join(...(inner.returns ?? []));
  }

  /** Any node: statements give CLEAN, expressions their value. */
  visit(node: Node, frame: Frame): Value {
    if (++this.steps > MAX_STEPS) throw new Error(`taint analysis gave up on ${this.module.file.path}: more than ${MAX_STEPS} steps in one function`);
    if (++this.nesting > MAX_NESTING) throw new Error(`taint analysis gave up on ${this.module.file.path}: code nested more than ${MAX_NESTING} levels deep`);
    try {
      return this.dispatch(node, frame);
    } finally {
      this.nesting--;
    }
  }

  private dispatch(node: Node, frame: Frame): Value {
    switch (node.type) {
      case 'Literal':
      case 'ThisExpression':
      case 'Super':
      case 'UpdateExpression':
      case 'ImportDeclaration':
      case 'TSTypeAliasDeclaration':
      case 'TSInterfaceDeclaration':
        return CLEAN;
      case 'Identifier':
        return lookup(frame, node.name) ?? CLEAN;
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'ChainExpression':
        return this.visit(node.expression, frame);
      case 'AwaitExpression':
      case 'SpreadElement':
        return this.visit(node.argument, frame);
      case 'VariableDeclaration':
        for (const declarator of node.declarations) this.declarator(declarator, frame);
        return CLEAN;
      case 'ReturnStatement':
        frame.returns?.push(node.argument ? this.visit(node.argument, frame) : CLEAN);
        return CLEAN;
      case 'IfStatement':
        this.visit(node.test, frame);
        applyChecks(node.test, frame);
        applyAllowlists(this, node, frame);
        return this.branch(frame, () => {
          this.visit(node.consequent, frame);
          if (node.alternate) this.visit(node.alternate, frame);
        });
      case 'ForStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        return this.loop(node, frame);
      case 'SwitchStatement':
        this.visit(node.discriminant, frame);
        return this.branch(frame, () => {
          for (const item of node.cases) {
            if (item.test) this.visit(item.test, frame);
            for (const statement of item.consequent) this.visit(statement, frame);
          }
        });
      case 'TryStatement':
        this.visit(node.block, frame);
        return this.branch(frame, () => {
          if (node.handler) this.visit(node.handler.body, frame);
          if (node.finalizer) this.visit(node.finalizer, frame);
        });
      case 'BlockStatement':
        this.hoist(node, frame);
        this.statements(node.body, frame);
        return CLEAN;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.defineFunction(node, frame);
      case 'ClassDeclaration':
      case 'ClassExpression':
        return this.defineClass(node, frame);
      case 'TemplateLiteral':
        return template(this, node, frame);
      case 'TaggedTemplateExpression':
        return tagged(this, node, frame);
      case 'BinaryExpression':
        if (node.operator === '+') return concatenation(this, node, frame);
        this.visit(node.left, frame);
        this.visit(node.right, frame);
        return CLEAN;
      case 'LogicalExpression': {
        const left = this.visit(node.left, frame);
        applyChecks(node.left, frame);
        const right = this.visit(node.right, frame);
        return node.operator === '&&' ? right : join(left, right);
      }
      case 'ConditionalExpression':
        return conditional(this, node, frame);
      case 'UnaryExpression':
        this.visit(node.argument, frame);
        return CLEAN;
      case 'SequenceExpression': {
        let last = CLEAN;
        for (const expression of node.expressions) last = this.visit(expression, frame);
        return last;
      }
      case 'AssignmentExpression':
        return this.assignment(node, frame);
      case 'MemberExpression': {
        const object = this.visit(node.object, frame);
        if (node.computed) this.visit(node.property, frame);
        if (object.taint.length && isProven(this, frame, node)) return CLEAN;
        const value = member(object, propertyName(node.property, node.computed), this.place(node));
        const checked = isTainted(value) ? checkedBits(frame, () => this.text(node)) : 0;
        return checked ? clear(stringify(value), checked) : value;
      }
      case 'ObjectExpression':
        return this.object(node, frame);
      case 'ArrayExpression': {
        const parts: (readonly Origin[])[] = [];
        for (const element of node.elements) if (element) parts.push(flatten(this.visit(element as Node, frame)));
        return fromTaint(joinTaint(...parts));
      }
      case 'CallExpression':
        return evaluateCall(this, node, frame);
      case 'NewExpression':
        return evaluateNew(this, node, frame);
      case 'ImportExpression': {
        const source = this.visit(node.source, frame);
        for (const check of sinksOfCall(node, this.sinks)) this.hits.check(check, [source], [node.source]);
        return CLEAN;
      }
      default:
        forEachChild(node, (child) => {
          this.visit(child, frame);
        });
        return CLEAN;
    }
  }

  /** A list of statements (a block, a function body): a regex guard among them holds until its end. */
  private statements(list: readonly Node[], frame: Frame): void {
    const undo: GuardScope = [];
    try {
      for (const statement of list) {
        this.visit(statement, frame);
        noteGuard(this.guards, statement, frame, undo);
      }
    } finally {
      for (const step of undo.reverse()) step();
    }
  }

  private branch(frame: Frame, read: () => void): Value {
    frame.branch++;
    try {
      read();
    } finally {
      frame.branch--;
    }
    return CLEAN;
  }

  /** Function declarations are callable before the line that declares them. */
  private hoist(block: Node, frame: Frame): void {
    if (block.type !== 'BlockStatement') return;
    for (const statement of block.body) {
      if (statement.type === 'FunctionDeclaration' && statement.id) {
        frame.vars.set(statement.id.name, { taint: [], fn: statement });
        this.definedIn.set(statement, frame);
      }
    }
  }

  private declarator(declarator: Extract<Node, { type: 'VariableDeclarator' }>, frame: Frame): void {
    const init = declarator.init as Node | null;
    const value = init ? this.visit(init, frame) : CLEAN;
    bindPattern(frame, declarator.id, value, (n) => this.place(n));
    if (declarator.id.type === 'Identifier' && init) noteRelative(declarator.id.name, init, frame);
  }

  private loop(node: Loop, frame: Frame): Value {
    return this.branch(frame, () => {
      if (node.type === 'ForStatement' && node.init) this.visit(node.init, frame);
      let element: Value | undefined;
      if (node.type === 'ForInStatement' || node.type === 'ForOfStatement') {
        const collection = this.visit(node.right, frame);
        element = node.type === 'ForInStatement' ? keysOf(collection) : member(collection, undefined, this.place(node.right));
      }
      for (let turn = 0; turn < 2; turn++) {
        if ((node.type === 'ForInStatement' || node.type === 'ForOfStatement') && element) this.bindLoopVariable(node, element, frame);
        if ((node.type === 'ForStatement' || node.type === 'WhileStatement' || node.type === 'DoWhileStatement') && node.test) this.visit(node.test, frame);
        this.visit(node.body, frame);
        if (node.type === 'ForStatement' && node.update) this.visit(node.update, frame);
      }
    });
  }

  private bindLoopVariable(node: Extract<Node, { type: 'ForInStatement' | 'ForOfStatement' }>, element: Value, frame: Frame): void {
    const declared = node.left.type === 'VariableDeclaration';
    const left = node.left.type === 'VariableDeclaration' ? node.left.declarations[0]?.id : node.left;
    if (!left) return;
    bindPattern(frame, left as Node, element, (n) => this.place(n), (name, value) => (declared ? declare(frame, name, value) : assignName(frame, name, value)));
  }

  /** A function written here: read in place with its own parameters clean (or request parameters). */
  private defineFunction(fn: FunctionLike, frame: Frame): Value {
    this.definedIn.set(fn, frame);
    if (fn.type === 'FunctionDeclaration' && fn.id) frame.vars.set(fn.id.name, { taint: [], fn });
    this.enterFunction(fn, frame, { kind: 'clean' });
    return { taint: [], fn };
  }

  /** Methods of a class written inside a function are read in place, like any nested function. */
  private defineClass(node: Extract<Node, { type: 'ClassDeclaration' | 'ClassExpression' }>, frame: Frame): Value {
    for (const element of node.body.body) {
      const value = element.type === 'MethodDefinition' || element.type === 'PropertyDefinition' ? (element.value as Node | null) : null;
      if (value && (value.type === 'FunctionExpression' || value.type === 'ArrowFunctionExpression')) this.defineFunction(value, frame);
    }
    return CLEAN;
  }

  /** Fields by key (a Mongo filter is judged field by field); spreads and computed keys taint the whole. */
  private object(node: Extract<Node, { type: 'ObjectExpression' }>, frame: Frame): Value {
    const fields = new Map<string, readonly Origin[]>();
    let whole: readonly Origin[] = [];
    for (const property of node.properties) {
      if (property.type === 'SpreadElement') {
        const spread = this.visit(property.argument, frame);
        this.propertyValues.set(property.argument, spread);
        whole = joinTaint(whole, spread.taint);
        for (const [key, taint] of spread.fields ?? []) fields.set(key, joinTaint(fields.get(key), taint));
        continue;
      }
      if (property.computed) this.visit(property.key, frame);
      const value = this.visit(property.value as Node, frame);
      this.propertyValues.set(property.value as Node, value);
      const key = propertyName(property.key, property.computed);
      if (key === undefined) whole = joinTaint(whole, flatten(value));
      else fields.set(key, flatten(value));
    }
    return { taint: whole, fields };
  }

  private assignment(node: Extract<Node, { type: 'AssignmentExpression' }>, frame: Frame): Value {
    const right = this.visit(node.right, frame);
    const target = unwrap(node.left);
    let value = right;
    if (node.operator === '+=') value = appended(this, this.visit(target, frame), node.right, right);
    else if (node.operator === '||=' || node.operator === '??=' || node.operator === '&&=') value = join(this.visit(target, frame), right);
    else if (node.operator !== '=') value = CLEAN;
    if (target.type === 'Identifier') {
      assignName(frame, target.name, value);
      forgetChecked(frame, () => target.name);
    } else if (target.type === 'MemberExpression') {
      forgetChecked(frame, () => this.text(target));
      const base = unwrap(target.object);
      if (target.computed) this.visit(target.property, frame);
      if (base.type === 'Identifier') assignField(frame, base.name, propertyName(target.property, target.computed), value);
    } else if (target.type === 'ObjectPattern' || target.type === 'ArrayPattern') {
      bindPattern(frame, target, value, (n) => this.place(n), (name, v) => assignName(frame, name, v));
    }
    return value;
  }
}
