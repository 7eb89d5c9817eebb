/** The security checklist's rules that are not data-flow: auth, authorization, validation, secrets, TLS, exposure, audit, advisories. */
import type { Rule } from '../types.js';
import auditLog from './audit-log.js';
import authnRequired from './authn-required.js';
import authzChecked from './authz-checked.js';
import dependencyAudit from './dependency-audit.js';
import hardcodedSecret from './hardcoded-secret.js';
import inputValidated from './input-validated.js';
import passwordHashing from './password-hashing.js';
import sensitiveExposure from './sensitive-exposure.js';
import tlsDisabled from './tls-disabled.js';

export const SECURITY_POLICY_RULES: readonly Rule[] = [
  authnRequired,
  authzChecked,
  inputValidated,
  passwordHashing,
  hardcodedSecret,
  tlsDisabled,
  sensitiveExposure,
  auditLog,
  dependencyAudit,
];
