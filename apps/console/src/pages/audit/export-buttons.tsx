import { useState } from 'react';
import { unwrap } from '../../api/client';
import { toApiError } from '../../api/problem';
import { useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import type { AuditFilters } from './audit-filters';

/** Downloads the filtered log through the client (the token is a header, so a plain link cannot). */
export function ExportButtons({ filters }: { filters: AuditFilters }) {
  const api = useApi();
  const announce = useAnnounce();
  const [busy, setBusy] = useState<string | null>(null);
  const download = async (format: 'ndjson' | 'csv') => {
    setBusy(format);
    try {
      const blob = await unwrap(
        api.GET('/api/audit/export', { params: { query: { ...filters, format } }, parseAs: 'blob' }),
      );
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `keyledger-audit-${new Date().toISOString().replace(/[:.]/g, '-')}.${format}`;
      link.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      announce(`Export ready: ${link.download}`);
    } catch (error) {
      announce(`Export failed: ${toApiError(error).message}`, 'error');
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="row-actions">
      <button
        type="button"
        className="button"
        disabled={busy !== null}
        onClick={() => void download('ndjson')}
      >
        {busy === 'ndjson' ? 'Exporting…' : 'Export NDJSON'}
      </button>
      <button type="button" className="button" disabled={busy !== null} onClick={() => void download('csv')}>
        {busy === 'csv' ? 'Exporting…' : 'Export CSV'}
      </button>
    </div>
  );
}
