/** Who made a change, as History shows it: the display name, with the operating-system account beside it when they differ. */
export const whoDid = (e: { actor: string; osUser: string | null }): string => (e.osUser && e.osUser !== e.actor ? `${e.actor} (${e.osUser})` : e.actor);
