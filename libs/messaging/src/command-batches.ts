/**
 * The order in which a group's commands are applied when some handlers take many commands at once.
 *
 * Commands are applied in the group's order, except that consecutive commands whose handler can batch
 * are gathered, per handler, and applied together where the first of them stood. A batch holds at most
 * one command per saga and per command id: a second command of a saga already gathered, or a command
 * whose handler cannot batch, closes the open batches and runs after them. So the commands of one saga
 * keep their order (the only order Kafka promises, per key), while commands of different sagas may be
 * applied in another order than they were fetched in — as they could have been fetched in any order
 * from different partitions.
 */
export type Segment<T> = { kind: 'batches'; batches: T[][] } | { kind: 'single'; item: T };

export interface BatchKeys<T> {
  /** The batch a command can join (its handler), or undefined when it must run alone. */
  batchOf(item: T): object | undefined;
  sagaOf(item: T): string;
  idOf(item: T): string;
}

export function planSegments<T>(items: readonly T[], keys: BatchKeys<T>): Segment<T>[] {
  const segments: Segment<T>[] = [];
  let open = new Map<object, T[]>();
  const sagas = new Set<string>();
  const ids = new Set<string>();
  const close = (): void => {
    if (open.size > 0) segments.push({ kind: 'batches', batches: [...open.values()] });
    open = new Map();
    sagas.clear();
    ids.clear();
  };
  for (const item of items) {
    const batch = keys.batchOf(item);
    if (batch === undefined) {
      close();
      segments.push({ kind: 'single', item });
      continue;
    }
    if (sagas.has(keys.sagaOf(item)) || ids.has(keys.idOf(item))) close();
    sagas.add(keys.sagaOf(item));
    ids.add(keys.idOf(item));
    const list = open.get(batch);
    if (list) list.push(item);
    else open.set(batch, [item]);
  }
  close();
  return segments;
}
