import { defineRule } from '../define.js';
import { at, relatedOf, reportTaint, sourceText } from './taint/describe.js';
import type { SinkCategory, TaintFinding } from './taint/types.js';

const WHAT: Partial<Record<SinkCategory, { verb: string; risk: string; hint: string }>> = {
  code: {
    verb: 'run as code',
    risk: 'remote code execution',
    hint: 'Never evaluate request data: parse data with JSON.parse, and map names to functions with a fixed object (`handlers[name]` checked against an allowlist).',
  },
  command: {
    verb: 'run as a shell command',
    risk: 'command injection',
    hint: 'Use execFile/spawn with a fixed command and the value as one argv element, without `shell: true`; check the value against an allowlist first.',
  },
  path: {
    verb: 'used as a file path',
    risk: 'path traversal (`../`)',
    hint: 'Resolve the name against a base directory and refuse results outside it (`const full = path.resolve(base, name); if (!full.startsWith(base + path.sep)) …`), or keep only `path.basename(name)`; for `res.sendFile` pass `{ root: base }`.',
  },
  require: {
    verb: 'loaded as a module',
    risk: 'arbitrary module loading',
    hint: 'Map the allowed names to modules in a fixed object instead of building the specifier from the request.',
  },
  deserialise: {
    verb: 'deserialised',
    risk: 'remote code execution (node-serialize runs embedded functions)',
    hint: 'Deserialise with JSON.parse and validate the result with a schema.',
  },
};

export default defineRule({
  id: 'sec/dangerous-call',
  area: 'security',
  checklist: 'Zero security vulnerabilities',
  severity: 'error',
  docs: {
    description:
      'Request data that reaches `eval`, `new Function`, `vm.run*`, a `setTimeout` string, `child_process.exec`/`execSync` (or `spawn`/`execFile` with `shell: true`, or with the command itself from the request), `require()`/`import()`, an `fs` path, `res.sendFile`/`res.download` without `root`, or node-serialize `unserialize`. The rule follows the data through variables and calls into other files; `path.basename`, a checked prefix (`full.startsWith(base)`), a Fastify route schema that holds the parameter to an anchored `pattern` of plain characters (or makes it an integer, enum or uuid), and a regex guard (`if (!/^[a-z0-9-]+$/.test(name)) return …`, or a function such as `assertName(name)` that throws unless such a regex matches) make a path safe.',
    failing: [
      "router.get('/files/:name', (req, res) => {",
      "  res.send(fs.readFileSync(path.join(__dirname, 'uploads', req.params.name), 'utf8'));",
      '});',
    ].join('\n'),
    passing: [
      "router.get('/files/:name', (req, res) => {",
      "  res.sendFile(path.basename(req.params.name), { root: path.join(__dirname, 'uploads') });",
      '});',
    ].join('\n'),
    whenNotToUse: 'Tools that run commands or files chosen by a trusted operator (an admin CLI exposed over HTTP on purpose): suppress the line with `bo-ignore sec/dangerous-call: <why>`.',
  },
  check(context, reporter) {
    return reportTaint(context, reporter, 'sec/dangerous-call', describe);
  },
});

function describe(finding: TaintFinding) {
  const what = WHAT[finding.sink.category] ?? WHAT.code;
  const verb = what?.verb ?? 'used';
  return {
    message: `request data ${sourceText(finding)} is ${verb} by ${finding.sink.name} (${at(finding.sink.at, finding.at)}): ${what?.risk ?? 'unsafe call'}`,
    hint: what?.hint ?? 'Do not pass request data to this call.',
    related: relatedOf(finding, verb),
  };
}
