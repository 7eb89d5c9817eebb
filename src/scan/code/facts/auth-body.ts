/**
 * Auth from what a middleware does, for middleware whose name says nothing (`guard`, `mw`,
 * `check`): it reads the Authorization header or an API key, verifies a token or session, or
 * answers 401. A 403 next to a role/permission check is a role guard.
 */
import type { Node } from 'oxc-parser';
import { isFunction, memberPath, paramName, stringLiteral, type FunctionLike } from '../ast.js';
import { walk } from '../ast.js';
import type { AuthEffect } from './auth.js';
import { statusOfCall, statusOfAssignment } from './status.js';

const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key', 'x-auth-token', 'x-access-token', 'api-key', 'apikey']);
const VERIFY_CALLS = /(^|\.)(verify|authenticate|jwtVerify|verifyToken|verifyJwt|verifyJWT|verifyIdToken|verifyAccessToken|getSession|getServerSession|isAuthenticated|validateSession|getUserFromToken|decodeToken)$/;

export function authFromBody(fn: Node): AuthEffect | undefined {
  if (!isFunction(fn)) return undefined;
  const roots = new Set((fn as FunctionLike).params.map((p) => paramName(p as Node)).filter((n): n is string => !!n));
  let credential = false;
  let unauthorized = false;
  let forbidden = false;
  let roleCheck = false;
  walk(fn.body as Node, (node) => {
    if (node.type === 'MemberExpression') {
      const path = memberPath(node) ?? '';
      if (/\.headers\.(authorization|x-api-key)$/i.test(path) || /\.(cookies|signedCookies)\.(token|jwt|access_?token|session)$/i.test(path)) credential = true;
      if (/\.(role|roles|permissions?|isAdmin|scopes?)$/.test(path)) roleCheck = true;
      if (node.computed && CREDENTIAL_HEADERS.has((stringLiteral(node.property) ?? '').toLowerCase())) credential = true;
    }
    const status = statusOfCall(node, roots) ?? statusOfAssignment(node, roots);
    if (status === 401) unauthorized = true;
    if (status === 403) forbidden = true;
    if (node.type === 'CallExpression') {
      const path = memberPath(node.callee) ?? '';
      if (VERIFY_CALLS.test(path) && !/^JSON\./.test(path)) credential = true;
      if (/(^|\.)(header|get)$/.test(path) && CREDENTIAL_HEADERS.has((stringLiteral(node.arguments[0] as Node | undefined) ?? '').toLowerCase())) credential = true;
    }
  });
  if (credential || unauthorized) return 'required';
  return forbidden && roleCheck ? 'role' : undefined;
}
