import type { Node } from 'oxc-parser';
import { isFunction, memberPath, propertyName, stringLiteral, unwrap } from '../../scan/code/ast.js';
import { defineRule } from '../define.js';
import type { FindingInput, Severity } from '../types.js';
import { forEachServiceModule } from './policy/files.js';
import { isLocalHost } from './policy/secrets.js';
import { walkModule } from './policy/walk.js';

const PREFILTER = /rejectUnauthorized|NODE_TLS_REJECT_UNAUTHORIZED|strictSSL|checkServerIdentity|['"`]http:\/\/(?!localhost|127\.0\.0\.1|0\.0\.0\.0|www\.w3\.org)/;
const DEV_CHECK = /NODE_ENV|isDev\w*|isDevelopment|isTest|isLocal|development|['"]test['"]/;
const URL_KEYS = /^(url|baseURL|baseUrl|base_url|endpoint|apiUrl|apiURL|api_url|host|uri|serviceUrl|webhookUrl|callbackUrl|issuer|jwksUri|tokenUrl|authUrl)$/;
const REQUEST_CALLS = /^(fetch|axios|got|request|superagent|ky|needle|undici\.request|http\.get|http\.request|axios\.(get|post|put|patch|delete|request|create)|got\.(get|post|put|patch|delete)|ky\.(get|post|put|patch|delete)|\w+\.(get|post|put|patch|delete))$/;
/** URLs that are identifiers, not endpoints: XML namespaces, schemas, licences. */
const NOT_ENDPOINTS = /^http:\/\/(www\.w3\.org|json-schema\.org|schemas\.|xmlns\.|purl\.org|ns\.adobe|www\.apache\.org\/licenses|opensource\.org|example\.|www\.example\.)/i;

const isFalse = (node: Node) => {
  const inner = unwrap(node);
  return inner.type === 'Literal' && (inner.value === false || inner.value === 0 || inner.value === '0' || inner.value === 'false');
};

export default defineRule({
  id: 'sec/tls-disabled',
  area: 'security',
  checklist: 'Sensitive data encrypted',
  severity: 'error',
  docs: {
    description:
      'TLS certificates are verified on every outgoing connection. Errors: `rejectUnauthorized: false` (https agents, axios, pg/mysql `ssl: { rejectUnauthorized: false }`, Redis, SMTP), ' +
      '`process.env.NODE_TLS_REJECT_UNAUTHORIZED = \'0\'` (in code or in a package.json script), `strictSSL: false`, and a `checkServerIdentity` that accepts everything. ' +
      'Without verification anyone on the network path can read and change the traffic, credentials included. The same settings chosen only for development (inside a NODE_ENV check) are warnings. ' +
      'Warnings: plain `http://` URLs to hosts that are not local, used as a request target (`fetch`, `axios`, a `baseURL`/`url` option).',
    failing: "const pool = new Pool({ connectionString, ssl: { rejectUnauthorized: false } });",
    passing: "const pool = new Pool({ connectionString, ssl: { rejectUnauthorized: true, ca: readFileSync('/etc/ssl/rds-ca.pem', 'utf8') } });",
    whenNotToUse: 'Never in production code; for a local-only tool, silence the line with `// bo-ignore sec/tls-disabled: <why>`.',
  },
  check(context, reporter) {
    forEachServiceModule(context, reporter, PREFILTER, (module) => {
      const file = module.file.path;
      const report = (node: Node, finding: Omit<FindingInput, 'file' | 'line' | 'column'>) => reporter.report({ file, ...module.lines.position(node.start), ...finding });
      walkModule(module, (node, { ancestors }) => {
        const devOnly = () =>
          ancestors.some((a) => {
            const condition = conditionOf(a);
            return condition !== undefined && DEV_CHECK.test(module.file.text.slice(condition.start, condition.end));
          });
        const severity = (): Severity => (devOnly() ? 'warning' : 'error');
        if (node.type === 'Property' && !node.computed) {
          const key = propertyName(node.key);
          if ((key === 'rejectUnauthorized' || key === 'strictSSL') && isFalse(node.value as Node)) {
            report(node, { severity: severity(), message: `\`${key}: false\` turns off TLS certificate verification: the connection accepts any certificate, so a man in the middle can read and change it`, hint: 'Remove it (verification is on by default); for a private CA pass its certificate (`ca: fs.readFileSync(caPath)`), e.g. the provider\'s CA bundle for a managed database.' });
          }
          if (key === 'checkServerIdentity' && isFunction(node.value) && acceptsAll(node.value)) {
            report(node, { severity: severity(), message: '`checkServerIdentity` accepts every certificate: host name verification is off', hint: 'Remove the override, or call `tls.checkServerIdentity(host, cert)` and add checks on top of it.' });
          }
        }
        if (node.type === 'AssignmentExpression' && /(^|\.)env\.NODE_TLS_REJECT_UNAUTHORIZED$|env\[.NODE_TLS_REJECT_UNAUTHORIZED.\]$/.test(memberPath(node.left as Node) ?? textOf(node.left as Node)) && isFalse(node.right as Node)) {
          report(node, { severity: severity(), message: 'NODE_TLS_REJECT_UNAUTHORIZED is set to 0: certificate verification is off for every TLS connection of the process', hint: 'Remove the assignment; trust a private CA with NODE_EXTRA_CA_CERTS=/path/ca.pem instead.' });
        }
        const url = node.type === 'Literal' ? stringLiteral(node) : undefined;
        if (url?.startsWith('http://') && !NOT_ENDPOINTS.test(url) && isRequestTarget(ancestors)) {
          const host = /^http:\/\/([^/:?#]+)/.exec(url)?.[1] ?? '';
          if (host && !isLocalHost(host)) {
            report(node, { severity: 'warning', message: `a request goes to ${url} over plain HTTP: anything sent (tokens, personal data) travels unencrypted`, hint: `Use https://${url.slice('http://'.length)} (or read the URL from the config so each environment sets it).` });
          }
        }
      });
      function textOf(node: Node): string {
        return module.file.text.slice(node.start, node.end);
      }
    });
    checkPackageScripts();
    return undefined;

    function checkPackageScripts() {
      const pkg = context.packageJson;
      if (!pkg || !pkg.text.includes('NODE_TLS_REJECT_UNAUTHORIZED')) return;
      pkg.text.split('\n').forEach((text, i) => {
        if (/NODE_TLS_REJECT_UNAUTHORIZED\s*=\s*['"]?0/.test(text)) {
          reporter.report({ file: pkg.file, line: i + 1, column: text.indexOf('NODE_TLS_REJECT_UNAUTHORIZED') + 1, message: 'a package.json script sets NODE_TLS_REJECT_UNAUTHORIZED=0: certificate verification is off for the whole process', hint: 'Remove it; trust a private CA with NODE_EXTRA_CA_CERTS=/path/ca.pem instead.' });
        }
      });
    }
  },
});

/** The condition that decides whether a node's branch runs. */
function conditionOf(node: Node): Node | undefined {
  if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') return node.test as Node;
  if (node.type === 'LogicalExpression') return node.left as Node;
  return undefined;
}

/** `() => undefined`, `() => {}`, `() => null`: a check that never returns an error. */
function acceptsAll(fn: Node): boolean {
  if (!isFunction(fn) || !fn.body) return false;
  const body = fn.body as Node;
  if (body.type === 'BlockStatement') return body.body.every((s) => s.type === 'ReturnStatement' && (!s.argument || isNullish(s.argument as Node)));
  return isNullish(body);
}

const isNullish = (node: Node) => {
  const inner = unwrap(node);
  return (inner.type === 'Identifier' && inner.name === 'undefined') || (inner.type === 'Literal' && inner.value === null) || (inner.type === 'UnaryExpression' && inner.operator === 'void');
};

/** The literal is where a request goes: an argument of fetch/axios/got, or a `url`/`baseURL` option. */
function isRequestTarget(ancestors: readonly Node[]): boolean {
  const parent = ancestors[ancestors.length - 1];
  if (!parent) return false;
  if (parent.type === 'Property' && !parent.computed) return URL_KEYS.test(propertyName(parent.key) ?? '');
  if (parent.type === 'CallExpression' || parent.type === 'NewExpression') return REQUEST_CALLS.test(memberPath(parent.callee) ?? '');
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return /(url|endpoint|baseurl|host|uri)$/i.test(parent.id.name);
  return false;
}
