import { useState } from 'react';
import {
  Body1,
  Button,
  Caption1,
  Checkbox,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Subtitle2,
  Textarea,
  ToggleButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { ReviewOut, TagOut } from '../../../../core/api.ts';
import { EXEMPTIONS, PRIVILEGE_BASES, RATINGS, REVIEW_STATUSES, exemptionLabel, privilegeLabel } from '../../../../core/shared/vocabulary.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { whoDid } from '../../audit-labels.ts';
import type { ReviewPatch } from './use-review.ts';
import { limitHint } from '../../components/field-limit.ts';
import { FIELD_LIMITS } from '../../../../core/shared/field-limits.ts';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  statuses: { flexWrap: 'wrap' },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  exemptions: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(92px, 1fr))', columnGap: tokens.spacingHorizontalS },
  swatch: { display: 'inline-block', width: '10px', height: '10px', borderRadius: '50%', marginRight: tokens.spacingHorizontalXS, flexShrink: 0 },
  history: { margin: 0, paddingLeft: tokens.spacingHorizontalL, maxHeight: '160px', overflowY: 'auto' },
  // A fieldset only so that `disabled` reaches every coding control inside it; it draws nothing of its own.
  controls: { border: 'none', margin: 0, padding: 0, minWidth: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const STATUS_LABELS: Record<ReviewOut['status'], string> = {
  unreviewed: 'Unreviewed',
  responsive: 'Responsive',
  'non-responsive': 'Non-responsive',
  'needs-redaction': 'Needs redaction',
  privileged: 'Privileged',
};

/**
 * A document's coding: status, rating, privilege basis, exemptions, notes and
 * tags, each change saved at once. `keys` shows the keyboard review shortcuts.
 * `heldBy` (someone else is coding it: "Being coded by Ana Ruiz since 14:02")
 * leaves everything readable and nothing changeable.
 */
export function ReviewPanel({
  review,
  tags,
  error,
  onSet,
  onToggleTag,
  keys = false,
  heldBy = null,
}: {
  review: ReviewOut;
  tags: TagOut[];
  error: string | null;
  onSet(patch: ReviewPatch): void;
  onToggleTag(tag: TagOut): void;
  keys?: boolean;
  heldBy?: string | null;
}) {
  const s = useStyles();
  const [notes, setNotes] = useState(review.notes);
  const [logText, setLogText] = useState(review.logDescription);
  // The coding read again (a colleague's change, live): the boxes follow it unless the person has typed in them.
  const [shown, setShown] = useState({ notes: review.notes, logText: review.logDescription });
  if (shown.notes !== review.notes || shown.logText !== review.logDescription) {
    setShown({ notes: review.notes, logText: review.logDescription });
    if (notes === shown.notes) setNotes(review.notes);
    if (logText === shown.logText) setLogText(review.logDescription);
  }
  const has = new Set(review.tags.map((t) => t.id));
  const hint = (k: string) => (keys ? ` (${k})` : '');
  return (
    <section className={s.panel} aria-label="Coding">
      {heldBy && (
        <MessageBar intent="warning" role="status">
          <MessageBarBody>{heldBy}. You can read it; its coding opens to you once they leave it.</MessageBarBody>
        </MessageBar>
      )}
      <ErrorBar title="Not saved" message={error} />
      <fieldset className={s.controls} disabled={heldBy !== null} aria-label={heldBy ? 'Coding (read only)' : undefined}>
        <RadioGroup className={s.statuses} layout="horizontal" value={review.status} onChange={(_, d) => onSet({ status: d.value as ReviewOut['status'] })} aria-label="Review status">
          {REVIEW_STATUSES.map((st, i) => (
            <Radio key={st} value={st} label={`${STATUS_LABELS[st]}${hint(String(i + 1))}`} />
          ))}
        </RadioGroup>
        <div className={s.row} role="group" aria-label="Rating">
          <Body1>Rating:</Body1>
          {RATINGS.map((r, i) => (
            <ToggleButton key={r} size="small" appearance={review.rating === r ? 'primary' : 'secondary'} checked={review.rating === r} onClick={() => onSet({ rating: review.rating === r ? null : r })}>
              {r[0]!.toUpperCase() + r.slice(1)}
              {hint(String(i + 6))}
            </ToggleButton>
          ))}
        </div>
        <Field label="Privilege basis">
          <Dropdown
            value={review.privilege ? privilegeLabel(review.privilege) : 'None'}
            selectedOptions={[review.privilege ?? 'none']}
            onOptionSelect={(_, d) => onSet({ privilege: d.optionValue === 'none' ? null : (d.optionValue as ReviewOut['privilege']) })}
          >
            <Option value="none">None</Option>
            {PRIVILEGE_BASES.map((p) => (
              <Option key={p} value={p}>
                {privilegeLabel(p)}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
          <legend>
            <Body1>FOIA exemptions</Body1>
          </legend>
          <div className={s.exemptions}>
            {EXEMPTIONS.map((e) => (
              <Checkbox
                key={e}
                label={exemptionLabel(e)}
                checked={review.exemptions.includes(e)}
                onChange={(_, d) => onSet({ exemptions: d.checked ? [...review.exemptions, e] : review.exemptions.filter((x) => x !== e) })}
              />
            ))}
          </div>
        </fieldset>
        <div className={s.row} role="group" aria-label="Tags">
          {tags.length === 0 && <Caption1>No tags yet: make them on the Review screen.</Caption1>}
          {tags.map((t) => (
            <ToggleButton key={t.id} size="small" appearance={has.has(t.id) ? 'primary' : 'secondary'} checked={has.has(t.id)} onClick={() => onToggleTag(t)} aria-label={`Tag ${t.path}${t.shortcut && keys ? ` (${t.shortcut})` : ''}`}>
              <span className={s.swatch} style={{ backgroundColor: t.color }} />
              {t.path}
              {t.shortcut && keys ? ` (${t.shortcut})` : ''}
            </ToggleButton>
          ))}
        </div>
        <Field label="Reviewer notes" hint={limitHint(notes, FIELD_LIMITS.review.notes)}>
          <Textarea value={notes} onChange={(_, d) => setNotes(d.value)} resize="vertical" />
        </Field>
        <Field label="Privilege log description" hint={limitHint(logText, FIELD_LIMITS.review.logDescription, 'What the privilege log will say of it, if withheld or redacted. Notes stay internal.')}>
          <Textarea value={logText} onChange={(_, d) => setLogText(d.value)} resize="vertical" />
        </Field>
        <div className={s.row}>
          <Button size="small" disabled={notes === review.notes && logText === review.logDescription} onClick={() => onSet({ notes, logDescription: logText })}>
            Save notes and description
          </Button>
        </div>
      </fieldset>
      <Subtitle2 as="h3">Who did what</Subtitle2>
      <ol className={s.history} aria-label="History">
        {review.history.map((h, i) => (
          <li key={i}>
            <Caption1>
              {new Date(h.at).toLocaleString()} — {whoDid(h)}: {h.what}
            </Caption1>
          </li>
        ))}
      </ol>
    </section>
  );
}
