/**
 * Field schemas the message schemas of this library share (not exported from the barrel: a message's
 * schema is what a service uses, never a field of it).
 */

/** Positive integer minor units that fit a PostgreSQL bigint, as a decimal string. */
export const POSITIVE_MINOR_UNITS = { type: 'string', pattern: '^[1-9][0-9]{0,17}$' } as const;
/** A user id as the gateway issues it. */
export const USER_ID = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } as const;
export const UUID = {
  type: 'string',
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
} as const;
/** An order id, a command id, a hold's `reference`: opaque, bounded. */
export const TEXT_ID = { type: 'string', minLength: 1, maxLength: 255 } as const;

/**
 * What a schema written `as const` (not as ajv's JSONSchemaType) must agree on with its message type:
 * it requires and describes only the type's fields.
 */
export type DataSchema<T> = {
  readonly [keyword: string]: unknown;
  readonly required: readonly (keyof T & string)[];
  readonly properties: { readonly [K in keyof T]?: unknown };
};
