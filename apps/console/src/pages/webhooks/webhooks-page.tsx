import { useState } from 'react';
import { unwrap } from '../../api/client';
import type { Webhook } from '../../api/types';
import { useResource } from '../../api/use-resource';
import { useAbility, useApi } from '../../session/session';
import { useAnnounce } from '../../ui/announcer';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { DataTable } from '../../ui/data-table';
import { Page } from '../../ui/page';
import { Loaded } from '../../ui/states';
import { Time } from '../../ui/time';
import { Badge } from '../../ui/badge';
import { DeliveriesDialog } from './deliveries-dialog';
import { WebhookDialog } from './webhook-dialog';

export function WebhooksPage() {
  const api = useApi();
  const ability = useAbility();
  const announce = useAnnounce();
  const [adding, setAdding] = useState(false);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [watching, setWatching] = useState<Webhook | null>(null);
  const hooks = useResource(async (a) => (await unwrap(a.GET('/api/admin/webhooks'))).webhooks, []);
  const routeThere = !hooks.error || hooks.error.status !== 404;
  return (
    <Page
      title="Webhooks"
      actions={
        routeThere &&
        ability.can('create', 'Webhook') && (
          <button type="button" className="button primary" onClick={() => setAdding(true)}>
            Add webhook
          </button>
        )
      }
    >
      <p className="muted">
        Keyledger signs each delivery with HMAC-SHA256 in a <code>Keyledger-Signature</code> header and
        retries with backoff.
      </p>
      <Loaded resource={hooks} what="Webhooks">
        {(rows) => (
          <DataTable
            caption="Webhooks"
            rows={rows}
            rowKey={(h) => h.id}
            empty="No webhooks yet."
            columns={[
              {
                header: 'Target',
                cell: (h) => (
                  <span>
                    <span className="mono break">{h.host}</span>
                    {h.url_fingerprint && (
                      <span className="muted small mono" title="Keyed fingerprint of the full URL">
                        {' '}
                        #{h.url_fingerprint}
                      </span>
                    )}
                  </span>
                ),
                className: 'wide',
              },
              {
                header: 'Kind',
                cell: (h) => (h.kind === 'slack' ? 'Slack' : h.signed ? 'webhook, signed' : 'webhook'),
              },
              { header: 'Events', cell: (h) => h.events.join(', ') },
              { header: 'Status', cell: (h) => <Badge value={h.status} /> },
              { header: 'Created', cell: (h) => <Time iso={h.created_at} /> },
              {
                header: 'Actions',
                cell: (h) => (
                  <div className="row-actions">
                    <button type="button" className="button small" onClick={() => setWatching(h)}>
                      Deliveries
                    </button>
                    {ability.can('delete', 'Webhook') && (
                      <button type="button" className="button danger small" onClick={() => setDeleting(h)}>
                        Delete
                      </button>
                    )}
                  </div>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      {adding && (
        <WebhookDialog
          onClose={() => setAdding(false)}
          onDone={(host) => {
            setAdding(false);
            announce(`Webhook to ${host} added.`);
            hooks.reload();
          }}
        />
      )}
      {watching && <DeliveriesDialog webhook={watching} onClose={() => setWatching(null)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete webhook"
          confirmLabel="Delete"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await unwrap(api.DELETE('/api/admin/webhooks/{id}', { params: { path: { id: deleting.id } } }));
            setDeleting(null);
            announce('Webhook deleted.');
            hooks.reload();
          }}
        >
          <p>
            Deliveries to <span className="mono">{deleting.host}</span> stop.
          </p>
        </ConfirmDialog>
      )}
    </Page>
  );
}
