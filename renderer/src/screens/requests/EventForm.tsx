import { useState } from 'react';
import { Button, Checkbox, Dropdown, Field, Input, Option, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import type { RequestDetail } from '../../../../core/api.ts';
import type {
  TOLL_REASONS} from '../../../../core/shared/vocabulary.ts';
import {
  APPEAL_OUTCOMES,
  CLOCK_EVENTS,
  DETERMINATIONS,
  EVENT_LABELS,
  EVENT_TYPES,
  EXEMPTIONS,
  exemptionLabel,
  type EventType,
  type Exemption,
} from '../../../../core/shared/vocabulary.ts';
import { call } from '../../api/client.ts';
import { splitFieldError, today } from '../../files.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

const useStyles = makeStyles({
  form: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM, alignItems: 'end' },
  exemptions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, maxWidth: '640px' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

const OUTCOME_WORDS: Record<string, string> = {
  'full-grant': 'Granted in full',
  'partial-grant': 'Granted in part',
  denial: 'Denied',
  'no-records': 'No records',
  withdrawn: 'Withdrawn',
  granted: 'Appeal granted',
  'partly-granted': 'Appeal granted in part',
  denied: 'Appeal denied',
  remanded: 'Remanded',
};
export const outcomeWords = (o: string) => OUTCOME_WORDS[o] ?? o;

export function EventForm({ request, onSaved }: { request: RequestDetail; onSaved: (d: RequestDetail) => void }) {
  const s = useStyles();
  const allowed = EVENT_TYPES.filter((t) => request.kind === 'foia' || request.kind === 'state-records' || !CLOCK_EVENTS.includes(t));
  const [type, setType] = useState<EventType>(allowed.includes('acknowledged') ? 'acknowledged' : allowed[0]!);
  const [date, setDate] = useState(today());
  const [reason, setReason] = useState<(typeof TOLL_REASONS)[number]>('information');
  const [outcome, setOutcome] = useState('');
  const [exemptions, setExemptions] = useState<Exemption[]>([]);
  const [statute, setStatute] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const outcomes: readonly string[] = type === 'determination' ? DETERMINATIONS : type === 'appeal-decided' ? APPEAL_OUTCOMES : [];
  const takesExemptions = type === 'determination' || type === 'interim-production' || type === 'appeal-decided';
  const err = (f: string) => (error?.field === f ? error.text : undefined);

  async function submit() {
    try {
      const d = await call('requests.addEvent', {
        reference: request.reference,
        type,
        date,
        reason: type === 'toll' ? reason : null,
        outcome: outcomes.length ? ((outcome || null) as never) : null,
        exemptions: takesExemptions ? exemptions : [],
        statute: takesExemptions && exemptions.includes('b3') ? statute : null,
        note,
      });
      setError(null);
      setNote('');
      setExemptions([]);
      setStatute('');
      onSaved(d);
    } catch (e) {
      setError(splitFieldError((e as Error).message));
    }
  }

  return (
    <SubmitForm onSubmit={submit} className={s.section}  aria-labelledby="add-event-heading">
      <Subtitle2 as="h3" id="add-event-heading">
        Add to the timeline
      </Subtitle2>
      <div className={s.form}>
        <Field label="What happened" validationMessage={err('type')}>
          <Dropdown selectedOptions={[type]} value={EVENT_LABELS[type]} onOptionSelect={(_, d) => {
              setType(d.optionValue as EventType);
              setOutcome('');
            }}>
            {allowed.map((t) => (
              <Option key={t} value={t}>
                {EVENT_LABELS[t]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Date" validationMessage={err('date')}>
          <Input type="date" value={date} onChange={(_, d) => setDate(d.value)} />
        </Field>
        {type === 'toll' && (
          <Field label="Why the clock stopped" validationMessage={err('reason')}>
            <Dropdown selectedOptions={[reason]} value={reason === 'information' ? 'Agency asked for information' : 'Fee question'} onOptionSelect={(_, d) => setReason(d.optionValue as typeof reason)}>
              <Option value="information">Agency asked for information</Option>
              <Option value="fees">Fee question</Option>
            </Dropdown>
          </Field>
        )}
        {outcomes.length > 0 && (
          <Field label="Outcome" required validationMessage={err('outcome')}>
            <Dropdown placeholder="Choose the outcome" selectedOptions={outcome ? [outcome] : []} value={outcome ? outcomeWords(outcome) : ''} onOptionSelect={(_, d) => setOutcome(d.optionValue ?? '')}>
              {outcomes.map((o) => (
                <Option key={o} value={o}>
                  {outcomeWords(o)}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
        <Field label="Note" hint={limitHint(note, FIELD_LIMITS.event.note)}>
          <Input value={note} onChange={(_, d) => setNote(d.value)} maxLength={FIELD_LIMITS.event.note} />
        </Field>
      </div>
      {takesExemptions && (
        <fieldset className={s.exemptions}>
          <legend>Exemptions claimed</legend>
          {EXEMPTIONS.map((x) => (
            <Checkbox
              key={x}
              label={exemptionLabel(x)}
              checked={exemptions.includes(x)}
              onChange={(_, d) => setExemptions(d.checked ? [...exemptions, x] : exemptions.filter((y) => y !== x))}
            />
          ))}
        </fieldset>
      )}
      {takesExemptions && exemptions.includes('b3') && (
        <Field label="Statute behind (b)(3)" required hint={limitHint(statute, FIELD_LIMITS.event.statute)} validationMessage={err('statute')}>
          <Input value={statute} onChange={(_, d) => setStatute(d.value)} placeholder="e.g. 8 U.S.C. 1367" />
        </Field>
      )}
      {error && !['type', 'date', 'reason', 'outcome', 'statute'].includes(error.field ?? '') && <ErrorBar title="Not added" message={error.text} />}
      <div>
        <Button type="submit" appearance="primary">
          Add event
        </Button>
      </div>
    </SubmitForm>
  );
}
