import { useEffect, useState } from 'react';
import { ApiError, describe, get } from '../api';
import { ErrorNotice, PageTitle, Status, when } from '../ui';

interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  read: boolean;
  createdAt: string;
}

/** The user's notifications (GET /notifications through the gateway, newest first). */
export function NotificationsPage() {
  const [items, setItems] = useState<Notification[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    get<{ items: Notification[] }>('/notifications')
      .then((page) => setItems(page.items))
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 404 ? 'Notifications are not available yet.' : describe(e),
        ),
      );
  }, []);

  return (
    <section>
      <PageTitle>Notifications</PageTitle>
      <ErrorNotice error={error} />
      {!items && !error && <Status>Loading…</Status>}
      {items?.length === 0 && <p>Nothing new.</p>}
      {items && items.length > 0 && (
        <ul className="list">
          {items.map((n) => (
            <li key={n.id} className={n.read ? '' : 'unread'}>
              <h2>
                {n.title} {!n.read && <span className="badge">new</span>}
              </h2>
              <p>{n.body}</p>
              <p className="muted">{when(n.createdAt)}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
