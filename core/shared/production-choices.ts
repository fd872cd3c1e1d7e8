/** What happens to family members "with whole families" brought in that nobody reviewed (or coded not responsive): stop, slip-sheet them, or let them go whole. */
export const UNREVIEWED_FAMILY = ['block', 'slip-sheet', 'include'] as const;
export type UnreviewedFamily = (typeof UNREVIEWED_FAMILY)[number];
