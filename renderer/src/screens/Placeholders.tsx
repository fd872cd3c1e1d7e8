import { Page } from '../components/Page.tsx';
import { EmptyState } from '../components/EmptyState.tsx';

export function Disclosures() {
  return (
    <Page title="Disclosures" intro="Whistleblower disclosures. Sources are shown by pseudonym; their identity stays protected.">
      <EmptyState title="No disclosures yet">Disclosures you take in will be listed here.</EmptyState>
    </Page>
  );
}
