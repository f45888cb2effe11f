import { Fragment, ReactNode, useEffect, useRef } from 'react';
import type { HighlightPart } from './lot';

/** The page's heading; it takes focus when the page changes so screen readers announce it. */
export function PageTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${typeof children === 'string' ? children : 'Page'} · Gavel`;
    ref.current?.focus();
  }, [children]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function ErrorNotice({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="notice error">
      {error}
    </p>
  );
}

export function Status({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="notice">
      {children}
    </p>
  );
}

export const when = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });

/** Previous / "first–last of total" / Next under a paged list. */
export function Pager({
  offset,
  limit,
  shown,
  total,
  onPage,
}: {
  offset: number;
  limit: number;
  /** How many items this page shows. */
  shown: number;
  total: number;
  onPage(offset: number): void;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))}>
        Previous
      </button>
      <p className="muted" aria-live="polite" data-testid="page-range">
        {offset + 1}–{offset + shown} of {total}
      </p>
      <button type="button" disabled={offset + limit >= total} onClick={() => onPage(offset + limit)}>
        Next
      </button>
    </nav>
  );
}

/** Text with a search's matches marked; every part is rendered as text (React escapes it), never as markup. */
export function Highlighted({ parts }: { parts: HighlightPart[] }) {
  return (
    <>
      {parts.map((p, i) => (p.match ? <mark key={i}>{p.text}</mark> : <Fragment key={i}>{p.text}</Fragment>))}
    </>
  );
}
