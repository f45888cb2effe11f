import { useEffect, useState } from 'react';

function remaining(ms: number): string {
  if (ms <= 0) return 'Bidding has ended';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [d ? `${d}d` : '', d || h ? `${h}h` : '', `${m}m`, `${s % 60}s`].filter(Boolean);
  return `${parts.join(' ')} left`;
}

/** Counts down to endsAt, which a soft-close extension moves; the visible text updates each second. */
export function Countdown({
  endsAt,
  closed,
  compact = false,
}: {
  endsAt: string;
  closed: boolean;
  compact?: boolean;
}) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const ms = new Date(endsAt).getTime() - now;
  return (
    <p className={`countdown${compact ? ' compact' : ''}${ms < 60_000 && !closed ? ' urgent' : ''}`}>
      <span data-testid="countdown">{closed ? 'Auction closed' : remaining(ms)}</span>{' '}
      <span className="muted">
        (ends <time dateTime={endsAt}>{new Date(endsAt).toLocaleTimeString('en-GB')}</time>)
      </span>
    </p>
  );
}
