import {
  Body1,
  Caption1,
  MessageBar,
  MessageBarBody,
  Select,
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
import type { ColumnUse, ReceiveReportOut, ReceivedVolumeOut } from '../../../../core/api.ts';
import { COLUMN_USES, COLUMN_USE_LABELS, batesRange, plural } from './labels.ts';
import { ProblemsTable } from './ProblemsTable.tsx';

const useStyles = makeStyles({
  report: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  counts: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(110px, 1fr))', gap: tokens.spacingHorizontalM, margin: 0 },
  count: { display: 'flex', flexDirection: 'column-reverse', margin: 0 },
  figure: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  label: { color: tokens.colorNeutralForeground3 },
  samples: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  scroll: { maxHeight: '360px', overflowY: 'auto' },
  name: { overflowWrap: 'anywhere' },
});

export function VolumesTable({ volumes }: { volumes: ReceivedVolumeOut[] }) {
  const s = useStyles();
  return (
    <Table aria-label="Volumes" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Volume</TableHeaderCell>
          <TableHeaderCell>Load files</TableHeaderCell>
          <TableHeaderCell style={{ width: 110 }}>Encoding</TableHeaderCell>
          <TableHeaderCell style={{ width: 80 }}>Records</TableHeaderCell>
          <TableHeaderCell style={{ width: 80 }}>Pages</TableHeaderCell>
          <TableHeaderCell>Range</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {volumes.map((v) => (
          <TableRow key={`${v.name}|${v.dat}`}>
            <TableCell className={s.name}>{v.name}</TableCell>
            <TableCell className={s.name}>{[v.dat, v.images].filter(Boolean).join(', ')}</TableCell>
            <TableCell>{v.encoding}</TableCell>
            <TableCell>{v.records.toLocaleString()}</TableCell>
            <TableCell>{v.pages.toLocaleString()}</TableCell>
            <TableCell>{batesRange(v.first, v.last)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Counts({ r }: { r: ReceiveReportOut }) {
  const s = useStyles();
  const items: [string, number][] = [
    ['records', r.records],
    ['pages', r.pages],
    ['valid', r.valid],
    ['blocked', r.blocked],
    ['already in', r.already],
  ];
  return (
    <div role="group" aria-label="Counts">
      <dl className={s.counts}>
        {items.map(([label, n]) => (
          <div key={label} className={s.count}>
            <dt className={s.label}>{label}</dt>
            <dd className={s.figure}>{n.toLocaleString()}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** One row per column of the load file: its name, a few of its values, and what it is taken as (changeable before an import). */
function MappingTable({ r, onUse }: { r: ReceiveReportOut; onUse?: (column: string, use: ColumnUse) => void }) {
  const s = useStyles();
  return (
    // Focusable, so a long mapping can be scrolled from the keyboard when it has no Selects to tab to.
    <div className={s.scroll} role="region" aria-label="Field mapping, scrollable" tabIndex={0}>
      <Table aria-label="Field mapping" size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: '25%' }}>Column</TableHeaderCell>
            <TableHeaderCell>Sample values</TableHeaderCell>
            <TableHeaderCell style={{ width: 230 }}>Taken as</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {r.header.map((column) => {
            const use = r.mapping[column] ?? 'metadata';
            return (
              <TableRow key={column}>
                <TableCell className={s.name}>{column}</TableCell>
                <TableCell className={s.samples}>{(r.samples[column] ?? []).filter(Boolean).join(' · ') || '(empty)'}</TableCell>
                <TableCell>
                  {onUse ? (
                    <Select aria-label={`Use of column ${column}`} value={use} onChange={(_, d) => onUse(column, d.value as ColumnUse)}>
                      {COLUMN_USES.map((u) => (
                        <option key={u} value={u}>
                          {COLUMN_USE_LABELS[u]}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    COLUMN_USE_LABELS[use]
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

/** What a production holds and what is wrong with it: before an import (mapping changeable) and on its page after. */
export function ReceiveReport({ r, onUse }: { r: ReceiveReportOut; onUse?: (column: string, use: ColumnUse) => void }) {
  const s = useStyles();
  return (
    <div className={s.report}>
      <Body1>
        {r.name} from {r.party}: {plural(r.records, 'record')}, {plural(r.pages, 'page')}, {batesRange(r.first, r.last)}
      </Body1>
      <Counts r={r} />
      <Subtitle2 as="h3">Volumes</Subtitle2>
      <VolumesTable volumes={r.volumes} />
      <Subtitle2 as="h3">
        Field mapping{' '}
        <Caption1>{r.mappingRemembered ? `(as last time for ${r.party})` : '(recognised from the column names)'}</Caption1>
      </Subtitle2>
      {r.mappingProblems.length > 0 && (
        <MessageBar intent="warning">
          <MessageBarBody>{r.mappingProblems.join(' ')}</MessageBarBody>
        </MessageBar>
      )}
      <MappingTable r={r} {...(onUse ? { onUse } : {})} />
      <Subtitle2 as="h3">Problems</Subtitle2>
      <ProblemsTable problems={r.problems} leftOut={r.problemsLeftOut} />
    </div>
  );
}
