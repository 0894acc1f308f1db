import type { ToolDetail } from '../../api/types';
import { Badge } from '../../ui/badge';
import { Time } from '../../ui/time';

const HEALTH: Record<string, string> = {
  ok: 'The credential is set and not near its expiry date.',
  expiring: 'The credential expires within 14 days: rotate it soon.',
  needs_rotation: 'The credential is past its expiry date: rotate it now.',
  missing: 'No secret is set: approved agents cannot fetch anything yet.',
  per_agent: 'Each approval supplies the agent its own secret.',
};

export function ToolSummary({ tool }: { tool: ToolDetail }) {
  return (
    <dl className="summary-list">
      <div>
        <dt>Status</dt>
        <dd>
          <Badge value={tool.status} />
        </dd>
      </div>
      <div>
        <dt>Credential</dt>
        <dd>
          <Badge value={tool.credential_status} />{' '}
          <span className="small">{HEALTH[tool.credential_status]}</span>
        </dd>
      </div>
      <div>
        <dt>Secret version</dt>
        <dd>{tool.has_secret ? `v${tool.secret_version}` : '—'}</dd>
      </div>
      <div>
        <dt>Expires</dt>
        <dd>
          <Time iso={tool.credential_expires_at} />
        </dd>
      </div>
      <div>
        <dt>URL</dt>
        <dd>{tool.url ?? '—'}</dd>
      </div>
      <div>
        <dt>Mode</dt>
        <dd>{tool.credential_mode === 'per_agent' ? 'per agent' : 'shared'}</dd>
      </div>
    </dl>
  );
}
