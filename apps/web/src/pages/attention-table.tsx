import { AttentionRow } from '../attention';
import { Link } from '../router';
import { when } from '../ui';

/** Ended sagas take no action: they are listed to be looked at, not selected. */
export const actionable = (row: AttentionRow): boolean => row.kind !== 'failed';

/** The rows of the attention list, each with a checkbox for the bulk actions (ended sagas have none). */
export function AttentionTable({
  rows,
  selected,
  onSelect,
}: {
  rows: AttentionRow[];
  selected: Set<string>;
  onSelect(ids: string[], on: boolean): void;
}) {
  const selectable = rows.filter(actionable).map((r) => r.saga.id);
  const allSelected = selectable.length > 0 && selectable.every((id) => selected.has(id));
  return (
    <div className="scroll">
      <table data-testid="needs-attention">
        <caption className="sr-only">
          Sagas with an open incident, a refused compensation, no progress, a compensation under way, or a
          recent failure
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select every saga that needs attention"
                checked={allSelected}
                disabled={selectable.length === 0}
                onChange={(e) => onSelect(selectable, e.target.checked)}
              />
            </th>
            <th scope="col">Saga</th>
            <th scope="col">Type</th>
            <th scope="col">Why</th>
            <th scope="col">Step</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last error</th>
            <th scope="col">Since</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const { saga } = row;
            return (
              <tr key={saga.id} data-kind={row.kind}>
                <td>
                  {actionable(row) ? (
                    <input
                      type="checkbox"
                      aria-label={`Select saga ${saga.id}`}
                      checked={selected.has(saga.id)}
                      onChange={(e) => onSelect([saga.id], e.target.checked)}
                    />
                  ) : (
                    <span className="sr-only">Ended: nothing to act on</span>
                  )}
                </td>
                <td className="mono nowrap">
                  <Link to={`/ops/sagas/${encodeURIComponent(saga.id)}`} title={saga.id}>
                    {`${saga.id.slice(0, 8)}…`}
                  </Link>
                </td>
                <td>{saga.type}</td>
                <td>
                  <span className={`badge status-${saga.status.toLowerCase()}`}>{row.why}</span>
                </td>
                <td>{row.step}</td>
                <td>{row.attempts ?? '—'}</td>
                <td>{row.lastError || '—'}</td>
                <td>{when(row.since)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
