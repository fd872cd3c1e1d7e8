import { useState, type FormEvent } from 'react';
import {
  Badge,
  Button,
  Caption1,
  Checkbox,
  Dropdown,
  Field,
  Input,
  Link,
  Option,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Toolbar,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, BoxMultipleArrowLeftRegular } from '@fluentui/react-icons';
import { Page } from '../../components/Page.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { useCall } from '../../use-call.ts';
import { useLiveRefresh } from '../../use-live-refresh.ts';
import { hrefFor, navigate } from '../../routes.ts';
import { ImportPanel, acceptDrag } from './ImportPanel.tsx';
import { fromDataTransfer, type Dropped } from './dropped-files.ts';
import { DOCUMENT_KINDS } from '../../../../core/shared/search-query.ts';
import { isDocumentKind, kindLabel, KIND_LABELS } from '../../../../core/shared/document-kinds.ts';
import { batesRangeText } from '../../../../core/shared/bates-number.ts';
import { DocumentView } from './DocumentView.tsx';
import { DocDate } from './DocDate.tsx';
import { AddProductionDialog } from '../received/AddProductionDialog.tsx';
import { ReceivedList } from '../received/ReceivedList.tsx';
import { ReceivedView } from '../received/ReceivedView.tsx';
import { receivedIdOf } from '../received/route.ts';


const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'end', flexWrap: 'wrap' },
  narrow: { width: '150px', minWidth: '150px' },
  kind: { width: '220px', minWidth: '220px' },
  count: { display: 'block', marginTop: tokens.spacingVerticalM },
  received: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginBlock: tokens.spacingVerticalM },
});

/** The list's filters, kept in the address (#/documents?type=pdf&name=ledger&disclosure=DIS-…&source=…). */
function listFilters(query: URLSearchParams) {
  const get = (k: string) => query.get(k)?.trim() || undefined;
  const type = get('type');
  return {
    ...(type && isDocumentKind(type) ? { type } : {}),
    ...(get('name') ? { name: get('name')! } : {}),
    ...(get('request') ? { request: get('request')! } : {}),
    ...(get('disclosure') ? { disclosure: get('disclosure')! } : {}),
    ...(get('source') ? { source: get('source')! } : {}),
    ...(get('from') ? { from: get('from')! } : {}),
    ...(get('to') ? { to: get('to')! } : {}),
    ...(get('inclusiveOnly') === '1' ? { inclusiveOnly: true } : {}),
  };
}

