/** Lot ids as the gateway accepts them in paths (checked before anything is forwarded). */
export const LOT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Gallery photo ids (UUIDs the lot service assigns). */
export const PHOTO_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
