import { useEffect, useRef, useState } from 'react';
import { Caption1, Dialog, DialogBody, DialogContent, DialogSurface, DialogTitle, Input, makeStyles, tokens } from '@fluentui/react-components';
import type { DisclosureOut, RequestSummary, SearchHitOut } from '../../../core/api.ts';
import { call } from '../api/client.ts';
import { hrefFor } from '../routes.ts';
import { Snippet } from '../screens/documents/highlight.tsx';
import { lookUpBates } from '../screens/documents/bates-lookup.ts';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, maxHeight: '60vh', overflow: 'auto' },
  item: { display: 'block', padding: tokens.spacingHorizontalS, borderRadius: tokens.borderRadiusMedium, color: 'inherit', textDecoration: 'none' },
  active: { backgroundColor: tokens.colorNeutralBackground1Selected, outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  meta: { color: tokens.colorNeutralForeground3 },
});

interface Item {
  href: string;
  title: string;
  detail: React.ReactNode;
}

/** Ctrl/Cmd+K: one box over requests, disclosures (by reference or pseudonym) and documents; arrows move, Enter opens. */
export function QuickSearch() {
  const s = useStyles();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [items, setItems] = useState<Item[]>([]);
  const [active, setActive] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const q = text.trim();
    const mine = ++seq.current;
    if (!q) return;
    const t = setTimeout(() => {
      const words = q.match(/[\p{L}\p{N}-]+/gu)?.join(' ') ?? '';
      const reqs = /^REQ-\d{4}-\d+$/i.test(q)
        ? call('requests.get', { reference: q }).then((r) => [r as RequestSummary], () => [] as RequestSummary[])
        : call('requests.list', { text: q, limit: 8 }).then((r) => r.rows, () => [] as RequestSummary[]);
      const dis = call('disclosures.list', { text: q.slice(0, 100), limit: 8 }).then((r) => r.disclosures, () => [] as DisclosureOut[]);
      const docs = words ? call('documents.search', { query: words.split(' ').map((w) => `"${w}"*`).join(' '), limit: 8 }).then((r) => r.hits, () => [] as SearchHitOut[]) : Promise.resolve([]);
      // A Bates number's page comes first, so Enter opens it.
      const bates = lookUpBates(q).then((r) => r?.hits ?? []);
      void Promise.all([reqs, dis, docs, bates]).then(([rs, xs, ds, bs]) => {
        if (mine !== seq.current) return;
        setItems([
          ...bs.map((h) => ({
            href: hrefFor('documents', String(h.documentId), { page: h.page }),
            title: `${h.bates} · ${h.name} — page ${h.page}`,
            detail: `${h.from === 'produced' ? 'Our production' : 'Received'}${h.batesBegin ? ` · ${h.batesBegin}–${h.batesEnd}` : ''}`,
          })),
          ...rs.map((r) => ({ href: hrefFor('requests', r.reference), title: `${r.reference} · ${r.subject}`, detail: `${r.agency.abbreviation} · ${r.status}${r.due ? ` · due ${r.due}` : ''}` })),
          ...xs.map((x) => ({ href: hrefFor('disclosures', x.reference), title: `${x.reference} · ${x.pseudonym}`, detail: `Disclosure · ${x.status} · received ${x.receivedOn}` })),
          ...ds.map((h) => ({ href: hrefFor('documents', String(h.documentId), { page: h.page, q: words }), title: `${h.name} — page ${h.page}`, detail: <Snippet text={h.snippet} /> })),
        ]);
        setActive(0);
      });
    }, 150);
    return () => clearTimeout(t);
  }, [text]);

  function go(i: number) {
    const item = items[i];
    if (!item) return;
    window.location.hash = item.href;
    setOpen(false);
    setText('');
    setItems([]);
  }

  return (
    <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Quick search</DialogTitle>
          <DialogContent>
            <Input
              aria-label="Search requests, disclosures and documents"
              placeholder="A reference, a subject, a pseudonym, words in a document…"
              value={text}
              autoFocus
              style={{ width: '100%' }}
              onChange={(_, d) => {
                setText(d.value);
                if (!d.value.trim()) setItems([]);
              }}
              onKeyDown={(e) => {
                const moves: Record<string, () => void> = {
                  ArrowDown: () => setActive(Math.min(active + 1, items.length - 1)),
                  ArrowUp: () => setActive(Math.max(active - 1, 0)),
                  Enter: () => go(active),
                };
                const move = moves[e.key];
                if (!move) return;
                e.preventDefault();
                move();
              }}
            />
            <Caption1 role="status">{text.trim() ? `${items.length} found` : 'Type to search; ↑ ↓ to move, Enter to open.'}</Caption1>
            <ul className={s.list} aria-label="Quick search results">
              {items.map((it, i) => (
                <li key={`${i}:${it.href}`}>
                  <a href={it.href} className={`${s.item} ${i === active ? s.active : ''}`} onClick={() => setOpen(false)} aria-current={i === active ? 'true' : undefined}>
                    <div>{it.title}</div>
                    <Caption1 className={s.meta}>{it.detail}</Caption1>
                  </a>
                </li>
              ))}
            </ul>
          </DialogContent>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
