import { useState } from 'react';
import { Badge, Button, Caption1, Link, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Toolbar } from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { Page } from '../../components/Page.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { useCall } from '../../use-call.ts';
import { hrefFor } from '../../routes.ts';
import { ImportPanel } from './ImportPanel.tsx';
import { DocumentView } from './DocumentView.tsx';

function DocumentList() {
  const { data, error, reload } = useCall('documents.list', { limit: 500 });
  const [importing, setImporting] = useState(false);
  return (
    <Page title="Documents" intro="Records received from agencies and sources, stored once and verified by their SHA-256.">
      <Toolbar aria-label="Document actions">
        <Button appearance="primary" icon={<AddRegular />} onClick={() => setImporting(!importing)} aria-expanded={importing}>
          Add documents
        </Button>
      </Toolbar>
      {importing && <ImportPanel onDone={reload} />}
      <ErrorBar message={error} />
      {data && data.total === 0 && !importing && <EmptyState title="No documents yet">Add files or whole folders: PDFs, Word files, emails, text, CSV, HTML and images.</EmptyState>}
      {data && data.total > 0 && (
        <>
          <Caption1>
            {data.total.toLocaleString()} document{data.total === 1 ? '' : 's'}
            {data.total > data.rows.length ? `, newest ${data.rows.length} shown` : ''}
          </Caption1>
          <Table aria-label="Documents" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell style={{ width: 80 }}>Type</TableHeaderCell>
                <TableHeaderCell style={{ width: 80 }}>Pages</TableHeaderCell>
                <TableHeaderCell style={{ width: 150 }}>Status</TableHeaderCell>
                <TableHeaderCell style={{ width: 190 }}>Added</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.rows.map((d) => (
                <TableRow key={d.id}>
                  <TableCell>
                    <Link href={hrefFor('documents', String(d.id))}>{d.emailSubject ? `${d.name} — ${d.emailSubject}` : d.name}</Link>
                    {d.parentId !== null && <Caption1> (attachment)</Caption1>}
                  </TableCell>
                  <TableCell>{d.type}</TableCell>
                  <TableCell>{d.pages}</TableCell>
                  <TableCell>{d.status === 'ocr-pending' ? <Badge appearance="tint" color="warning">waiting for OCR</Badge> : <Badge appearance="tint" color="success">ready</Badge>}</TableCell>
                  <TableCell>{new Date(d.addedAt).toLocaleString()}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </Page>
  );
}

/** #/documents lists them; #/documents/12?page=3&q=words opens one at a page with the words marked. */
export function Documents({ param, query }: { param?: string; query: URLSearchParams }) {
  const id = Number(param);
  return param && Number.isInteger(id) && id > 0 ? <DocumentView id={id} query={query} /> : <DocumentList />;
}
