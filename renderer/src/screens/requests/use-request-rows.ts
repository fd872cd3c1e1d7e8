import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf, RequestSummary } from '../../../../core/api.ts';
import { call } from '../../api/client.ts';

export type ListFilter = Omit<InputOf<'requests.list'>, 'offset' | 'limit'>;

const CHUNK = 200;

/**
 * Rows of a filtered list, fetched in chunks of 200 as they scroll into view,
 * so 20,000 requests never travel at once. A new filter starts afresh.
 */
export function useRequestRows(filter: ListFilter) {
  const key = JSON.stringify(filter);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);
  const chunks = useRef(new Map<number, RequestSummary[]>());
  const pending = useRef(new Set<number>());
  const generation = useRef(0);

  const load = useCallback(
    (chunk: number) => {
      if (chunks.current.has(chunk) || pending.current.has(chunk)) return;
      pending.current.add(chunk);
      const gen = generation.current;
      call('requests.list', { ...(JSON.parse(key) as ListFilter), offset: chunk * CHUNK, limit: CHUNK }).then(
        (r) => {
          if (gen !== generation.current) return; // the filter changed meanwhile
          pending.current.delete(chunk);
          chunks.current.set(chunk, r.rows);
          setTotal(r.total);
          setError(null);
          setVersion((v) => v + 1);
        },
        (e: Error) => {
          pending.current.delete(chunk);
          setError(e.message);
        },
      );
    },
    [key],
  );

  const reload = useCallback(() => {
    generation.current++;
    chunks.current = new Map();
    pending.current = new Set();
    load(0);
  }, [load]);

  useEffect(reload, [reload]);

  /**
   * The chunks already shown, read again; the old rows stay on screen until the new ones arrive,
   * so a live refresh neither blanks the list nor moves its scroll.
   */
  const refresh = useCallback(() => {
    const gen = ++generation.current;
    const shown = chunks.current.size ? [...chunks.current.keys()] : [0];
    pending.current = new Set();
    for (const chunk of shown) {
      call('requests.list', { ...(JSON.parse(key) as ListFilter), offset: chunk * CHUNK, limit: CHUNK }).then(
        (r) => {
          if (gen !== generation.current) return;
          chunks.current.set(chunk, r.rows);
          setTotal(r.total);
          setError(null);
          setVersion((v) => v + 1);
        },
        (e: Error) => {
          if (gen === generation.current) setError(e.message);
        },
      );
    }
  }, [key]);

  const rowAt = useCallback(
    (i: number): RequestSummary | undefined => {
      const chunk = Math.floor(i / CHUNK);
      const rows = chunks.current.get(chunk);
      if (!rows) {
        load(chunk);
        return undefined;
      }
      return rows[i % CHUNK];
    },
    [load],
  );

  return { total, error, rowAt, reload, refresh };
}
