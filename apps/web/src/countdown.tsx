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
  const end = new Date(endsAt);
  const ms = end.getTime() - now;
  // A time alone for today; with the date otherwise (a lot may run for weeks).
  const at =
    end.toDateString() === new Date(now).toDateString()
      ? end.toLocaleTimeString('en-GB')
      : end.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <p className={`countdown${compact ? ' compact' : ''}${ms < 60_000 && !closed ? ' urgent' : ''}`}>
      <span data-testid="countdown">{closed ? 'Auction closed' : remaining(ms)}</span>{' '}
      <span className="muted">
        ({closed || ms <= 0 ? 'ended' : 'ends'} <time dateTime={endsAt}>{at}</time>)
      </span>
    </p>
  );
}
