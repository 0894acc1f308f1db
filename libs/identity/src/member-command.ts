import { defineAbilityFor } from '../../authz/src/ability.factory';
import type { AppAbility } from '../../authz/src/subjects';
import { DomainError, notFound } from '../../common/src/domain-error';
import { type RequestContext, toMetadata } from '../../common/src/request-context';
import type { Database, Sql } from '../../database/src/database';
import type { Decider } from '../../event-store/src/decider';
import type { EventStore } from '../../event-store/src/event-store';
import { loadActiveMember } from './auth/member-lookup';
import { memberStream, orgStream } from './identity.events';
import type { MemberState } from './member.state';
import { countActiveOwners, findMember, type MemberView } from './members.read';

/**
 * Serialises member changes within one org by locking the org's stream row until the
 * transaction ends. The owner count read after it cannot be invalidated by a concurrent
 * demotion or removal, so two demotions of the org's last two owners cannot both pass.
 * Member changes are rare; one lock per org costs nothing.
 */
export async function lockOrg(tx: Sql, store: EventStore, orgId: string): Promise<void> {
  const history = await store.lockAndReadStream(tx, orgStream(orgId));
  if (history.length === 0) throw notFound('org', orgId);
}

/**
 * The caller's ability, re-read under the org lock: a member demoted or removed while their
 * request waited for the lock acts with the role they have now, not the one they had.
 */
export async function callerAbility(tx: Sql, ctx: RequestContext): Promise<AppAbility> {
  const caller = await loadActiveMember(tx, ctx.actor.id, ctx.orgId!);
  if (!caller)
    throw new DomainError('forbidden', 'forbidden', 'your membership changed while this request ran');
  return defineAbilityFor({ id: caller.id, role: caller.role, toolScope: caller.toolScope });
}

export interface MemberChange<C> {
  memberId: string;
  decider: Decider<MemberState, C>;
  /** The record-level check (CASL) on the member as loaded; throws to refuse. */
  authorize(state: MemberState, ability: AppAbility): void;
  command(state: MemberState, activeOwners: number): C;
}

/** Lock the org, load the member (another org's member is 404), authorize, decide, append. */
export async function runMemberCommand<C>(
  db: Database,
  store: EventStore,
  ctx: RequestContext,
  change: MemberChange<C>,
): Promise<MemberView> {
  const orgId = ctx.orgId!;
  const stream = memberStream(change.memberId);
  await db.transaction(async (tx) => {
    await lockOrg(tx, store, orgId);
    const history = await store.lockAndReadStream(tx, stream);
    const state = history.reduce((s, e) => change.decider.evolve(s, e), change.decider.initialState());
    if (!state.exists || state.orgId !== orgId) throw notFound('member', change.memberId);
    change.authorize(state, await callerAbility(tx, ctx));
    const owners = await countActiveOwners(tx, orgId);
    const events = change.decider.decide(change.command(state, owners), state);
    if (events.length > 0) await store.appendIn(tx, stream, history.length, events, toMetadata(ctx));
  });
  return findMember(db, orgId, change.memberId);
}
