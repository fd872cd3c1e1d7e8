/**
 * Settings → Personal data: the kinds the PII finder looks for on every page, and the patterns
 * of this office's own (a case number, an employee id) added to them. A pattern is checked by the
 * core before it is kept; its refusal says what to write instead.
 */
import { useState } from 'react';
import { Body1, Button, Caption1, Field, Input, Select, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { SubmitForm } from '../../components/SubmitForm.tsx';
import { call } from '../../api/client.ts';
import { useCall } from '../../use-call.ts';
import { PII_KINDS, PII_KIND_LABELS } from '../../../../core/shared/pii-kinds.ts';
import { EXEMPTIONS, exemptionLabel, type Exemption } from '../../../../core/shared/vocabulary.ts';
import type { PiiPattern } from '../../../../core/api-pii.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  code: { fontFamily: tokens.fontFamilyMonospace },
});

export function PiiPatterns() {
  const s = useStyles();
  const { data, reload } = useCall('pii.patterns', {});
  const [name, setName] = useState('');
  const [pattern, setPattern] = useState('');
  const [exemption, setExemption] = useState<Exemption>('b6');
  const [error, setError] = useState<string | null>(null);
  if (!data) return null;

  async function save(patterns: PiiPattern[]): Promise<boolean> {
    try {
      await call('pii.setPatterns', { patterns });
      setError(null);
      reload();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  }
  async function add() {
    if (await save([...data!.patterns, { name: name.trim(), pattern, exemption }])) {
      setName('');
      setPattern('');
    }
  }

  return (
    <section className={s.section} aria-labelledby="pii-heading">
      <Subtitle1 as="h2" id="pii-heading">
        Personal data
      </Subtitle1>
      <Body1>
        Every page is scanned in the background for {PII_KINDS.map((k) => PII_KIND_LABELS[k]).join(', ')}. Search can narrow to documents holding a kind; the viewer marks them.
      </Body1>
      {data.patterns.length > 0 && (
        <ul className={s.list} aria-label="Patterns of this workspace">
          {data.patterns.map((p) => (
            <li key={p.name} className={s.item}>
              <span>
                {p.name}: <span className={s.code}>{p.pattern}</span> ({exemptionLabel(p.exemption)})
              </span>
              <Button size="small" aria-label={`Remove pattern ${p.name}`} onClick={() => void save(data.patterns.filter((q) => q !== p))}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <SubmitForm onSubmit={add} className={s.row} aria-label="Add a pattern">
        <Field label="Pattern name">
          <Input value={name} onChange={(_, d) => setName(d.value)} maxLength={60} />
        </Field>
        <Field label="Regular expression" hint="RE2 syntax, e.g. CASE-\d{6}">
          <Input className={s.code} value={pattern} onChange={(_, d) => setPattern(d.value)} maxLength={500} />
        </Field>
        <Field label="Exemption to suggest">
          <Select value={exemption} onChange={(_, d) => setExemption(d.value as Exemption)}>
            {EXEMPTIONS.map((e) => (
              <option key={e} value={e}>
                {exemptionLabel(e)}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabled={!name.trim() || !pattern}>
          Add pattern
        </Button>
      </SubmitForm>
      <Caption1>Every page is scanned again when the patterns change.</Caption1>
      <ErrorBar message={error} />
    </section>
  );
}
