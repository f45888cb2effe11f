import { BidAddress } from '../bidding';

const FIELDS: { key: keyof BidAddress; label: string; autoComplete: string }[] = [
  { key: 'name', label: 'Full name', autoComplete: 'name' },
  { key: 'line1', label: 'Street and number', autoComplete: 'address-line1' },
  { key: 'city', label: 'City', autoComplete: 'address-level2' },
  { key: 'postcode', label: 'Postcode', autoComplete: 'postal-code' },
  { key: 'country', label: 'Country code (e.g. NL)', autoComplete: 'country' },
];

/** The delivery address a bid carries (used if it wins); remembered on this device. */
export function AddressFields({ value, onChange }: { value: BidAddress; onChange(next: BidAddress): void }) {
  return (
    <fieldset className="address">
      <legend>Delivery address (used if you win)</legend>
      {FIELDS.map((f) => (
        <div key={f.key}>
          <label htmlFor={`addr-${f.key}`}>{f.label}</label>
          <input
            id={`addr-${f.key}`}
            autoComplete={f.autoComplete}
            value={value[f.key]}
            onChange={(e) =>
              onChange({
                ...value,
                [f.key]: f.key === 'country' ? e.target.value.toUpperCase() : e.target.value,
              })
            }
            maxLength={f.key === 'country' ? 2 : 200}
          />
        </div>
      ))}
    </fieldset>
  );
}
