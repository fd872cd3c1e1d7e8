import {
  Body1,
  Caption1,
  Card,
  CardHeader,
  Link,
  Subtitle1,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { DocumentDetail, FamilyMember } from '../../../../core/api.ts';
import { hrefFor } from '../../routes.ts';
import type { Facts } from '../../components/FactList.tsx';
import { formatBytes } from '../../format.ts';
import { batesRange } from './labels.ts';
import { receivedHref } from './route.ts';

const useStyles = makeStyles({
  // Breaks inside a word only when the word is wider than its cell.
  value: { overflowWrap: 'break-word', whiteSpace: 'pre-wrap' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** A family member or a duplicate, linked, with the Bates range it arrived with. */
export function MemberLink({ m }: { m: FamilyMember }) {
  return (
    <>
      <Link href={hrefFor('documents', String(m.id))}>{m.name}</Link>
      {m.bates && ` (${batesRange(m.bates.begin, m.bates.end)})`}
    </>
  );
}

/** What a document received in a production came with, as rows of its "About this document" list: the producing party's range first. */
export function receivedFacts(d: DocumentDetail): Facts {
  const facts: Facts = [];
  if (d.bates) facts.push(['Bates range', batesRange(d.bates.begin, d.bates.end)]);
  if (d.production) facts.push(['Production', <Link key="p" href={receivedHref(d.production.id)}>{`${d.production.party} ${d.production.volume}`}</Link>]);
  if (d.custodian) facts.push(['Custodian', d.custodian]);
  if (d.native) facts.push(['Native', `${d.native.name} (${formatBytes(d.native.size)}), what "Save a copy of the original" gives`]);
  return facts;
}

/** A received document's load-file columns no field took (name and value), and the documents that duplicate it. */
export function ReceivedMetadata({ d }: { d: DocumentDetail }) {
  const s = useStyles();
  const metadata = Object.entries(d.metadata ?? {});
  if (metadata.length === 0 && d.duplicates.length === 0) return null;
  return (
    <Card>
      <CardHeader header={<Subtitle1 as="h2">Metadata</Subtitle1>} description={<Caption1>The load file's columns no field of Sunshine took, as produced.</Caption1>} />
      {metadata.length > 0 && (
        <Table aria-label="Metadata" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '45%' }}>Field</TableHeaderCell>
              <TableHeaderCell>Value</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {metadata.map(([k, v]) => (
              <TableRow key={k}>
                <TableCell className={s.value}>{k}</TableCell>
                <TableCell className={s.value}>{v}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {d.duplicates.length > 0 && (
        <>
          <Subtitle2 as="h3">Duplicates</Subtitle2>
          <ul className={s.list} aria-label="Duplicates">
            {d.duplicates.map((x) => (
              <li key={x.id}>
                <Body1>
                  <MemberLink m={x} /> — {x.why}
                </Body1>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
