/**
 * What each person in a team workspace may do. Each role includes the ones before it:
 * - viewer: reads;
 * - reviewer: also codes, tags and redacts documents;
 * - counsel: also logs requests and disclosures and makes productions;
 * - admin: also manages people (`sunshine team`, Settings → Team).
 * A data folder on SQLite has one person, who is its admin.
 */
export const ROLES = ['viewer', 'reviewer', 'counsel', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

/** Whether `have` (null: not a member) is `need` or above. */
export const roleAtLeast = (have: Role | null, need: Role): boolean => have !== null && ROLES.indexOf(have) >= ROLES.indexOf(need);

/** The role's name as a sentence says it ("a reviewer", "an admin"; "counsel" takes no article: "you are counsel"). */
export const withArticle = (r: Role): string => (r === 'admin' ? 'an admin' : r === 'counsel' ? 'counsel' : `a ${r}`);
