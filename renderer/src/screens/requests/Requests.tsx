import { RequestsList } from './RequestsList.tsx';
import { RequestDetailView } from './RequestDetailView.tsx';

/** #/requests lists them; #/requests/REQ-2026-0042 opens one. */
export function Requests({ param }: { param?: string }) {
  return param ? <RequestDetailView reference={param} /> : <RequestsList />;
}
