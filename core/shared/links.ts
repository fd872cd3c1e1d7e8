/**
 * Which links may leave Sunshine for the system's browser or mail program: https (with a host and
 * no credentials) and mailto — never file:, javascript:, custom schemes. One rule for the desktop
 * shell and browser mode; plain code, importing nothing, because the page uses it too.
 */
export function isSafeExternalUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol === 'mailto:') return true;
  return u.protocol === 'https:' && u.username === '' && u.password === '' && u.hostname !== '';
}

export const EXTERNAL_LINK_REFUSED = 'Only https: and mailto: links open outside Sunshine.';
