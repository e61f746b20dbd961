/**
 * "Your name" (Settings): what the people you call see on your tile when your camera is off, sent to them peer to
 * peer on the call's peer-state channel (docs/protocol.md, "On the peer connection"). Optional: the empty string
 * means no name, and the other side then shows a generic person. One parser for every boundary that a name
 * crosses: the settings file, the IPC argument, `localStorage` in web mode, and a frame from the other person's app.
 *
 * Plain TypeScript: no DOM, no Node.
 */

/** The most characters (Unicode code points, as a person counts them) a name may have once tidied. */
export const MAX_DISPLAY_NAME_LENGTH = 40

/**
 * Anything longer is refused before it is even tidied: a name of 40 characters with spaces and stray control
 * characters stays far below it, and a hostile frame or a hand-edited file cannot make the parser walk megabytes.
 */
export const MAX_DISPLAY_NAME_INPUT_LENGTH = 256

export const DisplayNameError = {
  NotText: 'DISPLAY_NAME_ERR_NOT_TEXT',
  TooLong: 'DISPLAY_NAME_ERR_TOO_LONG',
  /** A valid name that could not be kept (the settings file or storage could not be written). */
  NotSaved: 'DISPLAY_NAME_ERR_NOT_SAVED',
} as const
export type DisplayNameError = (typeof DisplayNameError)[keyof typeof DisplayNameError]

export type DisplayNameCheck =
  | { readonly ok: true; readonly name: string }
  | { readonly ok: false; readonly code: typeof DisplayNameError.NotText | typeof DisplayNameError.TooLong }

// Control characters would break the line the name is shown on; bidirectional overrides and isolates could make
// "Minji" read as another name next to it (the trick of `gnp.exe` shown as `exe.png`); zero-width ones make two
// names that look the same differ. None belongs in a name shown to someone else.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g

/**
 * The name as it is kept and shown: control characters become spaces, invisible and direction-changing ones go,
 * runs of white space become one space, and the ends are trimmed. Refused when `value` is not a string or the
 * tidied name is longer than `MAX_DISPLAY_NAME_LENGTH`. The empty string (no name) is a valid name.
 */
export function parseDisplayName(value: unknown): DisplayNameCheck {
  if (typeof value !== 'string') return { ok: false, code: DisplayNameError.NotText }
  if (value.length > MAX_DISPLAY_NAME_INPUT_LENGTH) return { ok: false, code: DisplayNameError.TooLong }
  const name = value.replace(CONTROL, ' ').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim()
  if (displayNameLength(name) > MAX_DISPLAY_NAME_LENGTH) return { ok: false, code: DisplayNameError.TooLong }
  return { ok: true, name }
}

/** Whether `value` is a name exactly as `parseDisplayName` would keep it (for data that should already be tidy). */
export function isDisplayName(value: unknown): value is string {
  const check = parseDisplayName(value)
  return check.ok && check.name === value
}

/** Length in code points: an emoji or a Hangul syllable counts as one. */
export function displayNameLength(name: string): number {
  return Array.from(name).length
}
