import { useEffect, useRef, useState } from 'react';
import { unwrap } from '../../api/client';
import { type ApiError, toApiError } from '../../api/problem';
import type { Checkpoint, Verification } from '../../api/types';
import { useApi } from '../../session/session';
import { Time } from '../../ui/time';

interface Outcome {
  run: Verification;
  checkpoint: Checkpoint | null;
}

/** How often a running verification is asked where it stands: soon at first, then less often. */
const pollDelay = (attempt: number) => Math.min(250 * 2 ** attempt, 2000);

/**
 * Starts a verification on the server (a job: it may take a while on a large log), follows it
 * until it is done, and shows the answer for this org with the latest Ed25519-signed head.
 */
export function VerifyPanel() {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [full, setFull] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const unmounted = useRef(false);
  useEffect(() => {
    unmounted.current = false; // StrictMode mounts twice
    return () => {
      unmounted.current = true;
    };
  }, []);

  const follow = async (id: string): Promise<Verification> => {
    for (let attempt = 0; ; attempt++) {
      await new Promise((r) => setTimeout(r, pollDelay(attempt)));
      if (unmounted.current) throw new DOMException('left the page', 'AbortError');
      const { verification } = await unwrap(
        api.GET('/api/audit/verifications/{id}', { params: { path: { id } } }),
      );
      if (verification.status !== 'running') return verification;
    }
  };

  const verify = async () => {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const started = await unwrap(api.POST('/api/audit/verifications', { body: { full } }));
      const run =
        started.verification.status === 'running'
          ? await follow(started.verification.id)
          : started.verification;
      const checkpoint = await unwrap(api.GET('/api/audit/checkpoints/latest')).catch((e: unknown) => {
        if ([404, 409].includes(toApiError(e).status)) return null;
        throw e;
      });
      if (!unmounted.current) setOutcome({ run, checkpoint });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      if (!unmounted.current) setError(toApiError(e));
    } finally {
      if (!unmounted.current) setBusy(false);
    }
  };
  return (
    <div className="verify">
      <div className="actions">
        <button type="button" className="button primary" onClick={() => void verify()} disabled={busy}>
          {busy ? 'Verifying…' : 'Verify integrity'}
        </button>
        <label className="checkbox">
          <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} disabled={busy} />{' '}
          Walk the whole log (otherwise from the last verified head)
        </label>
      </div>
      <div aria-live="polite" className="verify-result">
        {error && (
          <div className="notice error" role="alert">
            Verification could not run: {error.problem.detail}
          </div>
        )}
        {outcome && <VerifyOutcome {...outcome} />}
      </div>
    </div>
  );
}

function VerifyOutcome({ run, checkpoint }: Outcome) {
  const result = run.result;
  return (
    <>
      {!result ? (
        <div className="notice error" role="alert">
          <strong>Verification could not finish.</strong> {run.error}
        </div>
      ) : result.ok ? (
        <div className="notice success">
          <strong>The log is intact.</strong> Every event of your organisation matches the hash chain
          {result.checked_through ? ` through position ${result.checked_through}` : ''} (
          {result.sealed_events} events
          {run.mode === 'incremental' && result.from_position !== '0'
            ? `; this run checked what was added after position ${result.from_position}`
            : ''}
          ).
        </div>
      ) : (
        <div className="notice error">
          <strong>The log does not verify.</strong> First bad position:{' '}
          {result.first_bad_position ?? 'not yours'}. {result.reason}
        </div>
      )}
      {checkpoint ? (
        <dl className="summary-list checkpoint">
          <div>
            <dt>Latest signed checkpoint</dt>
            <dd>
              position {checkpoint.position}, signed <Time iso={checkpoint.signed_at} />
            </dd>
          </div>
          <div>
            <dt>Head hash</dt>
            <dd className="mono break">{checkpoint.head_hash}</dd>
          </div>
          <div>
            <dt>Signature (Ed25519)</dt>
            <dd className="mono break">{checkpoint.signature}</dd>
          </div>
          <div>
            <dt>Public key</dt>
            <dd className="mono break">{checkpoint.public_key}</dd>
          </div>
        </dl>
      ) : (
        <p className="muted">No signed checkpoint yet.</p>
      )}
    </>
  );
}