function Filters({ query }: { query: URLSearchParams }) {
  const s = useStyles();
  const f = listFilters(query);
  const disclosures = useCall('disclosures.list', {});
  const [name, setName] = useState(f.name ?? '');
  const [request, setRequest] = useState(f.request ?? '');
  const [source, setSource] = useState(f.source ?? '');
  const [from, setFrom] = useState(f.from ?? '');
  const [to, setTo] = useState(f.to ?? '');
  const apply = (type = f.type as string | undefined, disclosure = f.disclosure, inclusiveOnly = f.inclusiveOnly) => {
    const next = { type, name: name.trim(), request: request.trim(), disclosure, source: source.trim(), from, to, inclusiveOnly: inclusiveOnly ? '1' : undefined, sort: query.get('sort') ?? undefined };
    navigate('documents', undefined, Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as Record<string, string>);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply();
  };
  return (
    <form className={s.filters} onSubmit={submit} aria-label="Filter documents">
      <Field label="Kind">
        <Dropdown className={s.kind} selectedOptions={[f.type ?? 'any']} value={f.type ? KIND_LABELS[f.type] : 'any kind'} onOptionSelect={(_, d) => apply(d.optionValue === 'any' ? undefined : d.optionValue)}>
          <Option value="any">any kind</Option>
          {DOCUMENT_KINDS.map((t) => (
            <Option key={t} value={t}>
              {KIND_LABELS[t]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Name">
        <Input className={s.narrow} value={name} onChange={(_, d) => setName(d.value)} placeholder="part of a file name" />
      </Field>
      <Field label="Request">
        <Input className={s.narrow} value={request} onChange={(_, d) => setRequest(d.value)} placeholder="REQ-2026-0042" />
      </Field>
      <Field label="Disclosure">
        <Dropdown
          className={s.narrow}
          selectedOptions={[f.disclosure ?? 'any']}
          value={f.disclosure ?? 'any disclosure'}
          onOptionSelect={(_, d) => apply(f.type, d.optionValue === 'any' ? undefined : d.optionValue)}
        >
          <Option value="any">any disclosure</Option>
          {(disclosures.data?.disclosures ?? []).map((x) => (
            <Option key={x.reference} value={x.reference} text={x.reference}>
              {`${x.reference} — ${x.pseudonym}`}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Source">
        <Input value={source} onChange={(_, d) => setSource(d.value)} />
      </Field>
      <Field label="Dated from">
        <Input type="date" value={from} onChange={(_, d) => setFrom(d.value)} />
      </Field>
      <Field label="to">
        <Input type="date" value={to} onChange={(_, d) => setTo(d.value)} />
      </Field>
      <Checkbox
        label="Inclusive emails only"
        title="Of emails, only those no later reply holds; other documents stay"
        checked={f.inclusiveOnly === true}
        onChange={(_, d) => apply(f.type, f.disclosure, d.checked === true)}
      />
      <Button type="submit">Filter</Button>
    </form>
  );
}

function DocumentList({ query }: { query: URLSearchParams }) {
  const s = useStyles();
  const filters = listFilters(query);
  const asked = query.get('sort');
  const sort = asked === 'date' || asked === 'bates' ? asked : 'added';
  const byDate = sort === 'date';
  const { data, error, reload } = useCall('documents.list', { limit: 500, ...filters, ...(sort === 'added' ? {} : { sort }) });
  // Documents added, coded or tagged elsewhere: the list is read again, keeping its rows until the new ones arrive.
  useLiveRefresh(['document', 'documents', 'tag'], reload);
  // The header sorts by the documents' own dates (undated last), by the producing party's Bates numbers (none last), again by when they were added.
  const sortBy = (order: 'added' | 'date' | 'bates') => {
    const next = new URLSearchParams(query);
    if (order === 'added') next.delete('sort');
    else next.set('sort', order);
    navigate('documents', undefined, Object.fromEntries(next));
  };
  const [importing, setImporting] = useState(false);
  const [receiving, setReceiving] = useState(false);
  const received = useCall('received.list', {});
  const [dropped, setDropped] = useState<Dropped[] | undefined>();
  const [dropError, setDropError] = useState<string | undefined>();
  const filtered = Object.keys(filters).length > 0;
  return (
    <Page title="Documents" intro="Records received from agencies and sources, stored once and verified by their SHA-256. Drop files or folders anywhere here to add them.">
      <div
        onDragOver={acceptDrag}
        onDrop={(e) => {
          e.preventDefault();
          // With the panel open, its drop zone takes drops; elsewhere they only must not open the file.
          if (importing) return;
          fromDataTransfer(e.dataTransfer).then(
            (items) => {
              setDropped(items);
              setDropError(undefined);
              setImporting(true);
            },
            (err: unknown) => {
              // E.g. a hidden folder dropped on the desktop app: the panel says why nothing was taken.
              setDropped(undefined);
              setDropError(`The dropped items could not be taken: ${(err as Error).message}`);
              setImporting(true);
            },
          );
        }}
      >
        <Toolbar aria-label="Document actions">
          <Button appearance="primary" icon={<AddRegular />} onClick={() => {
              setDropped(undefined);
              setDropError(undefined);
              setImporting(!importing);
            }}
            aria-expanded={importing}
          >
            Add documents
          </Button>
          <Button icon={<BoxMultipleArrowLeftRegular />} onClick={() => setReceiving(true)}>
            Add a production…
          </Button>
        </Toolbar>
        {receiving && (
          <AddProductionDialog
            onClose={() => setReceiving(false)}
            onImported={() => {
              reload();
              received.reload();
            }}
          />
        )}
        {importing && <ImportPanel onDone={reload} {...(dropped ? { dropped } : {})} {...(dropError ? { dropError } : {})} />}
        {(received.data?.length ?? 0) > 0 && (
          <section className={s.received} aria-labelledby="received-heading">
            <Subtitle2 as="h2" id="received-heading">
              Productions received
            </Subtitle2>
            <ReceivedList rows={received.data ?? []} />
          </section>
        )}
        <Filters key={query.toString()} query={query} />
        <ErrorBar message={error} />
        {data && data.total === 0 && !importing && !filtered && <EmptyState title="No documents yet">Add files or whole folders: PDFs, Word files, emails, text, CSV, HTML and images. A file of any other kind is stored as received and found by its name.</EmptyState>}
        {data && data.total === 0 && filtered && <Caption1 role="status">No documents match these filters.</Caption1>}
        {data && data.total > 0 && (
          <>
            <Caption1 className={s.count}>
              {data.total.toLocaleString()} document{data.total === 1 ? '' : 's'}
              {data.total > data.rows.length ? `, ${byDate ? 'latest dated' : sort === 'bates' ? 'first by Bates number' : 'newest'} ${data.rows.length} shown` : ''}
            </Caption1>
            {/* Laid out by content: fixed widths left the names no room beside the dates and the Bates range. */}
            <Table aria-label="Documents" size="small" style={{ tableLayout: 'auto' }}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Name</TableHeaderCell>
                  <TableHeaderCell style={{ width: 120 }}>Type</TableHeaderCell>
                  <TableHeaderCell style={{ width: 60 }}>Pages</TableHeaderCell>
                  <TableHeaderCell style={{ width: 130 }}>Status</TableHeaderCell>
                  <TableHeaderCell>Source</TableHeaderCell>
                  <TableHeaderCell sortable sortDirection={sort === 'bates' ? 'ascending' : undefined} onClick={() => sortBy('bates')}>
                    Bates
                  </TableHeaderCell>
                  <TableHeaderCell style={{ width: 180 }} sortable sortDirection={byDate ? 'descending' : undefined} onClick={() => sortBy('date')}>
                    Dated
                  </TableHeaderCell>
                  <TableHeaderCell style={{ width: 190 }} sortable sortDirection={sort === 'added' ? 'descending' : undefined} onClick={() => sortBy('added')}>
                    Added
                  </TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {data.rows.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell>
                      <Link href={hrefFor('documents', String(d.id))}>{d.emailSubject ? `${d.name} — ${d.emailSubject}` : d.name}</Link>
                      {d.parentId !== null && <Caption1> (attachment)</Caption1>}
                    </TableCell>
                    <TableCell>{kindLabel(d.type)}</TableCell>
                    <TableCell>{d.notRead ? '—' : d.pages}</TableCell>
                    <TableCell>
                      {d.notRead ? (
                        <Badge appearance="tint" color="informative" title={d.notRead}>
                          stored, not read
                        </Badge>
                      ) : d.status === 'ocr-pending' ? (
                        <Badge appearance="tint" color="warning">waiting for OCR</Badge>
                      ) : (
                        <Badge appearance="tint" color="success">ready</Badge>
                      )}
                    </TableCell>
                    <TableCell>{d.source}</TableCell>
                    <TableCell>{d.bates ? batesRangeText(d.bates) : ''}</TableCell>
                    <TableCell>
                      <DocDate d={d} />
                    </TableCell>
                    <TableCell>{new Date(d.addedAt).toLocaleString()}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        )}
      </div>
    </Page>
  );
}

/** #/documents lists them; #/documents/12?page=3&q=words opens one at a page with the words marked; #/documents/received-7 shows a received production. */
export function Documents({ param, query }: { param?: string; query: URLSearchParams }) {
  const received = receivedIdOf(param);
  if (received !== null) return <ReceivedView key={received} id={received} />;
  const id = Number(param);
  // Keyed by id: another document starts afresh, never with the page count, text or pdf of the one before.
  return param && Number.isInteger(id) && id > 0 ? <DocumentView key={id} id={id} query={query} /> : <DocumentList query={query} />;
}
