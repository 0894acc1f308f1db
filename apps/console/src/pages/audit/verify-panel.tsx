import { useState } from 'react';
import { unwrap } from '../../api/client';
import { type ApiError, toApiError } from '../../api/problem';
import type { Checkpoint, VerifyResult } from '../../api/types';
import { useApi } from '../../session/session';
import { Time } from '../../ui/time';

interface Outcome {
  result: VerifyResult;
  checkpoint: Checkpoint | null;
}

/** Walks the hash chain on the server and shows the latest Ed25519-signed head to hold it to. */
export function VerifyPanel() {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      const [result, checkpoint] = await Promise.all([
        unwrap(api.GET('/api/audit/verify')),
        unwrap(api.GET('/api/audit/checkpoints/latest')).catch((e: unknown) => {
          if (toApiError(e).status === 404) return null;
          throw e;
        }),
      ]);
      setOutcome({ result, checkpoint });
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="verify">
      <button type="button" className="button primary" onClick={() => void verify()} disabled={busy}>
        {busy ? 'Verifying…' : 'Verify integrity'}
      </button>
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

function VerifyOutcome({ result, checkpoint }: Outcome) {
  return (
    <>
      {result.ok ? (
        <div className="notice success">
          <strong>The log is intact.</strong> Every sealed event matches its hash chain
          {result.checked_through ? ` through position ${result.checked_through}` : ''} (
          {result.sealed_events} events checked).
        </div>
      ) : (
        <div className="notice error">
          <strong>The log does not verify.</strong> First bad position:{' '}
          {result.first_bad_position ?? 'unknown'}. {result.reason}
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
