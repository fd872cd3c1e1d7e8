import { Badge, Body1, Caption1, Card, CardHeader, Link, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { hrefFor } from '../../routes.ts';
import { useCall } from '../../use-call.ts';
import { ErrorBar } from '../../components/ErrorBar.tsx';
import { DocDate } from './DocDate.tsx';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  entry: { paddingBlock: tokens.spacingVerticalXXS, paddingInlineEnd: tokens.spacingHorizontalS, overflowWrap: 'anywhere' },
  title: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'baseline' },
  current: { fontWeight: tokens.fontWeightSemibold, backgroundColor: tokens.colorBrandBackground2, borderRadius: tokens.borderRadiusMedium },
  badge: { flexShrink: 0 },
  about: { display: 'block', color: tokens.colorNeutralForeground3 },
});

/** Indent per reply level, capped so a long chain stays readable. */
const indent = (depth: number) => `${Math.min(depth, 8) * 16}px`;

/**
 * The emails of this email's thread as a tree by reply, each a link; this one highlighted, the
 * inclusive ones (what a reviewer reads instead of every reply) marked. Nothing for a document
 * that is no email, or an email alone in its thread.
 */
export function ThreadCard({ id }: { id: number }) {
  const s = useStyles();
  const { data, error } = useCall('documents.thread', { id });
  if (error) return <ErrorBar title="The thread could not be shown" message={error} />;
  if (!data || data.entries.length < 2) return null;
  return (
    <Card>
      <CardHeader header={<Subtitle1 as="h2">Thread</Subtitle1>} description={<Body1>{data.entries.length} emails, by reply; inclusive ones hold the emails before them.</Body1>} />
      <ol className={s.list} aria-label="Emails of the thread">
        {data.entries.map((e) => (
          <li key={e.id} className={`${s.entry} ${e.id === id ? s.current : ''}`} style={{ paddingInlineStart: indent(e.depth) }} aria-current={e.id === id ? 'true' : undefined}>
            <span className={s.title}>
              {e.id === id ? <span>{e.subject || e.name}</span> : <Link href={hrefFor('documents', String(e.id))}>{e.subject || e.name}</Link>}
              {e.inclusive && (
                <Badge className={s.badge} appearance="tint" color="success" size="small">
                  Inclusive
                </Badge>
              )}
            </span>
            <Caption1 className={s.about}>
              <DocDate d={e} />
              {e.from ? ` · ${e.from}` : ''}
            </Caption1>
          </li>
        ))}
      </ol>
    </Card>
  );
}
