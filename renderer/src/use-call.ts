import { useCallback, useEffect, useState } from 'react';
import type { CallName, InputOf, ResultOf } from '../../core/api.ts';
import { call } from './api/client.ts';

/** Load a call's result when the component mounts; `reload` fetches again. */
export function useCall<K extends CallName>(name: K, input: InputOf<K>) {
  const [data, setData] = useState<ResultOf<K> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(input);
  const reload = useCallback(() => {
    call(name, JSON.parse(key) as InputOf<K>).then(
      (v) => {
        setData(v);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [name, key]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}
