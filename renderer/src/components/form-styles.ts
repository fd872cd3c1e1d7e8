import { makeStyles, tokens } from '@fluentui/react-components';

/** The two-column form used by the app's dialogs; `wide` spans both columns. */
export const useFormStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalM },
  wide: { gridColumn: '1 / -1' },
  checks: { display: 'flex', gap: tokens.spacingHorizontalXL, flexWrap: 'wrap' },
});
