/** Rows of a growing list, newest first by id, loaded a page at a time (older pages by `beforeId`). */
export interface Pages<T extends { readonly id: number }> {
  readonly items: readonly T[];
  /** The last page was full: there may be older rows. */
  readonly hasOlder: boolean;
}

export const noPages = { items: [], hasOlder: true } as const satisfies Pages<{ id: number }>;

/** Merges rows into a list (a row seen again replaces the old copy), newest first. */
export function mergeById<T extends { readonly id: number }>(current: readonly T[], incoming: readonly T[]): readonly T[] {
  if (incoming.length === 0) return current;
  const byId = new Map<number, T>();
  for (const x of current) byId.set(x.id, x);
  for (const x of incoming) byId.set(x.id, x);
  return [...byId.values()].sort((a, b) => b.id - a.id);
}

/** After a page arrived: the rows merged, and whether more may follow (a short page is the last one). */
export function addPage<T extends { readonly id: number }>(p: Pages<T>, page: readonly T[], pageSize: number): Pages<T> {
  return { items: mergeById(p.items, page), hasOlder: page.length >= pageSize };
}

/** The cursor for the next older page: the lowest id loaded. */
export function oldestId(items: readonly { readonly id: number }[]): number | undefined {
  let low: number | undefined;
  for (const x of items) if (low === undefined || x.id < low) low = x.id;
  return low;
}
