/**
 * Splitting documents into review batches: whole email families, one after another, into batches
 * of about `size` documents. A family is never split between batches (a reviewer codes an email
 * with its attachments), so a batch may run over `size` to keep one whole, and a family larger
 * than `size` is a batch of its own.
 */

export interface SplitDocument {
  id: number;
  parent_id: number | null;
}

/**
 * The families of these documents, each in order (top first, then by id), in the order of their
 * tops' ids. A document whose parent is not among them heads its own family: the caller brings
 * whole families in first (db/review.ts withFamilies).
 */
export function familiesOf(docs: readonly SplitDocument[]): number[][] {
  const parent = new Map(docs.map((d) => [d.id, d.parent_id]));
  const topOf = (id: number): number => {
    let at = id;
    const seen = new Set<number>();
    for (let up = parent.get(at); up !== null && up !== undefined && parent.has(up) && !seen.has(up); up = parent.get(at)) {
      seen.add(at);
      at = up;
    }
    return at;
  };
  const families = new Map<number, number[]>();
  for (const d of [...docs].sort((a, b) => a.id - b.id)) {
    const top = topOf(d.id);
    const f = families.get(top);
    if (f) f.push(d.id);
    else families.set(top, [d.id]);
  }
  return [...families.entries()].sort(([a], [b]) => a - b).map(([top, ids]) => [top, ...ids.filter((i) => i !== top)]);
}

/** Families packed in order into batches of about `size` documents. */
export function splitIntoBatches(docs: readonly SplitDocument[], size: number): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  for (const family of familiesOf(docs)) {
    if (current.length > 0 && current.length + family.length > size) {
      batches.push(current);
      current = [];
    }
    current.push(...family);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
