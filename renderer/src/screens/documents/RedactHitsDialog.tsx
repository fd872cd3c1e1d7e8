import { useEffect, useState } from 'react';
import { Body1, Button, Caption1, Checkbox, DialogActions, DialogBody, DialogContent, DialogTitle, Field, Select, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import type { InputOf, RedactionBatchOut, RedactionHitOut, RedactionHitsOut } from '../../../../core/api.ts';
import { call } from '../../api/client.ts';
import { GuardedDialog } from '../../components/GuardedDialog.tsx';
import { SubmitButton, SubmitForm } from '../../components/SubmitForm.tsx';
import { ReasonPicker, reasonLabel, type Reason } from './Redactions.tsx';
import { ANY_PII, PII_KINDS, PII_KIND_LABELS } from '../../../../core/shared/pii-kinds.ts';

const useStyles = makeStyles({
  list: { maxHeight: '45vh', overflowY: 'auto', display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, margin: `${tokens.spacingVerticalS} 0` },
  hit: { display: 'flex', flexDirection: 'column' },
  problem: { color: tokens.colorPaletteRedForeground1, paddingLeft: '32px' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/** Hits listed in the dialog; past this the rest are applied as found (the count says so). */
const SHOWN = 1000;

export type HitSearch = NonNullable<InputOf<'redactions.findHits'>['search']>;
type Source = { search: HitSearch } | { terms: string[] } | { pii: string };

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;


/**
 * Redact by search: every hit of the search (or of a typed term list, or of a kind of personal data
 * the PII finder found) on every page, each with its context and a tick (all ticked); untick what
 * to keep, choose the reason, apply them all as one batch, and undo that batch in one step from the
 * status line.
 */
export function RedactHitsDialog({ search, pii, onClose, onChanged }: { search?: HitSearch; pii?: boolean; onClose(): void; onChanged(): void }) {
  const s = useStyles();
  const [terms, setTerms] = useState('');
  const [kind, setKind] = useState<string>('ssn');
  const [source, setSource] = useState<Source | null>(search ? { search } : null);
  const [found, setFound] = useState<RedactionHitsOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [kept, setKept] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState<Reason>('b6');
  const [applied, setApplied] = useState<RedactionBatchOut | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  async function find(src: Source) {
    setError(null);
    try {
      setFound(await call('redactions.findHits', src));
      setSource(src);
      setKept(new Set());
    } catch (e) {
      setError((e as Error).message);
    }
  }
  // Found once when the dialog opens on a search (it is opened anew for another); a term list is found when submitted.
  const [opened] = useState(search);
  useEffect(() => {
    if (!opened) return;
    call('redactions.findHits', { search: opened }).then(setFound, (e: Error) => setError(e.message));
  }, [opened]);

  const boxable = (h: RedactionHitOut) => h.boxes !== null;
  const chosen = found ? found.hits.filter((h) => boxable(h) && !kept.has(h.id)).length : 0;

  async function apply() {
    if (!source || !found) return;
    try {
      const r = await call('redactions.applyHits', { ...source, exclude: found.hits.filter((h) => kept.has(h.id)).map((h) => h.id), reason });
      setApplied(r);
      setStatus(`Redacted ${plural(r.hits, 'hit')} with ${plural(r.boxes, 'box', 'boxes')} in ${plural(r.documents, 'document')} (${reasonLabel(reason)}).${r.unboxed.length ? ` ${plural(r.unboxed.length, 'hit')} without word positions: redact by hand.` : ''}`);
      onChanged();
    } catch (e) {
      setStatus((e as Error).message);
    }
  }
  async function undo() {
    if (!applied) return;
    try {
      const r = await call('redactions.undoBatch', { batch: applied.batch });
      setApplied(null);
      setStatus(`Undone: took away ${plural(r.removed, 'box', 'boxes')}.`);
      onChanged();
    } catch (e) {
      setStatus((e as Error).message);
    }
  }

  const toggle = (id: string, on: boolean) =>
    setKept((k) => {
      const next = new Set(k);
      if (on) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <GuardedDialog onClose={onClose} settled={applied !== null || status !== null} style={{ maxWidth: '900px' }}>
      <DialogBody>
        <DialogTitle>{search ? 'Redact the hits of this search' : pii ? 'Redact personal data' : 'Redact a list of terms'}</DialogTitle>
        <DialogContent>
          {pii && (
            <SubmitForm onSubmit={() => find({ pii: kind })} className={s.form} aria-label="Personal data to redact">
              <Field label="Kind of personal data" hint="As the PII finder found it on every page (text layer and OCR'd pages); pages not yet scanned are scanned first.">
                <Select value={kind} onChange={(_, d) => setKind(d.value)}>
                  {PII_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {PII_KIND_LABELS[k]}
                    </option>
                  ))}
                  <option value={ANY_PII}>Any kind</option>
                </Select>
              </Field>
              <div>
                <SubmitButton label="Find hits" busyLabel="Working…" />
              </div>
            </SubmitForm>
          )}
          {!search && !pii && (
            <SubmitForm onSubmit={() => find({ terms: terms.split('\n') })} className={s.form} aria-label="Terms to redact">
              <Field label="Terms to redact, one word or phrase a line" hint="Found on every page, in the text layer and in OCR'd pages, across line breaks and hyphens.">
                <Textarea value={terms} onChange={(_, d) => setTerms(d.value)} resize="vertical" rows={4} />
              </Field>
              <div>
                <SubmitButton ready={!!terms.trim()} label="Find hits" busyLabel="Working…" />
              </div>
            </SubmitForm>
          )}
          {error && (
            <Body1 role="alert" className={s.problem}>
              {error}
            </Body1>
          )}
          {search && !found && !error && <Body1>Finding hits…</Body1>}
          {found && (
            <SubmitForm onSubmit={apply} className={s.form} aria-label="Hits to redact">
              <Body1>
                {found.total === 0 ? 'No hits on any page.' : `${plural(found.total, 'hit')}; untick the ones to keep.`}
                {found.hits.length > SHOWN && ` The first ${SHOWN.toLocaleString()} are shown; the rest are redacted as found.`}
                {found.message && ` ${found.message}`}
              </Body1>
              {found.hits.length > 0 && (
                <div className={s.list} role="group" aria-label="Hits">
                  {found.hits.slice(0, SHOWN).map((h) => (
                    <div key={h.id} className={s.hit}>
                      <Checkbox
                        checked={boxable(h) && !kept.has(h.id)}
                        disabled={!boxable(h) || applied !== null}
                        onChange={(_, d) => toggle(h.id, Boolean(d.checked))}
                        label={
                          <span>
                            {h.document}, page {h.page}: …{h.before} <mark>{h.text}</mark> {h.after}…
                          </span>
                        }
                      />
                      {h.problem && <Caption1 className={s.problem}>{h.problem}</Caption1>}
                    </div>
                  ))}
                </div>
              )}
              {found.skipped.map((d) => (
                <Caption1 key={d.documentId}>
                  Skipped {d.document} ({plural(d.hits, 'hit')}): {d.reason}.
                </Caption1>
              ))}
              <ReasonPicker label="Reason" reason={reason} onReason={setReason} />
              <div>
                <SubmitButton ready={chosen > 0 && applied === null} label={`Apply ${plural(chosen, 'redaction')}`} busyLabel="Working…" />
              </div>
            </SubmitForm>
          )}
          {status && (
            <SubmitForm onSubmit={undo} className={s.form} aria-label="Last redaction">
              <Body1 role="status" aria-label="Result of redacting">
                {status}
              </Body1>
              {applied && (
                <div>
                  <SubmitButton label="Undo" busyLabel="Working…" />
                </div>
              )}
            </SubmitForm>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Close</Button>
        </DialogActions>
      </DialogBody>
    </GuardedDialog>
  );
}
