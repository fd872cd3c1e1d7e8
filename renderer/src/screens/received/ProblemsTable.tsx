import { Badge, Body1, Caption1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import type { LoadProblem } from '../../../../core/api.ts';
import { plural } from './labels.ts';

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  kinds: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', margin: 0, padding: 0, listStyle: 'none' },
  scroll: { maxHeight: '320px', overflowY: 'auto' },
  where: { overflowWrap: 'anywhere' },
});

/** file, line 12, record ICE-0000004, field TEXTPATH: where in the volume a problem is. */
export function whereWords(p: LoadProblem): string {
  return [p.file, p.line !== undefined ? `line ${p.line}` : null, p.record ? `record ${p.record}` : null, p.field ? `field ${p.field}` : null].filter(Boolean).join(', ');
}

/** How many problems of each kind (code), blocking kinds first, then the most frequent. */
function kinds(problems: LoadProblem[]) {
  const counts = new Map<string, { code: string; blocking: boolean; n: number }>();
  for (const p of problems) {
    const k = counts.get(p.code) ?? { code: p.code, blocking: false, n: 0 };
    k.n++;
    k.blocking ||= p.severity === 'blocking';
    counts.set(p.code, k);
  }
  return [...counts.values()].sort((a, b) => Number(b.blocking) - Number(a.blocking) || b.n - a.n || a.code.localeCompare(b.code));
}

/** A production's problems as read before an import (and kept with it after): blocking ones first, a count of each kind. */
export function ProblemsTable({ problems, leftOut }: { problems: LoadProblem[]; leftOut: number }) {
  const s = useStyles();
  if (problems.length === 0 && leftOut === 0) return <Body1 role="status">No problems found.</Body1>;
  // Stable: within each severity the problems keep the order of the files and lines they were found in.
  const sorted = [...problems].sort((a, b) => Number(b.severity === 'blocking') - Number(a.severity === 'blocking'));
  return (
    <div className={s.box}>
      <ul className={s.kinds} aria-label="Problems by kind">
        {kinds(problems).map((k) => (
          <li key={k.code}>
            <Badge appearance="tint" color={k.blocking ? 'danger' : 'warning'}>
              {k.code}: {k.n.toLocaleString()}
            </Badge>
          </li>
        ))}
      </ul>
      <div className={s.scroll} role="region" aria-label="Problems, scrollable" tabIndex={0}>
        <Table aria-label="Problems" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: 100 }}>Severity</TableHeaderCell>
              <TableHeaderCell style={{ width: '35%' }}>Where</TableHeaderCell>
              <TableHeaderCell>Problem</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {sorted.map((p, i) => (
              <TableRow key={i}>
                <TableCell>
                  <Badge appearance="tint" color={p.severity === 'blocking' ? 'danger' : 'warning'}>
                    {p.severity}
                  </Badge>
                </TableCell>
                <TableCell className={s.where}>{whereWords(p)}</TableCell>
                <TableCell>{p.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {leftOut > 0 && <Caption1>{plural(leftOut, 'more problem')} not listed (only the first {problems.length.toLocaleString()} are).</Caption1>}
    </div>
  );
}
