import { unwrap } from '../../api/client';
import type { Webhook } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { Badge } from '../../ui/badge';
import { DataTable } from '../../ui/data-table';
import { Dialog } from '../../ui/dialog';
import { Loaded } from '../../ui/states';
import { Time } from '../../ui/time';

/** Each delivery's status, attempts and last error, so a silent receiver is noticed. */
export function DeliveriesDialog({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const deliveries = useResource(
    async (api) =>
      (
        await unwrap(
          api.GET('/api/admin/webhooks/{id}/deliveries', {
            params: { path: { id: webhook.id }, query: { limit: 100 } },
          }),
        )
      ).deliveries,
    [webhook.id],
    { pollMs: 5000 },
  );
  return (
    <Dialog title={`Deliveries to ${webhook.host}`} onClose={onClose} wide>
      <Loaded resource={deliveries} what="Deliveries">
        {(rows) => (
          <DataTable
            caption="Deliveries"
            rows={rows}
            rowKey={(d) => d.id}
            empty="Nothing delivered yet."
            columns={[
              { header: 'Event', cell: (d) => d.event_type },
              { header: 'Status', cell: (d) => <Badge value={d.status} /> },
              { header: 'Attempts', cell: (d) => d.attempts },
              { header: 'Code', cell: (d) => d.last_status_code ?? '—' },
              { header: 'Last error', cell: (d) => d.last_error ?? '—', className: 'wide' },
              { header: 'Next retry', cell: (d) => <Time iso={d.next_attempt_at} relative /> },
              { header: 'Created', cell: (d) => <Time iso={d.created_at} relative /> },
            ]}
          />
        )}
      </Loaded>
    </Dialog>
  );
}
