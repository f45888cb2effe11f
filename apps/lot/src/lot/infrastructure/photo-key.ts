/** A photo's key (the lot id) as both stores take it: a plain file name, never a path or a dot name. */
export function photoKey(key: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(key) || /^\.+$/.test(key)) throw new Error(`invalid photo key ${key}`);
  return key;
}
