import { Page } from '../components/Page.tsx';
import { EmptyState } from '../components/EmptyState.tsx';

export function Disclosures() {
  return (
    <Page title="Disclosures" intro="Whistleblower disclosures. Sources are shown by pseudonym; their identity stays protected.">
      <EmptyState title="No disclosures yet">Disclosures you take in will be listed here.</EmptyState>
    </Page>
  );
}

export function Documents() {
  return (
    <Page title="Documents" intro="Records received from agencies and sources, stored once and verified by their SHA-256.">
      <EmptyState title="No documents yet">Documents you add will be listed here.</EmptyState>
    </Page>
  );
}

export function Search() {
  return (
    <Page title="Search" intro="Full-text search across every document.">
      <EmptyState title="Nothing to search yet">Once documents are added, their text can be searched here.</EmptyState>
    </Page>
  );
}
