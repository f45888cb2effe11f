/**
 * Gateway paths whose JSON bodies may exceed BODY_LIMIT (16 kB; @app/common): a bulk saga action names
 * up to 500 saga ids of up to 128 characters. The admin check comes after the body is read, so anyone
 * can make the gateway read up to this much on this path — and nowhere else.
 */
export const GATEWAY_LARGER_BODIES: Readonly<Record<string, string>> = { '/admin/sagas/actions': '80kb' };
