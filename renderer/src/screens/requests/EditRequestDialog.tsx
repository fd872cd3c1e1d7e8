import { useState } from 'react';
import {
  Button,
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
import type { InputOf, RequestDetail } from '../../../../core/api.ts';
import { FEE_CATEGORIES, PRIORITIES, TRACKING_KINDS } from '../../../../core/shared/vocabulary.ts';
import { call } from '../../api/client.ts';
import { splitFieldError } from '../../files.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { GuardedDialog } from '../../components/GuardedDialog.tsx';
import { StaleSaveBar, useVersionedSave } from '../../components/StaleSave.tsx';
import { useSettings } from '../../settings-context.tsx';
import { RequestScopeFields, SCOPE_FIELDS, scopeInput, scopeOf, type Scope } from './RequestScopeFields.tsx';

/** Fields that show their own error; any other error goes in the bar at the bottom. */
const FIELDS_SHOWN = [...SCOPE_FIELDS, 'trackingNumbers', 'feeEstimate', 'feePaid'];
import { eachLimitHint, limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

type Decision = 'undecided' | 'granted' | 'denied';
const toDecision = (b: boolean | null): Decision => (b === null ? 'undecided' : b ? 'granted' : 'denied');
const fromDecision = (d: Decision) => (d === 'undecided' ? null : d === 'granted');

/** Tracking numbers as lines "agency 2026-ICFO-00012" or "referral 123 (CBP)". */
const trackingText = (d: RequestDetail) => d.tracking.map((t) => `${t.kind} ${t.number}${t.agency !== d.agency.abbreviation ? ` (${t.agency})` : ''}`).join('\n');
function parseTracking(text: string): InputOf<'requests.update'>['patch']['trackingNumbers'] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(\S+)\s+(.+?)(?:\s+\(([^()]+)\))?$/.exec(l);
      const kind = m && (TRACKING_KINDS as readonly string[]).includes(m[1]!) ? (m[1] as (typeof TRACKING_KINDS)[number]) : null;
      if (!m || !kind) return { kind: 'agency' as const, number: l };
      return { kind, number: m[2]!, ...(m[3] ? { agency: m[3] } : {}) };
    });
}

interface Props {
  request: RequestDetail;
  onClose: () => void;
  onSaved: (d: RequestDetail) => void;
}

/** The dialog stays while Reload puts a colleague's newer version in the form (a new form, keyed by the version). */
export function EditRequestDialog({ request, onClose, onSaved }: Props) {
  const [shown, setShown] = useState(request);
  async function reload() {
    const fresh = await call('requests.get', { reference: shown.reference });
    setShown(fresh);
    onSaved(fresh);
  }
  return (
    <GuardedDialog onClose={onClose} aria-describedby={undefined}>
      <EditRequestForm key={shown.version} request={shown} onClose={onClose} onSaved={onSaved} onReload={reload} />
    </GuardedDialog>
  );
}

