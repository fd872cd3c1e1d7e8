/**
 * A spreadsheet as a grid: a tab per sheet (hidden ones marked), column letters and row numbers,
 * hidden rows and columns and comments marked (a reviewer must see what the producing party hid), search
 * words marked and the hit cell outlined and scrolled to. Rows come from the cell grid in blocks
 * as they scroll into view (virtualized: 100,000 rows scroll as smoothly as 100).
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Body1, Caption1, Switch, Tab, TabList, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { SheetGridOut } from '../../../../core/api.ts';
import { cellAddress, columnName, type GridRow } from '../../../../core/shared/sheet-grid.ts';
import { call } from '../../api/client.ts';
import { Marked } from './highlight.tsx';

const ROW_HEIGHT = 28;
const BLOCK = 200;
/** Columns drawn at most; a sheet wider than this says so (its text holds every column). */
const MAX_COLUMNS = 200;

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  scroller: { height: '560px', overflow: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, position: 'relative' },
  row: { display: 'grid', height: `${ROW_HEIGHT}px`, fontSize: tokens.fontSizeBase200 },
  head: { position: 'sticky', top: 0, zIndex: 2, backgroundColor: tokens.colorNeutralBackground3, fontWeight: tokens.fontWeightSemibold },
  gutter: { position: 'sticky', left: 0, zIndex: 1, backgroundColor: tokens.colorNeutralBackground3, textAlign: 'right', paddingRight: tokens.spacingHorizontalXS },
  cell: {
    borderRight: `1px solid ${tokens.colorNeutralStroke3}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    padding: `0 ${tokens.spacingHorizontalXS}`,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    textOverflow: 'ellipsis',
    lineHeight: `${ROW_HEIGHT - 1}px`,
    position: 'relative',
  },
  hiddenRow: { backgroundColor: tokens.colorPaletteYellowBackground2, fontStyle: 'italic' },
  hit: { outline: `2px solid ${tokens.colorPaletteRedBorder2}`, outlineOffset: '-2px' },
  // Excel's mark: a small red corner on a cell with a comment (the comment is its tooltip and in the text).
  commented: {
    '::after': { content: '""', position: 'absolute', top: 0, right: 0, borderTop: `7px solid ${tokens.colorPaletteRedBorder2}`, borderLeft: '7px solid transparent' },
  },
  formula: { fontFamily: tokens.fontFamilyMonospace },
});

/** Rows of one sheet, fetched in blocks as they are needed and kept (keyed by sheet, so switching back costs nothing). */
function useSheetRows(id: number, sheet: number, onError: (m: string) => void) {
  const [blocks, setBlocks] = useState<Map<string, GridRow[]>>(new Map());
  const asked = useRef(new Set<string>());
  const key = (b: number) => `${id}:${sheet}:${b}`;
  const want = (first: number, last: number) => {
    for (let b = Math.floor(first / BLOCK); b <= Math.floor(last / BLOCK); b++) {
      const k = key(b);
      if (asked.current.has(k)) continue;
      asked.current.add(k);
      call('documents.sheet', { id, sheet, from: b * BLOCK, count: BLOCK }).then(
        (r) => setBlocks((m) => new Map(m).set(k, r.rows)),
        (e: Error) => onError(e.message),
      );
    }
  };
  const rowAt = (line: number): GridRow | undefined => blocks.get(key(Math.floor(line / BLOCK)))?.[line % BLOCK];
  return { want, rowAt };
}

export function SheetView({ id, page, terms, query, onError, text }: { id: number; page: number; terms: string[]; query: string; onError: (m: string) => void; text: ReactNode }) {
  const s = useStyles();
  const [grid, setGrid] = useState<SheetGridOut | null>(null);
  const [failed, setFailed] = useState(false);
  const [sheet, setSheet] = useState(0);
  const [formulas, setFormulas] = useState(false);
  useEffect(() => {
    let current = true;
    call('documents.grid', { id, page, ...(query ? { query } : {}) }).then(
      (g) => {
        if (!current) return;
        setGrid(g);
        setSheet(g.hit?.sheet ?? g.pages[page - 1]?.sheet ?? 0);
      },
      // A spreadsheet stored but not read has no grid: its text (its name) is shown instead.
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [id, page, query]);

  const info = grid?.sheets[sheet];
  const { want, rowAt } = useSheetRows(id, sheet, onError);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: info?.rows ?? 0, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index;
  const last = items.at(-1)?.index;
  useEffect(() => {
    if (first !== undefined && last !== undefined) want(first, last);
  });
  // Opened at a page or a hit: the sheet scrolls to the hit's row, else to the page's first row.
  const target = grid ? (grid.hit && grid.hit.sheet === sheet ? grid.hit.line : grid.pages[page - 1]?.sheet === sheet ? grid.pages[page - 1]!.from : null) : null;
  useEffect(() => {
    if (target !== null) virtualizer.scrollToIndex(target, { align: 'center' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- scrolled when the target changes, not on every draw
  }, [target, sheet, info?.rows]);

  const cols = Math.min(info?.cols ?? 0, MAX_COLUMNS);
  const template = useMemo(() => `64px repeat(${cols}, minmax(96px, 160px))`, [cols]);
  const hiddenCols = useMemo(() => new Set(info?.hiddenCols ?? []), [info]);
  if (failed) return <>{text}</>;
  if (!grid || !info) return <Body1>Loading…</Body1>;
  const hitRef = grid.hit && grid.hit.sheet === sheet ? grid.hit : null;
  const counts = [
    `${info.rows.toLocaleString('en-US')} row${info.rows === 1 ? '' : 's'} with values`,
    ...(info.hiddenRows ? [`${info.hiddenRows.toLocaleString('en-US')} hidden`] : []),
    ...(info.comments ? [`${info.comments} comment${info.comments === 1 ? '' : 's'}`] : []),
    ...(info.formulas ? [`${info.formulas} formula${info.formulas === 1 ? '' : 's'}`] : []),
    ...(info.cols > MAX_COLUMNS ? [`first ${MAX_COLUMNS} of ${info.cols} columns shown`] : []),
  ];
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div>
      <TabList selectedValue={String(sheet)} onTabSelect={(_, t) => setSheet(Number(t.value))} aria-label="Sheets" size="small">
        {grid.sheets.map((sh, i) => (
          <Tab key={i} value={String(i)}>
            {sh.name}
            {sh.hidden ? (sh.hidden === 2 ? ' (very hidden)' : ' (hidden)') : ''}
          </Tab>
        ))}
      </TabList>
      <div className={s.bar}>
        <Caption1>{counts.join(' · ')}</Caption1>
        {info.formulas > 0 && <Switch label="Show formulas" checked={formulas} onChange={(_, v) => setFormulas(v.checked)} />}
        {hitRef && <Caption1>Hit in {hitRef.ref}</Caption1>}
      </div>
      <div ref={scroller} className={s.scroller} role="grid" aria-label={`Sheet ${info.name}`} aria-rowcount={info.rows + 1} tabIndex={0}>
        <div className={mergeClasses(s.row, s.head)} style={{ gridTemplateColumns: template }} role="row">
          <div className={mergeClasses(s.cell, s.gutter)} role="columnheader" />
          {Array.from({ length: cols }, (_, c) => (
            <div key={c} className={mergeClasses(s.cell, hiddenCols.has(c) ? s.hiddenRow : undefined)} role="columnheader">
              {hiddenCols.has(c) ? `${columnName(c)} (hidden)` : columnName(c)}
            </div>
          ))}
        </div>
        <div style={{ paddingTop: padTop, paddingBottom: padBottom }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            if (!row) return <div key={item.key} className={s.row} style={{ gridTemplateColumns: template }} role="row" aria-busy="true" />;
            const [r, hidden, cells] = row;
            return (
              <div
                key={item.key}
                className={mergeClasses(s.row, hidden ? s.hiddenRow : undefined)}
                style={{ gridTemplateColumns: template }}
                role="row"
                aria-rowindex={item.index + 2}
                aria-label={hidden ? `Row ${r + 1}, hidden` : `Row ${r + 1}`}
              >
                <div className={mergeClasses(s.cell, s.gutter, hidden ? s.hiddenRow : undefined)} role="rowheader" title={hidden ? 'Hidden in the file as received' : undefined}>
                  {hidden ? `hidden ${r + 1}` : r + 1}
                </div>
                {cells
                  .filter(([c]) => c < cols)
                  .map(([c, value, formula, comment]) => {
                    const showFormula = formulas && typeof formula === 'string';
                    const isHit = hitRef?.line === item.index && hitRef.col === c;
                    return (
                      <div
                        key={c}
                        className={mergeClasses(s.cell, hiddenCols.has(c) ? s.hiddenRow : undefined, isHit ? s.hit : undefined, comment ? s.commented : undefined, showFormula ? s.formula : undefined)}
                        style={{ gridColumn: c + 2 }}
                        role="gridcell"
                        aria-label={cellAddress(r, c)}
                        aria-selected={isHit || undefined}
                        title={[showFormula ? value : typeof formula === 'string' ? `=${formula}` : '', comment ? `Comment — ${comment}` : ''].filter(Boolean).join('\n') || undefined}
                      >
                        {showFormula ? `=${formula}` : <Marked text={value} terms={terms} />}
                      </div>
                    );
                  })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
