import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { isStaleSave } from '../../../core/shared/versions.ts';

/**
 * Saving a record from the version a form loaded (core/versions.ts). A save refused because a
 * colleague changed the record meanwhile is not an error to fix but a choice: the form shows what
 * they changed and when, with Reload (drop mine, show theirs) and Keep mine (save mine again over
 * theirs). Keep mine goes through the form's own submit, so the form's guard against a second
 * submit in flight (SubmitForm) holds for it too.
 */
export interface VersionedSave {
  /** Run the save with the version to send; resolves undefined when it was refused as stale (the bar then shows). */
  save<T>(fn: (version: number) => Promise<T>): Promise<T | undefined>;
  /** The refusal's words, while it stands. */
  stale: string | null;
  /** Save mine again over theirs: the form's submit, with the record's latest version. */
  keepMine(e: MouseEvent<HTMLButtonElement>): void;
}

/** `loaded`: the version the form shows; `latest`: reads the record's version now (for Keep mine). */
export function useVersionedSave(loaded: number, latest: () => Promise<number>): VersionedSave {
  const version = useRef(loaded);
  const keeping = useRef(false);
  const [stale, setStale] = useState<string | null>(null);
  // A form that stays open (the coding panel) is given the new version after each save or reload;
  // a refusal about an older one no longer stands.
  const [shown, setShown] = useState(loaded);
  if (shown !== loaded) {
    setShown(loaded);
    setStale(null);
  }
  useEffect(() => {
    version.current = loaded;
  }, [loaded]);
  return {
    stale,
    async save(fn) {
      if (keeping.current) {
        keeping.current = false;
        version.current = await latest();
      }
      try {
        const r = await fn(version.current);
        setStale(null);
        return r;
      } catch (e) {
        if (!isStaleSave(e)) throw e;
        setStale((e as Error).message);
        return undefined;
      }
    },
    keepMine(e) {
      keeping.current = true;
      e.currentTarget.form?.requestSubmit();
    },
  };
}

/**
 * The refusal, in the form, with its two ways on; nothing while no refusal stands. Rendered inside
 * the form (Keep mine submits it). A reload that fails is the form's error to show.
 */
export function StaleSaveBar({ save, reload, onReloadFailed, className }: { save: VersionedSave; reload: () => Promise<unknown>; onReloadFailed: (message: string) => void; className?: string }) {
  if (!save.stale) return null;
  return (
    <div className={className}>
      <StaleBar message={save.stale} onReload={() => void reload().catch((e: Error) => onReloadFailed(e.message))} onKeepMine={save.keepMine} />
    </div>
  );
}

/** The refusal and its two ways on, for a save that is not a form's (a coding panel's one-click change). */
export function StaleBar({ message, onReload, onKeepMine }: { message: string; onReload: () => void; onKeepMine: (e: MouseEvent<HTMLButtonElement>) => void }) {
  const bar = useRef<HTMLDivElement>(null);
  // A long form scrolls inside its dialog: the refusal is brought into view where the person is.
  useEffect(() => {
    bar.current?.scrollIntoView?.({ block: 'nearest' });
  }, [message]);
  return (
    <div ref={bar}>
      <MessageBar intent="warning" role="alert" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Not saved</MessageBarTitle>
          {message}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={onReload}>Reload</Button>
          <Button appearance="primary" onClick={onKeepMine}>
            Keep mine
          </Button>
        </MessageBarActions>
      </MessageBar>
    </div>
  );
}
