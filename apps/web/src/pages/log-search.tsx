import { FormEvent, useState } from 'react';
import { describe, get } from '../api';
import { ErrorNotice } from '../ui';

interface LogLine {
  '@timestamp': string;
  service: string;
  level: string;
  message: string;
  correlationId?: string;
}

/** Log search by correlation id (GET /admin/logs, OpenSearch). */
export function LogSearch({ initial = '', sagaId }: { initial?: string; sagaId?: string }) {
  const [correlationId, setCorrelationId] = useState(initial);
  const [lines, setLines] = useState<LogLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function search(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    const q = correlationId
      ? `correlationId=${encodeURIComponent(correlationId)}`
      : `sagaId=${encodeURIComponent(sagaId ?? '')}`;
    try {
      setLines((await get<{ items: LogLine[] }>(`/admin/logs?${q}&since=7d`)).items);
    } catch (err) {
      setError(describe(err));
    }
  }

  return (
    <section aria-labelledby="logs-heading" className="panel">
      <h2 id="logs-heading">Logs</h2>
      <form className="row" onSubmit={(e) => void search(e)}>
        <label htmlFor="log-correlation">Correlation id</label>
        <input
          id="log-correlation"
          className="mono"
          value={correlationId}
          onChange={(e) => setCorrelationId(e.target.value)}
        />
        <button type="submit">Search logs</button>
      </form>
      <ErrorNotice error={error} />
      {lines?.length === 0 && <p role="status">No log lines found.</p>}
      {lines && lines.length > 0 && (
        <ol className="logs mono" aria-label="Log lines">
          {lines.map((l, i) => (
            <li key={i} className={`level-${l.level}`}>
              {l['@timestamp']} {l.service} {l.level} {l.message}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
