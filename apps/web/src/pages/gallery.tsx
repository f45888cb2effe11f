import { KeyboardEvent, useState } from 'react';

const KEYS: Record<string, (current: number, count: number) => number> = {
  ArrowLeft: (i, n) => (i - 1 + n) % n,
  ArrowRight: (i, n) => (i + 1) % n,
  Home: () => 0,
  End: (_, n) => n - 1,
};

/**
 * A lot's photos: the one shown, Previous / Next, and a row of thumbnails. With the focus anywhere in it,
 * the arrow keys (and Home / End) move between photos; the position is announced.
 */
export function Gallery({ title, urls }: { title: string; urls: string[] }) {
  const [index, setIndex] = useState(0);
  if (urls.length === 0) return null;
  const count = urls.length;
  const current = Math.min(index, count - 1);
  if (count === 1) return <img className="photo" src={urls[0]} alt={`Photo of ${title}`} />;

  const onKeyDown = (e: KeyboardEvent<HTMLElement>): void => {
    const move = KEYS[e.key];
    if (!move) return;
    e.preventDefault();
    setIndex(move(current, count));
  };
  return (
    <section className="gallery" aria-label={`Photos of ${title}`} onKeyDown={onKeyDown}>
      <img
        className="photo"
        src={urls[current]}
        alt={`Photo ${current + 1} of ${count}: ${title}`}
        data-testid="gallery-photo"
      />
      <div className="gallery-nav">
        <button type="button" className="secondary" onClick={() => setIndex(KEYS.ArrowLeft(current, count))}>
          Previous photo
        </button>
        <p aria-live="polite" data-testid="photo-position">
          Photo {current + 1} of {count}
        </p>
        <button type="button" className="secondary" onClick={() => setIndex(KEYS.ArrowRight(current, count))}>
          Next photo
        </button>
      </div>
      <ul className="thumbs" aria-label="All photos">
        {urls.map((url, i) => (
          <li key={url}>
            <button
              type="button"
              className="thumb-button"
              aria-label={`Show photo ${i + 1} of ${count}`}
              aria-current={i === current}
              onClick={() => setIndex(i)}
            >
              <img src={url} alt="" loading="lazy" width={96} height={72} />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
