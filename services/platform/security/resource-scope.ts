import { isWithin } from '../codes/region-code.ts';
import type { Caller } from './caller.ts';
import { assertNever } from '../domain/decider.ts';

/**
 * How far a role reaches in one method (the policy table, services/contracts/access-policy.ts, gives one per
 * method and role):
 * - `any`: everything the method serves (the catalog; the platform's configuration);
 * - `own`: what belongs to the caller (an applicant's cases, ratings, messages, materials);
 * - `jurisdiction`: what lies in the caller's region subtree;
 * - `department`: that, and the caller's department is the one responsible;
 * - `window`: a clerk at a hall window serves whoever stands there (ID card checked); elsewhere,
 *   the jurisdiction;
 * - `hand-over`: the jurisdiction, or a window of a region where the item may be received, which
 *   may hand its result over (收受分离, 跨省通办).
 */
export type Scope = 'any' | 'own' | 'jurisdiction' | 'department' | 'window' | 'hand-over';

/** The facts of a resource a scope is checked against; the handler supplies them. */
export interface ResourceFacts {
  /** The applicant account it belongs to (a case's applicant, a rating's rater, a message's recipient). */
  readonly owner?: string;
  /** For what belongs to a person or organisation rather than an account: whether it is the one the caller's account was verified as. */
  readonly heldByCaller?: boolean;
  /** The regions it lies in (handled, received); one inside the caller's jurisdiction is enough. */
  readonly regions?: readonly string[];
  /** The department responsible for it. */
  readonly department?: string;
  /** 收受分离: whether the result may be handed over at a window of this region. */
  readonly receivableAt?: (regionCode: string) => boolean;
}

/** How the caller reaches a resource, when they do. */
export type Reach = 'everywhere' | 'own' | 'jurisdiction' | 'department' | 'window' | 'receiving-window';

/** The one place a resource is checked against a scope. Unknown or missing facts deny. */
export function reachOf(caller: Caller, scope: Scope, resource: ResourceFacts): Reach | undefined {
  switch (scope) {
    case 'any':
      return 'everywhere';
    case 'own':
      return isOwn(caller, resource) ? 'own' : undefined;
    case 'jurisdiction':
      return inJurisdiction(caller, resource) ? 'jurisdiction' : undefined;
    case 'department':
      return inJurisdiction(caller, resource) && ofDepartment(caller, resource) ? 'department' : undefined;
    case 'window':
      return inJurisdiction(caller, resource) ? 'jurisdiction' : caller.hallId ? 'window' : undefined;
    case 'hand-over':
      if (inJurisdiction(caller, resource)) return 'jurisdiction';
      return caller.hallId && caller.regionCode && resource.receivableAt?.(caller.regionCode) ? 'receiving-window' : undefined;
    default:
      return assertNever(scope);
  }
}

/** Why a caller outside the scope is refused; never names the resource's owner or region. */
export function refusal(scope: Scope): string {
  switch (scope) {
    case 'own':
      return 'applicants reach their own cases, ratings, messages and materials only';
    case 'department':
      return 'it lies outside the caller\'s department or jurisdiction';
    case 'hand-over':
      return 'the case lies outside the caller\'s jurisdiction, and its result cannot be handed over at this window';
    default:
      return 'it lies outside the caller\'s jurisdiction';
  }
}

function isOwn(caller: Caller, resource: ResourceFacts): boolean {
  return resource.heldByCaller === true || (resource.owner !== undefined && resource.owner !== '' && resource.owner === caller.subject);
}

/** A region inside the caller's subtree; a caller without a jurisdiction reaches none. */
function inJurisdiction(caller: Caller, resource: ResourceFacts): boolean {
  const jurisdiction = caller.regionCode;
  return Boolean(jurisdiction) && (resource.regions ?? []).some((region) => region !== '' && isWithin(region, jurisdiction));
}

function ofDepartment(caller: Caller, resource: ResourceFacts): boolean {
  return caller.department !== '' && resource.department === caller.department;
}
