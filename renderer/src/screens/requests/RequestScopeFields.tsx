import type { ReactNode } from 'react';
import { Checkbox, Dropdown, Field, Input, Option, Textarea } from '@fluentui/react-components';
import type { InputOf, RequestDetail } from '../../../../core/api.ts';
import { KINDS_WITH_SET_DUE, KIND_LABELS, REQUEST_KINDS, type RequestKind } from '../../../../core/shared/vocabulary.ts';
import { useCall } from '../../use-call.ts';
import { useFormStyles } from '../../components/form-styles.ts';
import { ZonePicker } from '../../components/ZonePicker.tsx';
import { AgencyPicker } from './AgencyPicker.tsx';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

/** What a request is and asks for, and when a letter wants its answer: the fields New request and Edit details share. */
export interface Scope {
  kind: RequestKind;
  agency: string;
  subject: string;
  recordsSought: string;
  recordsFrom: string;
  recordsTo: string;
  dueDate: string;
  dueTime: string;
  dueTz: string;
  dueAsap: boolean;
}

/** Fields of the scope that show their own error. */
export const SCOPE_FIELDS = ['kind', 'agency', 'subject', 'recordsSought', 'recordsFrom', 'recordsTo', 'dueAt', 'dueTz'];

export const blankScope = (officeZone: string): Scope => ({
  kind: 'foia',
  agency: '',
  subject: '',
  recordsSought: '',
  recordsFrom: '',
  recordsTo: '',
  dueDate: '',
  dueTime: '',
  dueTz: officeZone,
  dueAsap: false,
});

export function scopeOf(d: RequestDetail, officeZone: string): Scope {
  const [dueDate = '', dueTime = ''] = (d.dueAt ?? '').split('T');
  return {
    kind: d.kind,
    agency: d.agency.abbreviation,
    subject: d.subject,
    recordsSought: d.recordsSought,
    recordsFrom: d.recordsFrom ?? '',
    recordsTo: d.recordsTo ?? '',
    dueDate,
    dueTime,
    dueTz: d.dueTz ?? officeZone,
    dueAsap: d.dueAsap,
  };
}

/**
 * The scope as the calls take it. Due fields go only with a kind whose due date
 * is set in the document (a FOIA clock is computed); an hour without a zone is
 * left to the core, which reads it in the office's zone.
 */
export function scopeInput(s: Scope): Pick<InputOf<'requests.create'>, 'kind' | 'agency' | 'subject' | 'recordsSought' | 'recordsFrom' | 'recordsTo' | 'dueAt' | 'dueTz' | 'dueAsap'> {
  return {
    kind: s.kind,
    agency: s.agency,
    subject: s.subject,
    recordsSought: s.recordsSought,
    recordsFrom: s.recordsFrom || null,
    recordsTo: s.recordsTo || null,
    ...(KINDS_WITH_SET_DUE.includes(s.kind)
      ? {
          dueAt: s.dueDate ? (s.dueTime ? `${s.dueDate}T${s.dueTime}` : s.dueDate) : null,
          // A zone matters only to an hour; a date alone is not given one (an edit would otherwise record a change nobody made).
          ...(s.dueDate && s.dueTime && s.dueTz.trim() ? { dueTz: s.dueTz.trim() } : {}),
          dueAsap: s.dueAsap,
        }
      : {}),
  };
}

/** `between` goes after the records' dates and before a letter's due date (New request puts the sent and received dates there). */
export function RequestScopeFields({ value: v, onChange, err, between }: { value: Scope; onChange: (patch: Partial<Scope>) => void; err: (field: string) => string | undefined; between?: ReactNode }) {
  const s = useFormStyles();
  const agencies = useCall('agencies.list', {});
  return (
    <>
      <Field label="Kind" required validationMessage={err('kind')}>
        <Dropdown selectedOptions={[v.kind]} value={KIND_LABELS[v.kind]} onOptionSelect={(_, d) => onChange({ kind: d.optionValue as RequestKind })}>
          {REQUEST_KINDS.map((k) => (
            <Option key={k} value={k}>
              {KIND_LABELS[k]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Agency or component" required validationMessage={err('agency')}>
        <AgencyPicker agencies={agencies.data ?? []} value={v.agency} onChange={(agency) => onChange({ agency })} />
      </Field>
      <Field className={s.wide} label="Subject" required hint={limitHint(v.subject, FIELD_LIMITS.request.subject)} validationMessage={err('subject')}>
        <Input value={v.subject} onChange={(_, d) => onChange({ subject: d.value })} maxLength={FIELD_LIMITS.request.subject} />
      </Field>
      <Field className={s.wide} label="Records sought" hint={limitHint(v.recordsSought, FIELD_LIMITS.request.recordsSought)} validationMessage={err('recordsSought')}>
        <Textarea value={v.recordsSought} onChange={(_, d) => onChange({ recordsSought: d.value })} resize="vertical" />
      </Field>
      <Field label="Records dated from" validationMessage={err('recordsFrom')}>
        <Input type="date" value={v.recordsFrom} onChange={(_, d) => onChange({ recordsFrom: d.value })} />
      </Field>
      <Field label="Records dated to" validationMessage={err('recordsTo')}>
        <Input type="date" value={v.recordsTo} onChange={(_, d) => onChange({ recordsTo: d.value })} />
      </Field>
      {between}
      {KINDS_WITH_SET_DUE.includes(v.kind) && (
        <>
          <Field label="Due date set in the document" validationMessage={err('dueAt')}>
            <Input type="date" value={v.dueDate} onChange={(_, d) => onChange({ dueDate: d.value })} />
          </Field>
          <Field label="Due time (optional)">
            <Input type="time" value={v.dueTime} onChange={(_, d) => onChange({ dueTime: d.value })} />
          </Field>
          <Field label="Time zone" hint="A place, such as America/New_York; EST and other fixed offsets are wrong half the year." validationMessage={err('dueTz')}>
            <ZonePicker value={v.dueTz} onChange={(dueTz) => onChange({ dueTz })} />
          </Field>
          <Checkbox className={s.check} label="Asks for an answer as soon as possible" checked={v.dueAsap} onChange={(_, d) => onChange({ dueAsap: Boolean(d.checked) })} />
        </>
      )}
    </>
  );
}
