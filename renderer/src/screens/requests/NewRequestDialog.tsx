import { useState } from 'react';
import {
  Button,
  Checkbox,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Option,
  Textarea,
} from '@fluentui/react-components';
import { useFormStyles } from '../../components/form-styles.ts';
import type { InputOf } from '../../../../core/api.ts';
import { PRIORITIES } from '../../../../core/shared/vocabulary.ts';
import { call } from '../../api/client.ts';
import { navigate } from '../../routes.ts';
import { splitFieldError } from '../../files.ts';
import { useSettings } from '../../settings-context.tsx';
import { RequestScopeFields, SCOPE_FIELDS, blankScope, scopeInput, type Scope } from './RequestScopeFields.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { GuardedDialog } from '../../components/GuardedDialog.tsx';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

/** Fields that show their own error; any other error goes in the bar at the bottom. */
const FIELDS_SHOWN = [...SCOPE_FIELDS, 'sent', 'received', 'trackingNumbers'];

export function NewRequestDialog({ onClose }: { onClose: () => void }) {
  const s = useFormStyles();
  const { settings } = useSettings();
  const [scope, setScope] = useState<Scope>(() => blankScope(settings?.officeTimeZone ?? ''));
  const change = (patch: Partial<Scope>) => setScope((v) => ({ ...v, ...patch }));
  const [sent, setSent] = useState('');
  const [received, setReceived] = useState('');
  const [tracking, setTracking] = useState('');
  const [assignee, setAssignee] = useState('');
  const [priority, setPriority] = useState<(typeof PRIORITIES)[number]>('normal');
  const [expedited, setExpedited] = useState(false);
  const [feeWaiver, setFeeWaiver] = useState(false);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const err = (field: string) => (error?.field === field ? error.text : undefined);

  async function submit() {
    setBusy(true);
    const input: InputOf<'requests.create'> = {
      ...scopeInput(scope),
      assignee,
      priority,
      expeditedRequested: expedited,
      feeWaiverRequested: feeWaiver,
      notes,
      trackingNumbers: tracking.trim() ? [{ kind: 'agency', number: tracking.trim() }] : [],
      ...(sent ? { sent } : {}),
      ...(received ? { received } : {}),
    };
    try {
      const created = await call('requests.create', input);
      onClose();
      navigate('requests', created.reference);
    } catch (e) {
      setError(splitFieldError((e as Error).message));
    } finally {
      setBusy(false);
    }
  }

  return (
    <GuardedDialog onClose={onClose} aria-describedby={undefined}>
      <SubmitForm onSubmit={submit}>
        <DialogBody>
          <DialogTitle>New request</DialogTitle>
          <DialogContent className={s.form}>
            <RequestScopeFields
              value={scope}
              onChange={change}
              err={err}
              between={
                <>
                  <Field label="Sent on" validationMessage={err('sent')}>
                    <Input type="date" value={sent} onChange={(_, d) => setSent(d.value)} />
                  </Field>
                  <Field label="Received by the agency on" hint="Starts the statutory clock (day 0)." validationMessage={err('received')}>
                    <Input type="date" value={received} onChange={(_, d) => setReceived(d.value)} />
                  </Field>
                </>
              }
            />
            <Field label="Agency tracking number" hint={limitHint(tracking, FIELD_LIMITS.request.trackingNumber)} validationMessage={err('trackingNumbers')}>
              <Input value={tracking} onChange={(_, d) => setTracking(d.value)} maxLength={FIELD_LIMITS.request.trackingNumber} />
            </Field>
            <Field label="Assignee" hint={limitHint(assignee, FIELD_LIMITS.request.assignee)}>
              <Input value={assignee} onChange={(_, d) => setAssignee(d.value)} maxLength={FIELD_LIMITS.request.assignee} />
            </Field>
            <Field label="Priority">
              <Dropdown selectedOptions={[priority]} value={priority} onOptionSelect={(_, d) => setPriority(d.optionValue as typeof priority)}>
                {PRIORITIES.map((p) => (
                  <Option key={p} value={p}>
                    {p}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            {scope.kind === 'foia' && (
              <div className={`${s.wide} ${s.checks}`}>
                <Checkbox label="Expedited processing asked for" checked={expedited} onChange={(_, d) => setExpedited(Boolean(d.checked))} />
                <Checkbox label="Fee waiver asked for" checked={feeWaiver} onChange={(_, d) => setFeeWaiver(Boolean(d.checked))} />
              </div>
            )}
            <Field className={s.wide} label="Notes" hint={limitHint(notes, FIELD_LIMITS.request.notes)}>
              <Textarea value={notes} onChange={(_, d) => setNotes(d.value)} resize="vertical" />
            </Field>
            {error && !(error.field && FIELDS_SHOWN.includes(error.field)) && (
              <div className={s.wide}>
                <ErrorBar message={error.text} />
              </div>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button appearance="primary" type="submit" disabled={busy}>
              Create request
            </Button>
          </DialogActions>
        </DialogBody>
      </SubmitForm>
    </GuardedDialog>
  );
}
