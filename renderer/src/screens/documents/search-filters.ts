/** The search screen's filters, kept as text in its address, as the API types them. */
import type { DocumentKind } from '../../../../core/shared/document-kinds.ts';

type Status = 'unreviewed' | 'responsive' | 'non-responsive' | 'needs-redaction' | 'privileged';

/** Filters that are on or off: '1' in the address, true for the API. */
export const SWITCH_FILTERS = ['wholeThreads', 'inclusiveOnly'] as const;

/** The address's filters as the API types them (it checks the values and names the ones it knows). */
export function typedFilters(f: Record<string, string | undefined>) {
  const { type, status, wholeThreads, inclusiveOnly, ...rest } = f;
  const given = Object.fromEntries(Object.entries(rest).filter((e): e is [string, string] => e[1] !== undefined));
  return {
    ...given,
    ...(type ? { type: type as DocumentKind } : {}),
    ...(status ? { status: status as Status } : {}),
    ...(wholeThreads === '1' ? { wholeThreads: true } : {}),
    ...(inclusiveOnly === '1' ? { inclusiveOnly: true } : {}),
  };
}
