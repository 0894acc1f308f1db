import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../libs/crypto/src/passwords';
import { Database } from '../../libs/database/src/database';
import { EventStore } from '../../libs/event-store/src/event-store';
import { systemMetadata } from '../../libs/event-store/src/testing';
import { memberDecider } from '../../libs/identity/src/add-member/add-member.decider';
import { orgDecider } from '../../libs/identity/src/create-org/create-org.decider';
import type { Role } from '../../libs/identity/src/identity.events';
import { memberStream, orgStream } from '../../libs/identity/src/identity.events';
import type { RunningApp } from '../support/app';
import { loginAs } from '../support/http';

/**
 * Adds a member (in a new org when `orgId` is omitted) the way the identity context would,
 * through the event store, with a password, and signs them in. There is no members API yet.
 */
export async function signInNewMember(api: RunningApp, role: Role, orgId?: string) {
  const store = api.app.get(EventStore);
  const org = orgId ?? randomUUID();
  if (!orgId) {
    const created = orgDecider.decide(
      { orgId: org, name: `Org ${org.slice(0, 8)}` },
      orgDecider.initialState(),
    );
    await store.append(orgStream(org), 0, created, systemMetadata(org));
  }
  const memberId = randomUUID();
  const email = `${role}-${memberId.slice(0, 8)}@example.com`;
  const added = memberDecider.decide({ memberId, orgId: org, email, role }, memberDecider.initialState());
  await store.append(memberStream(memberId), 0, added, systemMetadata(org));
  const password = `password-${memberId}`;
  await api.app
    .get(Database)
    .query('INSERT INTO credentials (email, password_hash) VALUES ($1, $2)', [
      email,
      await hashPassword(password),
    ]);
  return loginAs(api.url, email, password, org);
}
