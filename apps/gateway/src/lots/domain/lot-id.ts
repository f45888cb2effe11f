/** Lot ids as the gateway accepts them in paths (checked before anything is forwarded). */
export const LOT_ID = /^[A-Za-z0-9_-]{1,64}$/;
