import { useMemo, useState } from 'react';
import {
  Button,
  Caption1,
  Checkbox,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  Link,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Textarea,
  Toolbar,
} from '@fluentui/react-components';
import { useFormStyles } from '../components/form-styles.ts';
import { AddRegular, ArrowUploadRegular, EditRegular } from '@fluentui/react-icons';
import type { Agency, InputOf } from '../../../core/api.ts';
import { Page } from '../components/Page.tsx';
import { ErrorBar } from '../components/ErrorBar.tsx';
import { call, openExternal } from '../api/client.ts';
import { importCsvFile, splitFieldError } from '../files.ts';
import { useCall } from '../use-call.ts';
import { AgencyPicker } from './requests/AgencyPicker.tsx';
import { SubmitForm } from '../components/SubmitForm.tsx';
import { GuardedDialog } from '../components/GuardedDialog.tsx';
import { StaleSaveBar, useVersionedSave } from '../components/StaleSave.tsx';
import { limitHint } from '../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../core/shared/field-limits.ts';

interface DialogProps {
  agency: Agency | null;
  agencies: Agency[];
  onClose: () => void;
  onSaved: () => void;
}

const latestAgency = async (id: number) => {
  const a = (await call('agencies.list', {})).find((x) => x.id === id);
  if (!a) throw new Error('The agency is no longer in the directory.');
  return a;
};

/** The dialog stays while Reload puts a colleague's newer version in the form (a new form, keyed by the version). */
function AgencyDialog({ agency, agencies, onClose, onSaved }: DialogProps) {
  const [shown, setShown] = useState(agency);
  async function reload(id: number) {
    setShown(await latestAgency(id));
    onSaved();
  }
  return (
    <GuardedDialog onClose={onClose} aria-describedby={undefined}>
      <AgencyForm key={shown?.version ?? 0} agency={shown} agencies={agencies} onClose={onClose} onSaved={onSaved} onReload={reload} />
    </GuardedDialog>
  );
}

