import { FormEvent, useState } from 'react';
import { call, describe } from '../api';
import { currencyCode, parseMoney } from '../money';
import { navigate } from '../router';
import { ErrorNotice, PageTitle } from '../ui';

const inHours = (h: number): string => {
  const d = new Date(Date.now() + h * 3_600_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** POST /lots, then POST /lots/:id/photo (multipart) when a photo was chosen. */
export function NewLotPage() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const startPrice = parseMoney(String(form.get('startPrice')));
    if (!startPrice) return setError('Start price must be a positive amount such as 25 or 25.50.');
    const kind = String(form.get('incrementKind'));
    const incrementInput = String(form.get('increment'));
    const increment =
      kind === 'percent'
        ? { kind, value: Number(incrementInput) }
        : { kind, value: String(parseMoney(incrementInput) ?? '') };
    setBusy(true);
    setError(null);
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
      });
      const lotId = created.body.id ?? created.body.lotId ?? '';
      const photo = form.get('photo');
      if (photo instanceof File && photo.size > 0) {
        const upload = new FormData();
        upload.append('photo', photo);
        await call('POST', `/lots/${lotId}/photo`, upload);
      }
      navigate(`/lots/${lotId}`);
    } catch (err) {
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
        <label htmlFor="lot-photo">Photo (JPEG, PNG or WebP, up to 5 MB)</label>
        <input id="lot-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" />
        <ErrorNotice error={error} />
        <button type="submit" disabled={busy}>
          Put up for auction
        </button>
      </form>
    </section>
  );
}