function EditRequestForm({ request: d, onClose, onSaved, onReload }: Props & { onReload: () => Promise<void> }) {
  const s = useFormStyles();
  const versioned = useVersionedSave(d.version, async () => (await call('requests.get', { reference: d.reference })).version);
  const { settings } = useSettings();
  const [scope, setScope] = useState<Scope>(() => scopeOf(d, settings?.officeTimeZone ?? ''));
  const change = (patch: Partial<Scope>) => setScope((v) => ({ ...v, ...patch }));
  const [assignee, setAssignee] = useState(d.assignee);
  const [requester, setRequester] = useState(d.requester);
  const [priority, setPriority] = useState(d.priority);
  const [tracking, setTracking] = useState(trackingText(d));
  const [notes, setNotes] = useState(d.notes);
  const [expedited, setExpedited] = useState<Decision>(toDecision(d.expeditedGranted));
  const [waiver, setWaiver] = useState<Decision>(toDecision(d.feeWaiverGranted));
  const [feeCategory, setFeeCategory] = useState<RequestDetail['feeCategory']>(d.feeCategory);
  const [estimate, setEstimate] = useState(d.feeEstimate?.toFixed(2) ?? '');
  const [paid, setPaid] = useState(d.feePaid?.toFixed(2) ?? '');
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const err = (f: string) => (error?.field === f ? error.text : undefined);
  const amount = (v: string) => (v.trim() === '' ? null : Number(v));

  async function submit() {
    try {
      const patch: InputOf<'requests.update'>['patch'] = {
        ...scopeInput(scope),
        assignee,
        requester,
        priority,
        notes,
        trackingNumbers: parseTracking(tracking),
        feeCategory,
        feeEstimate: amount(estimate),
        feePaid: amount(paid),
        ...(scope.kind === 'foia' ? { expeditedGranted: fromDecision(expedited), feeWaiverGranted: fromDecision(waiver) } : {}),
      };
      const saved = await versioned.save((version) => call('requests.update', { reference: d.reference, patch, version }));
      if (!saved) return;
      onSaved(saved);
      onClose();
    } catch (e) {
      // The contract names a refused field inside the patch ("patch.dueTz: …"); the form knows it as dueTz.
      setError(splitFieldError((e as Error).message.replace(/^patch\./, '')));
    }
  }

  const decision = (label: string, value: Decision, set: (d: Decision) => void) => (
    <Field label={label}>
      <Dropdown selectedOptions={[value]} value={value} onOptionSelect={(_, o) => set(o.optionValue as Decision)}>
        <Option value="undecided">undecided</Option>
        <Option value="granted">granted</Option>
        <Option value="denied">denied</Option>
      </Dropdown>
    </Field>
  );

  return (
    <SubmitForm onSubmit={submit}>
      <DialogBody>
        <DialogTitle>Edit {d.reference}</DialogTitle>
        <DialogContent className={s.form}>
          <RequestScopeFields value={scope} onChange={change} err={err} />
          <Field label="Assignee" hint={limitHint(assignee, FIELD_LIMITS.request.assignee)}>
            <Input value={assignee} onChange={(_, v) => setAssignee(v.value)} />
          </Field>
          <Field label="Requester or office" hint={limitHint(requester, FIELD_LIMITS.request.requester)}>
            <Input value={requester} onChange={(_, v) => setRequester(v.value)} />
          </Field>
          <Field label="Priority">
            <Dropdown selectedOptions={[priority]} value={priority} onOptionSelect={(_, o) => setPriority(o.optionValue as typeof priority)}>
              {PRIORITIES.map((p) => (
                <Option key={p} value={p}>
                  {p}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field className={s.wide} label="Tracking numbers" hint={eachLimitHint(FIELD_LIMITS.request.trackingNumber, 'One per line: "agency 2026-ICFO-00012", "referral 123 (CBP)"')} validationMessage={err('trackingNumbers')}>
            <Textarea value={tracking} onChange={(_, v) => setTracking(v.value)} />
          </Field>
          {scope.kind === 'foia' && (
            <>
              {decision('Expedited processing', expedited, setExpedited)}
              {decision('Fee waiver', waiver, setWaiver)}
            </>
          )}
          <Field label="Fee category">
            <Dropdown
              selectedOptions={[feeCategory ?? 'unknown']}
              value={feeCategory ?? 'not set'}
              onOptionSelect={(_, o) => setFeeCategory(o.optionValue === 'unknown' ? null : (o.optionValue as (typeof FEE_CATEGORIES)[number]))}
            >
              <Option value="unknown">not set</Option>
              {FEE_CATEGORIES.map((c) => (
                <Option key={c} value={c}>
                  {c}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label="Fee estimate ($)" validationMessage={err('feeEstimate')}>
            <Input inputMode="decimal" value={estimate} onChange={(_, v) => setEstimate(v.value)} />
          </Field>
          <Field label="Fees paid ($)" validationMessage={err('feePaid')}>
            <Input inputMode="decimal" value={paid} onChange={(_, v) => setPaid(v.value)} />
          </Field>
          <Field className={s.wide} label="Notes" hint={limitHint(notes, FIELD_LIMITS.request.notes)}>
            <Textarea value={notes} onChange={(_, v) => setNotes(v.value)} resize="vertical" />
          </Field>
          <StaleSaveBar className={s.wide} save={versioned} reload={onReload} onReloadFailed={(text) => setError({ field: null, text })} />
          {error && !FIELDS_SHOWN.includes(error.field ?? '') && (
            <div className={s.wide}>
              <ErrorBar title="Not saved" message={error.text} />
            </div>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button appearance="primary" type="submit">
            Save
          </Button>
        </DialogActions>
      </DialogBody>
    </SubmitForm>
  );
}
