/** Published in memory after the append commits (auto-approval and notifications listen). */
export class AccessRequestedNotice {
  constructor(
    readonly requestId: string,
    readonly orgId: string,
    readonly agentId: string,
    readonly toolId: string,
  ) {}
}
