/** The fields an edit changed, before and after: what an update's audit row records (never the untouched rest). */
export function fieldChanges<T extends object>(before: T, after: T): { before: Partial<T>; after: Partial<T> } {
  const keys = (Object.keys(after) as (keyof T)[]).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(before[k]));
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k]])) as Partial<T>,
    after: Object.fromEntries(keys.map((k) => [k, after[k]])) as Partial<T>,
  };
}
