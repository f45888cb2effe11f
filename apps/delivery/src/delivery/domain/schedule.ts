/** The standard delivery schedule: a few slots a day (UTC hours), a rolling window of days ahead. */
export interface SlotPlan {
  id: string;
  startsAt: Date;
}

export const STANDARD_SLOT_HOURS_UTC = [9, 12, 15, 18] as const;

/** Slots from `now` (exclusive) through the next `days` calendar days; ids are stable, e.g. `std-20250102-09`. */
export function planSlots(
  now: Date,
  days: number,
  hours: readonly number[] = STANDARD_SLOT_HOURS_UTC,
): SlotPlan[] {
  const plan: SlotPlan[] = [];
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let d = 0; d <= days; d++) {
    for (const hour of hours) {
      const startsAt = new Date(first + d * 86_400_000 + hour * 3_600_000);
      if (startsAt.getTime() <= now.getTime()) continue;
      const day = startsAt.toISOString().slice(0, 10).replace(/-/g, '');
      plan.push({ id: `std-${day}-${String(hour).padStart(2, '0')}`, startsAt });
    }
  }
  return plan;
}
