import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { CopyButton } from '../../ui/copy-button';

/**
 * A new agent key, shown exactly once (the service stores only its hash), with the onboarding
 * snippet the agent's developer pastes into AGENTS.md or CLAUDE.md.
 */
export function KeyReveal({
  agentId,
  agentName,
  apiKey,
}: {
  agentId: string;
  agentName: string;
  apiKey: string;
}) {
  return (
    <div className="key-reveal">
      <div className="notice warning" role="note">
        <strong>Copy this key now.</strong> It is shown only once: Keyledger keeps a hash, not the key.
      </div>
      <label className="field" htmlFor="new-agent-key">
        <span>API key for {agentName}</span>
        <input
          id="new-agent-key"
          className="mono"
          readOnly
          value={apiKey}
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <CopyButton value={apiKey} label="Copy key" />
      <OnboardingSnippet agentId={agentId} />
    </div>
  );
}

export function OnboardingSnippet({ agentId, heading = true }: { agentId: string; heading?: boolean }) {
  const snippet = useResource(
    async (api) =>
      unwrap(
        api.GET('/api/admin/agents/{agentId}/onboarding', {
          params: { path: { agentId } },
          parseAs: 'text',
        }),
      ),
    [agentId],
  );
  if (snippet.error)
    return <p className="notice error">Could not load the onboarding snippet: {snippet.error.message}</p>;
  if (snippet.data === undefined) return <p className="loading">Loading the onboarding snippet…</p>;
  return (
    <div className="snippet">
      {heading && <h3>Onboarding snippet</h3>}
      <p className="hint">
        Paste into the agent’s AGENTS.md or CLAUDE.md; give it the key through its secret store.
      </p>
      <pre className="code" tabIndex={0}>
        {snippet.data}
      </pre>
      <CopyButton value={snippet.data} label="Copy snippet" />
    </div>
  );
}
