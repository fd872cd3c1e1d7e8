import type { Core } from '../core/index.ts';
import { must } from './stats.ts';

/** What keyboard review fetches for each document it shows (it fetches two ahead, so j shows one at once). */
export const fetchForReview = (core: Core, id: number) =>
  Promise.all([must(core.invoke('documents.get', { id })), must(core.invoke('review.get', { id })), must(core.invoke('documents.page', { id, page: 1 }))]);
