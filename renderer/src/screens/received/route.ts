import { hrefFor } from '../../routes.ts';

/** A received production's page lives under the Documents screen: #/documents/received-7 (document ids are plain numbers). */
const PREFIX = 'received-';

export const receivedHref = (id: number) => hrefFor('documents', `${PREFIX}${id}`);

/** The production's id when the Documents screen's param names one, else null. */
export function receivedIdOf(param: string | undefined): number | null {
  if (!param?.startsWith(PREFIX)) return null;
  const id = Number(param.slice(PREFIX.length));
  return Number.isInteger(id) && id > 0 ? id : null;
}
