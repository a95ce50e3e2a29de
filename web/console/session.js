// The signed-in supervisor: the token, kept for this browser tab only (sessionStorage: closing the
// tab signs out, and no other site or tab reads it), and what it says about its holder. The
// console reads the claims to label the page and pick the default region; the platform verifies
// the token on every call and decides what the caller may see (docs/security.md).
const KEY = 'onewindow.console.token';

export const session = {
  get token() {
    return sessionStorage.getItem(KEY) ?? '';
  },
  signIn(token) {
    sessionStorage.setItem(KEY, token.trim());
  },
  signOut() {
    sessionStorage.removeItem(KEY);
  },
  /** The token's claims (sub, roles, region, department), unverified: for display only. */
  get claims() {
    const token = this.token;
    // A development token is "dev.<claims>", a signed one "<header>.<claims>.<signature>".
    const part = token.startsWith('dev.') ? token.slice(4) : token.split('.')[1];
    try {
      const json = atob(part.replaceAll('-', '+').replaceAll('_', '/'));
      return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
    } catch {
      return {};
    }
  },
};
