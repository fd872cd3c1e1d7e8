/**
 * A production plan as a table: each document, its Bates numbers, why it goes,
 * what of it goes, and its problems — with a box per blocking problem for the
 * reason that lets it out, and the privilege-log entry as it will be written,
 * editable. Nothing here writes; the reasons and entries go with "Produce".
 */
import { Badge, Caption1, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import type { PlanProblemOut, ProductionPlanOut } from '../../../../core/api.ts';

const useStyles = makeStyles({
  problems: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  log: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalS },
  wide: { gridColumn: '1 / -1' },
});

/** A blocking problem's key in the reasons typed: one reason per document and problem kind. */
export const reasonKey = (document: number, code: string) => `${document}:${code}`;

export interface LogEdit {
  author?: string;
  to?: string;
  cc?: string;
  description?: string;
}

/** Whether a blocking problem is answered: a reason recorded, or one typed that may answer it. */
const answered = (p: PlanProblemOut, typed: string | undefined) => p.decision !== null || (p.decidable && Boolean(typed?.trim()));

/** Blocking problems with neither a recorded reason nor one typed: while any remain, nothing may be produced. */
export function openProblems(plan: ProductionPlanOut, reasons: Record<string, string>): number {
  return plan.problems.filter((p) => p.decision === null).length + plan.documents.reduce((n, d) => n + d.problems.filter((p) => !answered(p, reasons[reasonKey(d.id, p.code)])).length, 0);
}

const GOES: Record<ProductionPlanOut['documents'][number]['goes'][number], string> = { image: 'page images', text: 'text', native: 'native file', 'slip-sheet': 'slip sheet', withheld: 'withheld (slip sheet)' };

export function ProductionPlan({
  plan,
  reasons,
  onReason,
  logEdits,
  onLogEdit,
}: {
  plan: ProductionPlanOut;
  reasons: Record<string, string>;
  onReason(key: string, reason: string): void;
  logEdits: Record<number, LogEdit>;
  onLogEdit(document: number, edit: LogEdit): void;
}) {
  const s = useStyles();
  const names = new Map(plan.documents.map((d) => [d.id, d.name]));
  return (
    <Table aria-label="Production plan" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Document</TableHeaderCell>
          <TableHeaderCell style={{ width: 200 }}>Bates</TableHeaderCell>
          <TableHeaderCell>Why</TableHeaderCell>
          <TableHeaderCell>What goes</TableHeaderCell>
          <TableHeaderCell style={{ width: '40%' }}>Problems</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {plan.documents.map((d) => (
          <TableRow key={d.id}>
            <TableCell>
              #{d.id} {d.name}
            </TableCell>
            <TableCell>{d.firstBates === d.lastBates ? d.firstBates : `${d.firstBates}–${d.lastBates}`}</TableCell>
            <TableCell>{d.familyOf === null ? 'matched' : `family of #${d.familyOf} ${names.get(d.familyOf) ?? ''}`}</TableCell>
            <TableCell>{d.goes.map((g) => GOES[g]).join(', ')}</TableCell>
            <TableCell>
              <div className={s.problems}>
                {d.problems.map((p) => (
                  <div key={p.code}>
                    <Badge color={answered(p, reasons[reasonKey(d.id, p.code)]) ? 'informative' : 'danger'}>{answered(p, reasons[reasonKey(d.id, p.code)]) ? 'decided' : 'blocks'}</Badge> {p.message}
                    {p.decidable && (
                      <Field label={`Reason it may go out: #${d.id} ${p.code}`}>
                        <Input value={reasons[reasonKey(d.id, p.code)] ?? p.decision ?? ''} onChange={(_, v) => onReason(reasonKey(d.id, p.code), v.value)} placeholder="released with the source's written consent of …" />
                      </Field>
                    )}
                  </div>
                ))}
                {d.warnings.map((w) => (
                  <Caption1 key={w.code}>
                    <Badge color="warning">warning</Badge> {w.message}
                  </Caption1>
                ))}
                {d.log && (
                  <div className={s.log} role="group" aria-label={`Privilege-log entry of #${d.id}`}>
                    <Field label="Log author">
                      <Input value={logEdits[d.id]?.author ?? d.log.author} onChange={(_, v) => onLogEdit(d.id, { ...logEdits[d.id], author: v.value })} />
                    </Field>
                    <Field label="Log To">
                      <Input value={logEdits[d.id]?.to ?? d.log.to} onChange={(_, v) => onLogEdit(d.id, { ...logEdits[d.id], to: v.value })} />
                    </Field>
                    <Field label="Log Cc">
                      <Input value={logEdits[d.id]?.cc ?? d.log.cc} onChange={(_, v) => onLogEdit(d.id, { ...logEdits[d.id], cc: v.value })} />
                    </Field>
                    <Field label="Log description" className={s.wide}>
                      <Textarea value={logEdits[d.id]?.description ?? d.log.description} onChange={(_, v) => onLogEdit(d.id, { ...logEdits[d.id], description: v.value })} />
                    </Field>
                    {d.log.receivedAs && <Caption1 className={s.wide}>Received as {d.log.receivedAs} (the log's last column)</Caption1>}
                  </div>
                )}
              </div>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
