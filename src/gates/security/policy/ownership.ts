/**
 * Signs that code decides whether the caller may touch an item: an ownership comparison
 * (`order.userId !== actor.id`, `post.author.equals(req.user._id)`), a write or query scoped to
 * the caller (`where: { id, ownerId: req.user.id }`, `… WHERE id = $1 AND user_id = $2`), a call to
 * a permission helper (`assertOwner`, `ability.can`, `authorize`), a role check, or a 403.
 */
import type { Node } from 'oxc-parser';
import { isFunction, memberPath, propertyName, stringLiteral, unwrap, walk } from '../../../scan/code/ast.js';
import { nameWords } from '../../../scan/code/facts/names.js';
import type { Target } from './reach.js';

const CALLER_OBJECT = '(?:currentUser|authUser|authedUser|authenticatedUser|loggedInUser|sessionUser|reqUser|jwtUser|actor|principal|requester|caller|viewer|me|claims|identity)';
const ID = '(?:id|_id|sub|uid|userId|user_id|ID|Id)';
/** The caller's own id, by how code names it. */
const CALLER = new RegExp(
  [
    `^(?:req|request|ctx|ctx\\.state|ctx\\.request|context|c\\.var|this\\.request|event\\.context|locals|res\\.locals)\\.(?:user|auth|session|currentUser|principal|identity|claims|token)\\.${ID}$`,
    `^(?:req|request|ctx\\.state|ctx|session|req\\.session|request\\.session|res\\.locals|locals|auth|req\\.auth|request\\.auth)\\.(?:userId|user_id|uid|sub|accountId)$`,
    `^${CALLER_OBJECT}\\.${ID}$`,
    `^(?:currentUserId|actorId|requesterId|callerId|viewerId|authUserId|loggedInUserId|sessionUserId|myId|principalId)$`,
  ].join('|'),
);
/** A user id of any kind (`user.id`, `userId`), or the user itself: an ownership check when compared with or stored in an owner field. */
const USERISH = /(^|\.)(user|author|owner|account|member|customer)\.(id|_id|sub|uid)$|^(userId|user_id|uid|accountId)$|^(user|currentUser|actor|principal|authUser|me)$|^(req|request|ctx\.state|ctx|this\.request)\.(user|auth|session|currentUser)$/;
/** Fields that record who owns a row. */
const OWNER_FIELD = /^(userId|user_id|ownerId|owner_id|owner|authorId|author_id|author|createdBy|created_by|createdById|creatorId|creator_id|creator|postedBy|accountId|account_id|customerId|customer_id|memberId|tenantId|tenant_id|organizationId|organisationId|orgId|org_id|workspaceId|teamId|user)$/;
const ROLE_FIELD = /\.(role|roles|isAdmin|is_admin|admin|permissions?|scopes?|isStaff|isSuperuser|groups)$/;
const OWNER_SQL = /\b(user_id|owner_id|author_id|created_by|creator_id|account_id|customer_id|tenant_id|org_id|organization_id|"userId"|"ownerId"|"authorId")\s*=\s*(\$\d+|\?|:\w+|@\w+)/i;
const PERMISSION_WORDS = new Set(['owner', 'ownership', 'owns', 'own', 'permission', 'permissions', 'authorize', 'authorise', 'authorization', 'policy', 'policies', 'ability', 'abilities', 'acl', 'rbac', 'enforce', 'forbid', 'forbidden', 'can', 'cannot', 'role', 'roles', 'admin', 'grant', 'granted', 'privilege', 'entitled', 'entitlement']);
const PERMISSION_VERBS = new Set(['assert', 'check', 'ensure', 'verify', 'require', 'is', 'has', 'can', 'cannot', 'authorize', 'authorise', 'enforce', 'guard', 'forbid', 'validate', 'must']);

