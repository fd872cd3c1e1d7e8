/** A Bates number as printed on a page: the prefix, then the number padded with zeros (HSGAC-00000042). */
export const formatBates = (prefix: string, n: number, padding: number): string => `${prefix}${String(n).padStart(padding, '0')}`;
