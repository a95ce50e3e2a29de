import { type Role, type RoleName, roleNameList, roleNameOf } from './caller.ts';
import type { Scope } from './resource-scope.ts';

/** Who may call one RPC: each role allowed (by the name tokens carry), with its scope; a role left out is refused. */
export type MethodRule = Readonly<Partial<Record<RoleName, Scope>>>;

/** Per fully-qualified proto service, per RPC as the proto names it. */
export type AccessPolicy = Readonly<Record<string, Readonly<Record<string, MethodRule>>>>;

/** The role a call acts in and how far it reaches. */
export interface Grant {
  readonly role: Role;
  readonly scope: Scope;
}

/** The rule for a gRPC path ("/onewindow.acceptance.v1.AcceptanceService/SubmitCase"), if the table has one. */
export function ruleFor(policy: AccessPolicy, path: string): MethodRule | undefined {
  const [, service = '', method = ''] = path.split('/');
  return Object.hasOwn(policy, service) && Object.hasOwn(policy[service]!, method) ? policy[service]![method] : undefined;
}

/** The first of the caller's roles the rule allows, with its scope; none: refused. */
export function grantFor(rule: MethodRule, roles: readonly Role[]): Grant | undefined {
  for (const role of roles) {
    const scope = rule[roleNameOf[role]];
    if (scope) return { role, scope };
  }
  return undefined;
}

/** The roles a rule allows, for messages ("open to clerk, applicant only"). */
export function allowedRoles(rule: MethodRule): RoleName[] {
  return roleNameList.filter((name) => rule[name] !== undefined);
}

/** A server must not serve an RPC the table says nothing about: refuses to start, naming every one. */
export function assertPolicyCovers(policy: AccessPolicy, paths: readonly string[]): void {
  const missing = paths.filter((path) => !ruleFor(policy, path));
  if (missing.length > 0) throw new Error(`the access policy has no entry for ${missing.join(', ')}: add each to services/contracts/access-policy.ts`);
}
