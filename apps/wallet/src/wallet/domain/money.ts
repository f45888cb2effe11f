/** Money is integer minor units. The largest single top-up accepted (10,000,000.00). */
export const MAX_TOP_UP_MINOR = 1_000_000_000;
