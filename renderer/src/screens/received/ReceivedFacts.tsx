import {
  Body1,
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
import { formatBytes } from '../../format.ts';
import { batesRange } from './labels.ts';
import { receivedHref } from './route.ts';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  value: { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
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

/** What a document received in a production came with: its producing party's range, custodian, native, unmapped columns and duplicates. */
export function ReceivedFacts({ d }: { d: DocumentDetail }) {
  const s = useStyles();
  if (!d.production && !d.bates && !d.metadata && d.duplicates.length === 0) return null;
  const facts: [string, React.ReactNode][] = [];
  if (d.bates) facts.push(['Bates range', batesRange(d.bates.begin, d.bates.end)]);
  if (d.production) facts.push(['Production', <Link key="p" href={receivedHref(d.production.id)}>{`${d.production.party} ${d.production.volume}`}</Link>]);
  if (d.custodian) facts.push(['Custodian', d.custodian]);
  if (d.native) facts.push(['Native', `${d.native.name} (${formatBytes(d.native.size)}) — "Save a copy of the original" gives it`]);
  const metadata = Object.entries(d.metadata ?? {});
  return (
    <Card>
      <CardHeader header={<Subtitle1 as="h2">As produced</Subtitle1>} />
      {facts.length > 0 && (
        <dl className={s.facts}>
          {facts.map(([k, v]) => (
            <div key={k} style={{ display: 'contents' }}>
              <dt className={s.dt}>{k}</dt>
              <dd className={s.dd}>{v}</dd>
            </div>
          ))}
        </dl>
      )}
      {metadata.length > 0 && (
        <>
          <Subtitle2 as="h3">Metadata</Subtitle2>
          <Table aria-label="Metadata" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '40%' }}>Field</TableHeaderCell>
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
        </>
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
