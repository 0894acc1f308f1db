const TONES: Record<string, string> = {
  active: 'ok',
  approved: 'ok',
  ok: 'ok',
  open: 'info',
  pending: 'info',
  per_agent: 'info',
  expiring: 'warn',
  missing: 'warn',
  suspended: 'warn',
  needs_rotation: 'bad',
  denied: 'bad',
  revoked: 'bad',
  expired: 'muted',
  retired: 'muted',
  removed: 'muted',
  dismissed: 'muted',
  accepted: 'ok',
  delivered: 'ok',
  failed: 'bad',
  cancelled: 'muted',
  deleted: 'muted',
};

const LABELS: Record<string, string> = {
  needs_rotation: 'needs rotation',
  per_agent: 'per agent',
  missing: 'no secret',
  expiring: 'expiring soon',
};

/** A status word with a colour that is never the only signal (the word is always shown). */
export function Badge({ value }: { value: string }) {
  return (
    <span className={`badge ${TONES[value] ?? 'muted'}`}>{LABELS[value] ?? value.replace(/_/g, ' ')}</span>
  );
}
