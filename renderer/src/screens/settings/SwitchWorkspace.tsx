/** Settings → Data: "Switch workspace…" closes this workspace and shows the start screen. */
import { useState } from 'react';
import { launcher } from '../../api/client.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitButton, SubmitForm } from '../../components/SubmitForm.tsx';


export function SwitchWorkspace() {
  const [error, setError] = useState<string | null>(null);
  if (!launcher) return null;
  async function submit() {
    try {
      await launcher!.switchWorkspace();
      // A fresh page at no screen in particular: nothing held by this workspace's screens is
      // carried to the next, which opens at its dashboard.
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
      window.location.reload();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <SubmitForm onSubmit={submit} aria-label="Switch workspace">
      <SubmitButton appearance="secondary" label="Switch workspace…" busyLabel="Closing…" />
      <ErrorBar title="This workspace could not be closed" message={error} />
    </SubmitForm>
  );
}
