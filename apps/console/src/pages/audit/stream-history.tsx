import { unwrap } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { Dialog } from '../../ui/dialog';
import { Loaded } from '../../ui/states';
import { EventTable } from './event-table';

/** One aggregate's whole history: an access stream is a request and then its grant. */
export function StreamHistory({ streamId, onClose }: { streamId: string; onClose: () => void }) {
  const history = useResource(
    async (api) =>
      (
        await unwrap(
          api.GET('/api/audit/streams/{streamId}', {
            params: { path: { streamId }, query: { limit: 1000 } },
          }),
        )
      ).events,
    [streamId],
  );
  return (
    <Dialog title={`History of ${streamId}`} onClose={onClose} wide>
      <Loaded resource={history} what="Stream history">
        {(events) => <EventTable events={events} caption={`History of ${streamId}`} />}
      </Loaded>
    </Dialog>
  );
}
