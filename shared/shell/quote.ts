/**
 * The one shell-quoting function of the project: every free-text value that reaches a POSIX shell command
 * (plan steps, guards, the SSH layer's wrappers) goes through it.
 */

/** Text as one POSIX sh word: single-quoted, with each `'` written as `'\''`. Safe for any byte string. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A word that needs no quoting (letters, digits and `@%+=:,./_-`) is left as it is; others are quoted. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9@%+=:,./_-]+$/.test(text) ? text : shellQuote(text);
}
