import { freePort } from '../support/apps';

export { closePools, db, uniqueId, waitFor } from '../support/env';

/** A loopback URL where nothing listens (a service that is down). */
export async function freePortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`;
}
