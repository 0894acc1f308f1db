import { memberLabel } from '../../api/lookups';
import type { Grant, Member } from '../../api/types';
import type { Column } from '../../ui/data-table';
import { Time } from '../../ui/time';

/** Who approved a grant and how it has been used: the same columns wherever grants are listed. */
export function grantUsageColumns(members: Member[] | undefined): Array<Column<Grant>> {
  return [
    {
      header: 'Approved',
      cell: (g) => (
        <>
          <Time iso={g.approved_at} />{' '}
          <span className="muted small">by {memberLabel(members, g.approved_by)}</span>
        </>
      ),
    },
    { header: 'Expires', cell: (g) => <Time iso={g.expires_at} /> },
    { header: 'Fetches', cell: (g) => g.vend_count },
    { header: 'Last fetch', cell: (g) => <Time iso={g.last_vended_at} relative /> },
  ];
}
