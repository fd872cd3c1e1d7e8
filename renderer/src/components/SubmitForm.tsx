import { createContext, useContext, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Spinner, makeStyles, mergeClasses } from '@fluentui/react-components';

const useStyles = makeStyles({
  // A fieldset only so that `disabled` reaches every control inside it; it draws nothing of its own.
  fieldset: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
});

const SubmittingContext = createContext(false);

/** True inside a SubmitForm while its save is in flight (for a button's "Saving…" label). */
export function useSubmitting(): boolean {
  return useContext(SubmittingContext);
}

interface Props {
  /** The save. The form takes no input and no second submit until it settles. */
  onSubmit: () => Promise<unknown> | unknown;
  children: ReactNode;
  /** Layout of the controls (applied to the fieldset that holds them). */
  className?: string;
  'aria-label'?: string;
  'aria-labelledby'?: string;
  role?: string;
}

/**
 * The one form every save in the app goes through. While a save is in flight every control
 * is disabled (so nothing typed meanwhile is lost or carried into the next entry) and a second
 * submit — a double click, Enter pressed twice — is dropped before it reaches the core: the guard
 * is a ref, set synchronously, because React's state would let a second event through before
 * the next render.
 */
export function SubmitForm({ onSubmit, children, className, ...rest }: Props) {
  const s = useStyles();
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  async function handle(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      await onSubmit();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }
  return (
    <form {...rest} aria-busy={busy || undefined} onSubmit={(e) => void handle(e)}>
      <fieldset className={mergeClasses(s.fieldset, className)} disabled={busy}>
        <SubmittingContext.Provider value={busy}>{children}</SubmittingContext.Provider>
      </fieldset>
    </form>
  );
}

/** A form's submit button: says what it is doing while the save is in flight ("Saving…"), with a spinner; `ready` false until the form is complete. */
export function SubmitButton({ label, busyLabel, ready = true, appearance = 'primary' }: { label: string; busyLabel: string; ready?: boolean; appearance?: 'primary' | 'secondary' }) {
  const busy = useSubmitting();
  return (
    <Button type="submit" appearance={appearance} disabled={!ready} icon={busy ? <Spinner size="tiny" /> : undefined}>
      {busy ? busyLabel : label}
    </Button>
  );
}
