import { makeStyles, tokens } from '@fluentui/react-components';

/** The two-column form used by the app's dialogs; `wide` spans both columns. */
export const useFormStyles = makeStyles({
  // Cells keep their own height: a checkbox beside a labelled field is not stretched out of line.
  form: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM, alignItems: 'start' },
  /** A checkbox in the grid, level with the inputs beside it. */
  check: { alignSelf: 'end' },
  wide: { gridColumn: '1 / -1' },
  checks: { display: 'flex', gap: tokens.spacingHorizontalXL, flexWrap: 'wrap' },
});
