/**
 * Live refresh: what a screen shows is read again when someone else (another staffer, a
 * `sunshine` command, another window) commits a change to it. The core pushes each change as an
 * event (core/live-changes.ts); nothing here polls. `reload` must keep what the person is doing:
 * a form being typed into is not overwritten, a list keeps its rows until the new ones arrive.
 */
import { useEffect, useRef } from 'react';
import type { ChangedEvent } from '../../core/api.ts';
import { onChange } from './api/client.ts';

/**
 * A burst of changes (a bulk tagging, an import writing file after file, colleagues at work) is one
 * reload, this long after the first: at most one a second per screen, so a busy team does not keep
 * every open window re-reading its lists.
 */
const GATHER_MS = 1000;

/** Whether an event names one of `entities` (audit entity kinds), or asks for everything to be read again. */
export function changeConcerns(e: ChangedEvent, entities: readonly string[], id?: { entity: string; id: string }): boolean {
  if (e.everything) return true;
  if (!e.entities.some((x) => entities.includes(x))) return false;
  if (!id) return true;
  // A change that names no records (too big to list them all, a bulk change to documents) may be this one.
  if (!e.ids || e.entities.includes('documents')) return true;
  return e.ids.some((x) => x.entity === id.entity && x.id === id.id);
}

/**
 * Call `reload` when a change names one of `entities` (and, given `id`, that record). A burst of
 * changes is gathered into one reload.
 */
export function useLiveRefresh(entities: readonly string[], reload: () => void, id?: { entity: string; id: string }): void {
  const latest = useRef(reload);
  // The newest `reload` is used, without listening again each render.
  useEffect(() => {
    latest.current = reload;
  });
  const kinds = entities.join(',');
  const idKey = id ? `${id.entity}:${id.id}` : '';
  useEffect(() => {
    const list = kinds.split(',');
    const only = idKey ? { entity: idKey.slice(0, idKey.indexOf(':')), id: idKey.slice(idKey.indexOf(':') + 1) } : undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = onChange((e) => {
      if (timer || !changeConcerns(e, list, only)) return;
      timer = setTimeout(() => {
        timer = undefined;
        latest.current();
      }, GATHER_MS);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, [kinds, idKey]);
}
