/**
 * Who made a change, as History shows it. In a team workspace the actor is a login and `actorName`
 * its member's display name: "Ana Ruiz (aruiz)". Otherwise the display name typed in Settings, with
 * the operating-system account beside it when they differ.
 */
export const whoDid = (e: { actor: string; osUser: string | null; actorName?: string | null }): string => {
  if (e.actorName) return e.actorName === e.actor ? e.actor : `${e.actorName} (${e.actor})`;
  return e.osUser && e.osUser !== e.actor ? `${e.actor} (${e.osUser})` : e.actor;
};
