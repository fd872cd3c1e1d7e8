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
import { KINDS_WITH_SET_DUE, KIND_LABELS, PRIORITIES, REQUEST_KINDS, type RequestKind } from '../../../../core/shared/vocabulary.ts';
import { call } from '../../api/client.ts';
import { navigate } from '../../routes.ts';
import { splitFieldError } from '../../files.ts';
import { useCall } from '../../use-call.ts';
import { AgencyPicker } from './AgencyPicker.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { GuardedDialog } from '../../components/GuardedDialog.tsx';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

/** Fields that show their own error; any other error goes in the bar at the bottom. */
const FIELDS_SHOWN = ['agency', 'subject', 'recordsSought', 'recordsFrom', 'recordsTo', 'sent', 'received', 'dueAt', 'dueTz', 'trackingNumbers'];

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function NewRequestDialog({ onClose }: { onClose: () => void }) {
  const s = useFormStyles();
  const agencies = useCall('agencies.list', {});
  const [kind, setKind] = useState<RequestKind>('foia');
  const [agency, setAgency] = useState('');
  const [subject, setSubject] = useState('');
  const [records, setRecords] = useState('');
  const [recordsFrom, setRecordsFrom] = useState('');
  const [recordsTo, setRecordsTo] = useState('');
  const [sent, setSent] = useState('');
  const [received, setReceived] = useState('');
  const [tracking, setTracking] = useState('');
  const [assignee, setAssignee] = useState('');
  const [priority, setPriority] = useState<(typeof PRIORITIES)[number]>('normal');
  const [expedited, setExpedited] = useState(false);
  const [feeWaiver, setFeeWaiver] = useState(false);
  const [dueDate, setDueDate] = useState('');
  const [dueTime, setDueTime] = useState('');
  const [dueTz, setDueTz] = useState(localZone());
  const [asap, setAsap] = useState(false);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const setDue = KINDS_WITH_SET_DUE.includes(kind);
  const err = (field: string) => (error?.field === field ? error.text : undefined);

  async function submit() {
    setBusy(true);
    const input: InputOf<'requests.create'> = {
      kind,
      agency,
      subject,
      recordsSought: records,
      assignee,
      priority,
      expeditedRequested: expedited,
      feeWaiverRequested: feeWaiver,
      notes,
      trackingNumbers: tracking.trim() ? [{ kind: 'agency', number: tracking.trim() }] : [],
      ...(recordsFrom ? { recordsFrom } : {}),
      ...(recordsTo ? { recordsTo } : {}),
      ...(sent ? { sent } : {}),
      ...(received ? { received } : {}),
      ...(setDue && dueDate ? { dueAt: dueTime ? `${dueDate}T${dueTime}` : dueDate, dueTz } : {}),
      ...(setDue && asap ? { dueAsap: true } : {}),
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
            <Field label="Kind" required>
              <Dropdown selectedOptions={[kind]} value={KIND_LABELS[kind]} onOptionSelect={(_, d) => setKind(d.optionValue as RequestKind)}>
                {REQUEST_KINDS.map((k) => (
                  <Option key={k} value={k}>
                    {KIND_LABELS[k]}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Field label="Agency or component" required validationMessage={err('agency')}>
              <AgencyPicker agencies={agencies.data ?? []} value={agency} onChange={setAgency} />
            </Field>
            <Field className={s.wide} label="Subject" required hint={limitHint(subject, FIELD_LIMITS.request.subject)} validationMessage={err('subject')}>
              <Input value={subject} onChange={(_, d) => setSubject(d.value)} maxLength={FIELD_LIMITS.request.subject} />
            </Field>
            <Field className={s.wide} label="Records sought" hint={limitHint(records, FIELD_LIMITS.request.recordsSought)} validationMessage={err('recordsSought')}>
              <Textarea value={records} onChange={(_, d) => setRecords(d.value)} resize="vertical" />
            </Field>
            <Field label="Records dated from" validationMessage={err('recordsFrom')}>
              <Input type="date" value={recordsFrom} onChange={(_, d) => setRecordsFrom(d.value)} />
            </Field>
            <Field label="Records dated to" validationMessage={err('recordsTo')}>
              <Input type="date" value={recordsTo} onChange={(_, d) => setRecordsTo(d.value)} />
            </Field>
            <Field label="Sent on" validationMessage={err('sent')}>
              <Input type="date" value={sent} onChange={(_, d) => setSent(d.value)} />
            </Field>
            <Field label="Received by the agency on" hint="Starts the statutory clock (day 0)." validationMessage={err('received')}>
              <Input type="date" value={received} onChange={(_, d) => setReceived(d.value)} />
            </Field>
            {setDue && (
              <>
                <Field label="Due date set in the document" validationMessage={err('dueAt')}>
                  <Input type="date" value={dueDate} onChange={(_, d) => setDueDate(d.value)} />
                </Field>
                <Field label="Due time (optional)">
                  <Input type="time" value={dueTime} onChange={(_, d) => setDueTime(d.value)} />
                </Field>
                <Field label="Time zone" validationMessage={err('dueTz')}>
                  <Input value={dueTz} onChange={(_, d) => setDueTz(d.value)} />
                </Field>
                <Checkbox label="Asks for an answer as soon as possible" checked={asap} onChange={(_, d) => setAsap(Boolean(d.checked))} />
              </>
            )}
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
            {kind === 'foia' && (
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
