import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../../../common/src/domain-error';
import { toMetadata } from '../../../../common/src/request-context';
import { Database } from '../../../../database/src/database';
import { EventStore } from '../../../../event-store/src/event-store';
import { SlackAppVault, type SlackAppSecrets } from '../slack-app.vault';
import { type SlackAppConfigured, slackAppStream } from '../slack.events';
import { SlackSockets } from '../socket/slack-sockets';
import { ConfigureSlackCommand, RemoveSlackCommand } from './configure-slack.command';

const SECRET_FIELDS = ['bot_token', 'signing_secret', 'app_token'] as const;

/** SlackAppConfigured with the encrypted tokens stored in the same transaction. */
@CommandHandler(ConfigureSlackCommand)
export class ConfigureSlackHandler implements ICommandHandler<ConfigureSlackCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(SlackAppVault) private readonly vault: SlackAppVault,
    @Inject(SlackSockets) private readonly sockets: SlackSockets,
  ) {}

  async execute({ body, ctx }: ConfigureSlackCommand): Promise<void> {
    const orgId = ctx.orgId!;
    const existing = await this.vault.read(this.db, orgId);
    const [current] = await this.db.query<{ max_grant_seconds: number | null }>(
      'SELECT max_grant_seconds FROM slack_apps WHERE org_id = $1',
      [orgId],
    );
    const botToken = body.bot_token ?? existing?.bot_token;
    const signingSecret = body.signing_secret ?? existing?.signing_secret;
    if (!botToken || !signingSecret) {
      const missing = [!botToken && 'bot_token', !signingSecret && 'signing_secret'].filter(
        (f): f is string => !!f,
      );
      throw new DomainError(
        'invalid',
        'validation',
        `the first configuration needs ${missing.join(' and ')}`,
        {
          errors: missing.map((field) => ({ field, message: 'is required until the app is configured' })),
        },
      );
    }
    const secrets: SlackAppSecrets = {
      bot_token: botToken,
      signing_secret: signingSecret,
      app_token: body.app_token === undefined ? (existing?.app_token ?? null) : body.app_token,
    };
    const data: SlackAppConfigured = {
      org_id: orgId,
      channel: body.channel,
      socket_mode: secrets.app_token !== null,
      max_grant_seconds:
        body.max_grant_seconds === undefined ? (current?.max_grant_seconds ?? null) : body.max_grant_seconds,
      secrets_changed: SECRET_FIELDS.filter((f) => body[f] !== undefined),
    };
    await this.store.append(
      slackAppStream(orgId),
      'any',
      [{ type: 'SlackAppConfigured', data: { ...data } }],
      toMetadata(ctx),
      (tx) => this.vault.store(tx, orgId, secrets),
    );
    await this.sockets.reconcile(orgId);
  }
}

@CommandHandler(RemoveSlackCommand)
export class RemoveSlackHandler implements ICommandHandler<RemoveSlackCommand> {
  constructor(
    @Inject(Database) private readonly db: Database,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(SlackAppVault) private readonly vault: SlackAppVault,
    @Inject(SlackSockets) private readonly sockets: SlackSockets,
  ) {}

  async execute({ ctx }: RemoveSlackCommand): Promise<void> {
    const orgId = ctx.orgId!;
    const [app] = await this.db.query('SELECT 1 FROM slack_apps WHERE org_id = $1', [orgId]);
    if (!app) throw new DomainError('not_found', 'not-found', 'no Slack app is configured for this org');
    await this.store.append(
      slackAppStream(orgId),
      'any',
      [{ type: 'SlackAppRemoved', data: { org_id: orgId } }],
      toMetadata(ctx),
      (tx) => this.vault.remove(tx, orgId),
    );
    await this.sockets.reconcile(orgId);
  }
}