function AgencyForm({ agency, agencies, onClose, onSaved, onReload }: DialogProps & { onReload: (id: number) => Promise<void> }) {
  const s = useFormStyles();
  const versioned = useVersionedSave(agency?.version ?? 1, async () => (await latestAgency(agency!.id)).version);
  const [name, setName] = useState(agency?.name ?? '');
  const [abbreviation, setAbbreviation] = useState(agency?.abbreviation ?? '');
  const [parent, setParent] = useState(agency?.parentAbbreviation ?? '');
  const [foiaEmail, setFoiaEmail] = useState(agency?.foiaEmail ?? '');
  const [portalUrl, setPortalUrl] = useState(agency?.portalUrl ?? '');
  const [appealDays, setAppealDays] = useState(String(agency?.appealDays ?? 90));
  const [appealDayKind, setAppealDayKind] = useState<'calendar' | 'working'>(agency?.appealDayKind ?? 'calendar');
  const [receiptNextWorkingDay, setReceiptNextWorkingDay] = useState(agency?.receiptNextWorkingDay ?? false);
  const [notes, setNotes] = useState(agency?.notes ?? '');
  const [error, setError] = useState<{ field: string | null; text: string } | null>(null);
  const err = (f: string) => (error?.field === f ? error.text : undefined);

  async function submit() {
    const fields: InputOf<'agencies.create'> = { name, abbreviation, parent: parent.trim() || null, foiaEmail: foiaEmail.trim(), portalUrl: portalUrl.trim(), appealDays: Number(appealDays), appealDayKind, receiptNextWorkingDay, notes };
    try {
      if (agency) {
        if (!(await versioned.save((version) => call('agencies.update', { id: agency.id, patch: fields, version })))) return;
      } else await call('agencies.create', fields);
      onSaved();
      onClose();
    } catch (e) {
      setError(splitFieldError((e as Error).message));
    }
  }

  return (
    <SubmitForm onSubmit={submit}>
      <DialogBody>
        <DialogTitle>{agency ? `Edit ${agency.abbreviation}` : 'Add an agency'}</DialogTitle>
        <DialogContent className={s.form}>
          <Field className={s.wide} label="Name" required hint={limitHint(name, FIELD_LIMITS.agency.name)} validationMessage={err('name')}>
            <Input value={name} onChange={(_, d) => setName(d.value)} maxLength={FIELD_LIMITS.agency.name} />
          </Field>
          <Field label="Abbreviation" required hint={limitHint(abbreviation, FIELD_LIMITS.agency.abbreviation)} validationMessage={err('abbreviation')}>
            <Input value={abbreviation} onChange={(_, d) => setAbbreviation(d.value)} maxLength={FIELD_LIMITS.agency.abbreviation} />
          </Field>
          <Field label="Part of (department)" validationMessage={err('parent')}>
            <AgencyPicker agencies={agencies.filter((a) => a.id !== agency?.id)} value={parent} onChange={setParent} />
          </Field>
          <Field label="FOIA email" validationMessage={err('foiaEmail')}>
            <Input type="email" value={foiaEmail} onChange={(_, d) => setFoiaEmail(d.value)} />
          </Field>
          <Field label="FOIA page or portal" validationMessage={err('portalUrl')}>
            <Input type="url" value={portalUrl} onChange={(_, d) => setPortalUrl(d.value)} />
          </Field>
          <Field label="Appeal window (days)" validationMessage={err('appealDays')}>
            <Input type="number" min={1} max={3650} value={appealDays} onChange={(_, d) => setAppealDays(d.value)} />
          </Field>
          <Field label="Counted in">
            <Dropdown selectedOptions={[appealDayKind]} value={`${appealDayKind} days`} onOptionSelect={(_, d) => setAppealDayKind(d.optionValue as 'calendar' | 'working')}>
              <Option value="calendar">calendar days</Option>
              <Option value="working">working days</Option>
            </Dropdown>
          </Field>
          <Field className={s.wide} hint="Off: as the statute counts, the next working day after a weekend or holiday arrival is day 1.">
            <Checkbox
              label="Deems a request arriving on a weekend or holiday received on the next working day (day 0)"
              checked={receiptNextWorkingDay}
              onChange={(_, d) => setReceiptNextWorkingDay(d.checked === true)}
            />
          </Field>
          <Field className={s.wide} label="Notes" hint={limitHint(notes, FIELD_LIMITS.agency.notes)}>
            <Textarea value={notes} onChange={(_, d) => setNotes(d.value)} />
          </Field>
          {agency && <StaleSaveBar className={s.wide} save={versioned} reload={() => onReload(agency.id)} onReloadFailed={(text) => setError({ field: null, text })} />}
          {error && !['name', 'abbreviation', 'parent', 'foiaEmail', 'portalUrl', 'appealDays'].includes(error.field ?? '') && (
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

export function Agencies() {
  const { data, error, reload } = useCall('agencies.list', {});
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Agency | 'new' | null>(null);
  const [report, setReport] = useState<{ error: boolean; text: string } | null>(null);
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return (data ?? []).filter((a) => !q || a.name.toLowerCase().includes(q) || a.abbreviation.toLowerCase().includes(q));
  }, [data, filter]);

  async function importCsv() {
    const outcome = await importCsvFile((source) => call('agencies.importCsv', source));
    if (!outcome) return;
    setReport(outcome);
    if (outcome.changed) reload();
  }

  return (
    <Page title="Agencies" intro="Departments and components, with their FOIA contacts and appeal windows. Appeal clocks follow these windows.">
      <Toolbar aria-label="Agency actions">
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setEditing('new')}>
          Add agency
        </Button>
        <Button icon={<ArrowUploadRegular />} onClick={() => void importCsv()}>
          Import CSV
        </Button>
      </Toolbar>
      <Caption1>CSV columns: name, abbreviation, parent, foia_email, portal_url, appeal_days, appeal_day_kind, receipt_next_working_day (yes/no), notes. Rows with a known abbreviation update it.</Caption1>
      {report &&
        (report.error ? (
          <div style={{ whiteSpace: 'pre-wrap' }}>
            <ErrorBar title="Import failed" message={report.text} />
          </div>
        ) : (
          <div role="status">{report.text}</div>
        ))}
      {editing && <AgencyDialog agency={editing === 'new' ? null : editing} agencies={data ?? []} onClose={() => setEditing(null)} onSaved={reload} />}
      <Field label="Filter agencies">
        <Input value={filter} onChange={(_, d) => setFilter(d.value)} type="search" />
      </Field>
      <ErrorBar message={error} />
      <Table aria-label="Agencies" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: 110 }}>Abbreviation</TableHeaderCell>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell style={{ width: 110 }}>Part of</TableHeaderCell>
            <TableHeaderCell style={{ width: 190 }}>Appeal window</TableHeaderCell>
            <TableHeaderCell style={{ width: 120 }}>FOIA page</TableHeaderCell>
            <TableHeaderCell style={{ width: 70 }}>
              <span className="visually-hidden">Actions</span>
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((a) => (
            <TableRow key={a.id}>
              <TableCell>{a.abbreviation}</TableCell>
              <TableCell>{a.name}</TableCell>
              <TableCell>{a.parentAbbreviation ?? ''}</TableCell>
              <TableCell>
                {a.appealDays} {a.appealDayKind} days
              </TableCell>
              <TableCell>
                {a.portalUrl && (
                  <Link as="button" onClick={() => void openExternal(a.portalUrl)} aria-label={`FOIA page of ${a.abbreviation}`}>
                    Open
                  </Link>
                )}
              </TableCell>
              <TableCell>
                <Button size="small" appearance="subtle" icon={<EditRegular />} aria-label={`Edit ${a.abbreviation}`} onClick={() => setEditing(a)} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Page>
  );
}
