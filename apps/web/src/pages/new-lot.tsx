import { FormEvent, useState } from 'react';
import { call, describe } from '../api';
import { ON_FAILED_SALE_CHOICES } from '../failed-sale';
import { currencyCode, parseMoney } from '../money';
import { Link, navigate } from '../router';
import { ErrorNotice, PageTitle } from '../ui';

/** As many photos as the lot service keeps per lot. */
const MAX_PHOTOS = 8;

/** Adds the photos one by one (POST /lots/:id/photos; the first becomes the cover); the first refusal stops it. */
async function uploadPhotos(lotId: string, photos: File[]): Promise<void> {
  for (const [i, photo] of photos.entries()) {
    const upload = new FormData();
    upload.append('photo', photo);
    try {
      await call('POST', `/lots/${lotId}/photos`, upload);
    } catch (e) {
      throw new Error(`Photo ${i + 1} (${photo.name}) was not added: ${describe(e)}`);
    }
  }
}

const inHours = (h: number): string => {
  const d = new Date(Date.now() + h * 3_600_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** POST /lots, then each chosen photo to POST /lots/:id/photos (multipart). */
export function NewLotPage() {
  const [error, setError] = useState<string | null>(null);
  const [createdLotId, setCreatedLotId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const startPrice = parseMoney(String(form.get('startPrice')));
    if (!startPrice) return setError('Start price must be a positive amount such as 25 or 25.50.');
    const photos = form.getAll('photos').filter((p): p is File => p instanceof File && p.size > 0);
    if (photos.length > MAX_PHOTOS) return setError(`Choose at most ${MAX_PHOTOS} photos.`);
    const kind = String(form.get('incrementKind'));
    const incrementInput = String(form.get('increment'));
    const increment =
      kind === 'percent'
        ? { kind, value: Number(incrementInput) }
        : { kind, value: String(parseMoney(incrementInput) ?? '') };
    setBusy(true);
    setError(null);
    let lotId = '';
    try {
      const created = await call<{ id?: string; lotId?: string }>('POST', '/lots', {
        title: String(form.get('title')),
        description: String(form.get('description')),
        sku: String(form.get('sku')),
        startPrice: String(startPrice),
        increment,
        endsAt: new Date(String(form.get('endsAt'))).toISOString(),
        softCloseWindowS: Number(form.get('softCloseWindowS')),
        softCloseExtensionS: Number(form.get('softCloseWindowS')),
        onFailedSale: String(form.get('onFailedSale')),
      });
      lotId = created.body.id ?? created.body.lotId ?? '';
      await uploadPhotos(lotId, photos);
      navigate(`/lots/${lotId}`);
    } catch (err) {
      setCreatedLotId(lotId || null);
      setError(describe(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="narrow">
      <PageTitle>Sell a lot</PageTitle>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="lot-title">Title</label>
        <input id="lot-title" name="title" required maxLength={200} />
        <label htmlFor="lot-description">Description</label>
        <textarea id="lot-description" name="description" rows={4} maxLength={5000} />
        <label htmlFor="lot-sku">Warehouse SKU</label>
        <input
          id="lot-sku"
          name="sku"
          required
          pattern="[A-Za-z0-9_.\-]{1,64}"
          aria-describedby="lot-sku-hint"
        />
        <small id="lot-sku-hint">The item in the warehouse that ships to the winner.</small>
        <label htmlFor="lot-start">Start price ({currencyCode()})</label>
        <input id="lot-start" name="startPrice" inputMode="decimal" required />
        <fieldset>
          <legend>Minimum increment</legend>
          <label className="inline">
            <input type="radio" name="incrementKind" value="percent" defaultChecked /> Percent of the price
          </label>
          <label className="inline">
            <input type="radio" name="incrementKind" value="absolute" /> Fixed amount ({currencyCode()})
          </label>
          <label htmlFor="lot-increment">Increment</label>
          <input id="lot-increment" name="increment" inputMode="decimal" defaultValue="5" required />
        </fieldset>
        <label htmlFor="lot-ends">Ends at</label>
        <input id="lot-ends" name="endsAt" type="datetime-local" defaultValue={inHours(24)} required />
        <label htmlFor="lot-soft">Soft close: a bid in the last N seconds extends by N seconds</label>
        <input id="lot-soft" name="softCloseWindowS" type="number" min={0} max={3600} defaultValue={60} />
        <label htmlFor="lot-failed-sale">If the winner&apos;s order fails</label>
        <select
          id="lot-failed-sale"
          name="onFailedSale"
          defaultValue="second_chance_then_close"
          aria-describedby="lot-failed-sale-hint"
        >
          {ON_FAILED_SALE_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        <small id="lot-failed-sale-hint">
          The next-highest bidder may buy the lot at their last bid for a limited time; a relist starts a new
          auction of the same item.
        </small>
        <label htmlFor="lot-photos">Photos</label>
        <input
          id="lot-photos"
          name="photos"
          type="file"
          multiple
          accept="image/jpeg,image/png,image/webp"
          aria-describedby="lot-photos-hint"
        />
        <small id="lot-photos-hint">
          Up to {MAX_PHOTOS} JPEG, PNG or WebP images of at most 5 MB each; the first is the cover.
        </small>
        <ErrorNotice error={error} />
        {createdLotId && (
          <p>
            The lot was put up for auction all the same: <Link to={`/lots/${createdLotId}`}>open it</Link>.
          </p>
        )}
        <button type="submit" disabled={busy}>
          Put up for auction
        </button>
      </form>
    </section>
  );
}
