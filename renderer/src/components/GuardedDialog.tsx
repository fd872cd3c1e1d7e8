import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';

/**
 * Remembers the control that had focus when a dialog opened and gives focus back to it when the
 * dialog goes away, so a keyboard user carries on where they were. Our dialogs are mounted and
 * unmounted rather than opened by a DialogTrigger, so Fluent has no trigger of its own to return to.
 */
export function useReturnFocus(): void {
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(
    () => () => {
      // After the dialog's own focus trap has let go; skipped when the opener left with its screen.
      requestAnimationFrame(() => {
        if (opener?.isConnected) opener.focus();
      });
    },
    [opener],
  );
}

interface Props {
  /** Called when the dialog should go: Escape, a click outside, or (after asking) Discard. */
  onClose: () => void;
  children: ReactNode;
  /** True once what was typed has done its work (saved, or used and cleared): closing asks nothing. */
  settled?: boolean;
  style?: CSSProperties;
  'aria-describedby'?: string;
}

/**
 * The one dialog for forms people type into. Escape or a click outside closes it at once while
 * nothing has been typed; once something has (say, a whistleblower intake taken down during a
 * call), it asks "Discard what you typed?" first. Cancel and Save buttons inside call onClose
 * themselves and are not asked about: pressing them is already a decision.
 */
export function GuardedDialog({ onClose, children, settled = false, style, ...rest }: Props) {
  useReturnFocus();
  // Any input event inside the form counts as typing; a ref, because it changes nothing on screen.
  const typed = useRef(false);
  const [asking, setAsking] = useState(false);
  return (
    <Dialog
      open
      onOpenChange={(_, d) => {
        if (d.open) return;
        if (typed.current && !settled) setAsking(true);
        else onClose();
      }}
    >
      <DialogSurface style={style} {...rest} onInput={() => (typed.current = true)}>
        {children}
        {asking && <DiscardQuestion onKeep={() => setAsking(false)} onDiscard={onClose} />}
      </DialogSurface>
    </Dialog>
  );
}

/** "Discard what you typed?" — Keep editing puts focus back in the field the person was typing in. */
function DiscardQuestion({ onKeep, onDiscard }: { onKeep: () => void; onDiscard: () => void }) {
  useReturnFocus();
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && onKeep()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Discard what you typed?</DialogTitle>
          <DialogContent>What you typed in this form has not been saved.</DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onKeep}>
              Keep editing
            </Button>
            <Button onClick={onDiscard}>Discard</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
