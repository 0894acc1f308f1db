import { type GuideState, useSetupGuide } from '../../api/setup-guide';
import type { SetupGuideFields } from '../../api/types';
import { Form, invalid, text, TextField } from '../../ui/form';
import { SafeMarkdown } from '../../ui/markdown';
import { Section } from '../../ui/page';

interface Props {
  /** The draft arrived: fill the tool form with it. */
  onDraft: (fields: SetupGuideFields) => void;
}

/**
 * "Draft from docs": paste a docs URL, watch the guide to the product's API key stream in, and
 * let its draft fill the tool form. Nothing is saved here; the admin reviews and adds the tool.
 */
export function DraftFromDocs({ onDraft }: Props) {
  const { state, start, cancel } = useSetupGuide(onDraft);
  const busy = state.status === 'reading' || state.status === 'writing';
  return (
    <Section title="Draft from docs">
      <p className="hint">
        Paste the product’s documentation page about API keys or authentication. A guide to creating the key
        streams in below, and its draft fills the form. Nothing is saved until you add the tool.
      </p>
      <Form
        label="Draft from docs"
        submitLabel="Draft"
        busyLabel="Drafting…"
        onSubmit={async (data) => {
          const docsUrl = text(data, 'docs_url');
          if (!docsUrl) invalid('docs_url', 'Paste the URL of the docs page.');
          await start({ docs_url: docsUrl });
        }}
        actions={
          busy && (
            <button type="button" className="button" onClick={cancel}>
              Cancel
            </button>
          )
        }
      >
        <TextField
          label="Docs URL"
          name="docs_url"
          type="url"
          required
          placeholder="https://docs.example.com/authentication"
        />
      </Form>
      <GuideView state={state} />
    </Section>
  );
}

function GuideView({ state }: { state: GuideState }) {
  const { status, source, markdown, fields, done, problem } = state;
  if (status === 'idle') return null;
  const busy = status === 'reading' || status === 'writing';
  return (
    <div className="guide-view">
      {status === 'reading' && <p className="hint">Reading the page…</p>}
      {source && (
        <p className="guide-source">
          From{' '}
          <a href={source.final_url} target="_blank" rel="noopener noreferrer nofollow">
            {source.title}
          </a>{' '}
          ·{' '}
          {source.guide === 'ai'
            ? `written by ${source.model} at ${source.provider}`
            : 'extracted from the page'}
        </p>
      )}
      {source?.guide === 'extracted' && (
        <div className="notice info">
          No AI provider is configured, so this guide is the page’s own sections about authentication, keys
          and scopes. To have a model write it, an operator sets <code>KEYLEDGER_AI_BASE_URL</code>,{' '}
          <code>KEYLEDGER_AI_MODEL</code> and <code>KEYLEDGER_AI_API_KEY</code> (OpenAI, a gateway or a local
          Ollama; see the README).
        </div>
      )}
      {(markdown || busy) && (
        <article className="guide" aria-label="Setup guide" aria-busy={busy}>
          <SafeMarkdown>{markdown}</SafeMarkdown>
          {busy && <span className="guide-cursor" aria-hidden="true" />}
        </article>
      )}
      {fields && <DraftSummary fields={fields} />}
      {status === 'done' && done && (
        <p className="hint">
          Done in {(done.duration_ms / 1000).toFixed(1)} s
          {done.tokens_in !== null && ` · ${done.tokens_in} tokens in, ${done.tokens_out ?? '?'} out`}
        </p>
      )}
      {status === 'cancelled' && <p className="notice warning">Cancelled: the guide stopped where it was.</p>}
      {problem && (
        <div className="notice error" role="alert">
          <strong>{problem.title}</strong> {problem.detail}
        </div>
      )}
    </div>
  );
}

function DraftSummary({ fields }: { fields: SetupGuideFields }) {
  return (
    <div className="notice success" role="status">
      <strong>The draft filled the form below.</strong> Review it, add the secret, and add the tool.
      {fields.scopes.length > 0 && (
        <p>
          Scopes to select:{' '}
          {fields.scopes.map((scope, i) => (
            <span key={scope}>
              {i > 0 && ', '}
              <code>{scope}</code>
            </span>
          ))}
        </p>
      )}
      {fields.dropped.length > 0 && (
        <p>Left out of the draft: {fields.dropped.map((d) => `${d.field} (${d.message})`).join('; ')}</p>
      )}
    </div>
  );
}
