import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { Button, Caption1, Dropdown, Field, Option, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import type { RedactionApprovalOut, RedactionOut } from '../../../../core/api.ts';
import { EXEMPTIONS, PRIVILEGE_BASES, exemptionLabel, privilegeLabel, type Exemption, type PrivilegeBasis } from '../../../../core/shared/vocabulary.ts';
import { call } from '../../api/client.ts';

export type Reason = Exemption | PrivilegeBasis;
const REASONS: Reason[] = [...EXEMPTIONS, ...PRIVILEGE_BASES];
export const reasonLabel = (r: string) => ((EXEMPTIONS as readonly string[]).includes(r) ? exemptionLabel(r as Exemption) : privilegeLabel(r as PrivilegeBasis));

const useStyles = makeStyles({
  layer: { position: 'absolute', inset: 0 },
  drawing: { cursor: 'crosshair', touchAction: 'none' },
  box: {
    position: 'absolute',
    backgroundColor: 'rgba(0, 0, 0, 0.72)',
    outline: '2px solid black',
    color: 'white',
    fontSize: tokens.fontSizeBase100,
    overflow: 'hidden',
    padding: '0 2px',
    boxSizing: 'border-box',
  },
  draft: { position: 'absolute', outline: `2px dashed ${tokens.colorPaletteRedBorder2}`, backgroundColor: 'rgba(0, 0, 0, 0.35)' },
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Redaction boxes over a drawn page (PDF or picture). With "Draw redactions" on, dragging
 * on the page makes a box with the reason chosen above; every box is listed
 * below the page with a button to take it away (from the keyboard too).
 */
export function useRedactions(id: number) {
  const [all, setAll] = useState<RedactionOut[]>([]);
  const [approval, setApproval] = useState<RedactionApprovalOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    call('redactions.list', { id }).then(
      (r) => {
        setAll(r.redactions);
        setApproval(r.approval);
      },
      (e: Error) => setError(e.message),
    );
  }, [id]);
  useEffect(reload, [reload]);
  const add = async (page: number, r: Rect, reason: Reason) => {
    try {
      await call('redactions.add', { id, page, ...r, reason });
      setError(null);
      reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const remove = async (redaction: number) => {
    try {
      await call('redactions.remove', { redaction });
      reload();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const approve = async () => {
    try {
      setApproval(await call('redactions.approve', { id }));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return { all, approval, error, add, remove, approve };
}

/** The boxes of one page, drawn over it; in drawing mode the layer takes drags. */
export function RedactionLayer({ page, boxes, drawing, onDraw }: { page: number; boxes: RedactionOut[]; drawing: boolean; onDraw(r: Rect): void }) {
  const s = useStyles();
  const layer = useRef<HTMLDivElement>(null);
  const [start, setStart] = useState<{ x: number; y: number } | null>(null);
  const [draft, setDraft] = useState<Rect | null>(null);
  const at = (e: ReactPointerEvent) => {
    const b = layer.current!.getBoundingClientRect();
    return { x: Math.min(1, Math.max(0, (e.clientX - b.left) / b.width)), y: Math.min(1, Math.max(0, (e.clientY - b.top) / b.height)) };
  };
  const rect = (a: { x: number; y: number }, b: { x: number; y: number }): Rect => ({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) });
  return (
    <div
      ref={layer}
      className={`${s.layer} ${drawing ? s.drawing : ''}`}
      data-testid="redaction-layer"
      onPointerDown={(e) => {
        if (!drawing) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        setStart(at(e));
        setDraft(null);
      }}
      onPointerMove={(e) => start && setDraft(rect(start, at(e)))}
      onPointerUp={(e) => {
        if (!start) return;
        const r = rect(start, at(e));
        setStart(null);
        setDraft(null);
        // A click or a sliver is not a box.
        if (r.width > 0.005 && r.height > 0.004) onDraw(r);
      }}
    >
      {boxes
        .filter((b) => b.page === page)
        .map((b) => (
          <span key={b.id} className={s.box} style={{ left: `${b.x * 100}%`, top: `${b.y * 100}%`, width: `${b.width * 100}%`, height: `${b.height * 100}%` }} title={reasonLabel(b.reason)}>
            {reasonLabel(b.reason)}
          </span>
        ))}
      {draft && <span className={s.draft} style={{ left: `${draft.x * 100}%`, top: `${draft.y * 100}%`, width: `${draft.width * 100}%`, height: `${draft.height * 100}%` }} />}
    </div>
  );
}

/** Why boxes are drawn: a FOIA exemption or a privilege basis, as redactions take them. */
export function ReasonPicker({ label, reason, onReason }: { label: string; reason: Reason; onReason(r: Reason): void }) {
  return (
    <Field label={label} size="small">
      <Dropdown size="small" value={reasonLabel(reason)} selectedOptions={[reason]} onOptionSelect={(_, d) => d.optionValue && onReason(d.optionValue as Reason)}>
        {REASONS.map((r) => (
          <Option key={r} value={r} text={reasonLabel(r)}>
            {reasonLabel(r)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

/** The switch and reason above the page, and the list of boxes below it. */
export function RedactionControls({
  drawing,
  onDrawing,
  reason,
  onReason,
}: {
  drawing: boolean;
  onDrawing(v: boolean): void;
  reason: Reason;
  onReason(r: Reason): void;
}) {
  const s = useStyles();
  return (
    <div className={s.bar}>
      <Switch label="Draw redactions" checked={drawing} onChange={(_, d) => onDrawing(d.checked)} />
      {drawing && (
        <ReasonPicker label="Reason for new boxes" reason={reason} onReason={onReason} />
      )}
    </div>
  );
}

export function RedactionList({ boxes, onRemove }: { boxes: RedactionOut[]; onRemove(id: number): void }) {
  const s = useStyles();
  if (boxes.length === 0) return <Caption1>No redactions. Switch on “Draw redactions” and drag over what to hide.</Caption1>;
  return (
    <ol className={s.list} aria-label="Redactions">
      {boxes.map((b) => (
        <li key={b.id}>
          <Caption1>
            Page {b.page}: {reasonLabel(b.reason)} — {b.createdBy}, {new Date(b.createdAt).toLocaleString()}{' '}
          </Caption1>
          <Button size="small" appearance="subtle" icon={<DeleteRegular />} onClick={() => onRemove(b.id)} aria-label={`Remove the ${reasonLabel(b.reason)} redaction on page ${b.page}`} />
        </li>
      ))}
    </ol>
  );
}

/** Whether a second reviewer approved the boxes as they are, and the button to approve them. */
export function RedactionApproval({ approval, onApprove }: { approval: RedactionApprovalOut | null; onApprove(): Promise<void> }) {
  const s = useStyles();
  const [busy, setBusy] = useState(false);
  if (!approval || approval.boxes === 0) return null;
  const approve = async () => {
    setBusy(true);
    try {
      await onApprove();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className={s.bar} role="group" aria-label="Second review of the redactions">
      <Caption1 role="status">
        {approval.approvedBy
          ? `Approved by ${approval.approvedBy}, ${new Date(approval.approvedAt!).toLocaleString()}, as a second reviewer.`
          : `Not approved by a second reviewer (boxes drawn by ${approval.drawnBy.join(', ') || 'nobody named'}); a production may require it.`}
      </Caption1>
      {!approval.approvedBy && (
        <Button size="small" disabled={busy} onClick={() => void approve()}>
          {busy ? 'Approving…' : 'Approve these redactions'}
        </Button>
      )}
    </div>
  );
}