/** The dotted name of an expression, seen through `String(x)`, `x.toString()`, `Number(x)`, `new ObjectId(x)`. */
function idPath(expression: Node): string | undefined {
  let node = unwrap(expression);
  for (let i = 0; i < 3; i++) {
    if ((node.type === 'CallExpression' || node.type === 'NewExpression') && node.arguments.length === 1) {
      const callee = memberPath(node.callee) ?? '';
      if (/^(String|Number|BigInt|ObjectId|Types\.ObjectId|mongoose\.Types\.ObjectId|parseInt)$/.test(callee)) {
        node = unwrap(node.arguments[0] as Node);
        continue;
      }
    }
    if (node.type === 'CallExpression' && node.arguments.length === 0) {
      const callee = unwrap(node.callee);
      if (callee.type === 'MemberExpression' && /^(toString|toHexString|valueOf)$/.test(propertyName(callee.property, callee.computed) ?? '')) {
        node = unwrap(callee.object);
        continue;
      }
    }
    break;
  }
  return memberPath(node);
}

const isCaller = (expression: Node) => CALLER.test(idPath(expression) ?? '');
const isUserish = (expression: Node) => {
  const path = idPath(expression) ?? '';
  return CALLER.test(path) || USERISH.test(path);
};
const isOwnerField = (expression: Node) => OWNER_FIELD.test((idPath(expression) ?? '').split('.').pop() ?? '') && (idPath(expression) ?? '').includes('.');
const isLiteral = (expression: Node) => unwrap(expression).type === 'Literal';

function comparesOwner(left: Node, right: Node): boolean {
  if (isLiteral(left) || isLiteral(right)) return false;
  return isCaller(left) || isCaller(right) || (isOwnerField(left) && isUserish(right)) || (isOwnerField(right) && isUserish(left));
}

function isPermissionCall(callee: Node): boolean {
  const path = memberPath(callee);
  if (!path) return false;
  const last = path.split('.').pop() ?? '';
  const words = nameWords(last);
  if (words.length === 1) return ['authorize', 'authorise', 'can', 'cannot', 'enforce', 'forbidden', 'forbid', 'isowner'].includes(words[0] as string);
  return words.some((w) => PERMISSION_WORDS.has(w)) && (PERMISSION_VERBS.has(words[0] as string) || words[0] === 'can' || words.includes('forbidden'));
}

/** Whether one function shows an authorization decision about the caller. */
export function showsAuthorization(target: Target): boolean {
  const fn = target.node;
  if (!isFunction(fn) || !fn.body) return false;
  let found = false;
  walk(fn.body as Node, (node) => {
    if (found) return false;
    switch (node.type) {
      case 'BinaryExpression':
        if (['===', '!==', '==', '!='].includes(node.operator)) {
          if (comparesOwner(node.left as Node, node.right as Node)) found = true;
          else if (ROLE_FIELD.test(memberPath(node.left as Node) ?? '') || ROLE_FIELD.test(memberPath(node.right as Node) ?? '')) found = true;
        }
        break;
      case 'CallExpression': {
        const callee = unwrap(node.callee);
        const method = callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
        if (method === 'equals' && callee.type === 'MemberExpression' && node.arguments[0] && comparesOwner(callee.object as Node, node.arguments[0] as Node)) found = true;
        else if (method === 'includes' && callee.type === 'MemberExpression' && ROLE_FIELD.test(memberPath(callee.object as Node) ?? '')) found = true;
        else if (isPermissionCall(callee)) found = true;
        else if ((method === 'status' || method === 'code' || method === 'sendStatus') && unwrap(node.arguments[0] as Node)?.type === 'Literal' && (unwrap(node.arguments[0] as Node) as { value: unknown }).value === 403) found = true;
        break;
      }
      case 'NewExpression':
        if (/forbidden/i.test(memberPath(node.callee) ?? '')) found = true;
        break;
      case 'Property':
        if (!node.computed && (isCaller(node.value as Node) || (OWNER_FIELD.test(propertyName(node.key) ?? '') && isUserish(node.value as Node)))) found = true;
        break;
      case 'Literal':
      case 'TemplateLiteral': {
        const text = node.type === 'Literal' ? stringLiteral(node) : node.quasis.map((q) => q.value.raw).join('?');
        if (text && OWNER_SQL.test(text)) found = true;
        break;
      }
      default:
        break;
    }
    return undefined;
  });
  return found;
}
