/**
 * The call screen's keyboard shortcuts: which keys do what, how to show them, and which key press is one.
 * Plain TS: tested in Node.
 *
 * The primary modifier is ⌘ on a Mac and Ctrl elsewhere, so no shortcut takes a key that edits text (on a
 * Mac, Ctrl+D and Ctrl+E do). Letters are matched by `code` (the key's place), so a shortcut works the same
 * with a Korean or any other layout active. The one plain key, `?`, is left alone while typing in a field.
 */

export type ShortcutAction = 'mute' | 'camera' | 'share' | 'chat' | 'hang-up' | 'help'
export const SHORTCUT_ACTIONS: readonly ShortcutAction[] = ['mute', 'camera', 'share', 'chat', 'hang-up', 'help']

export interface KeyChord {
  /** ⌘ on a Mac, Ctrl elsewhere. */
  primary?: boolean
  shift?: boolean
  alt?: boolean
  /** The Control key itself, apart from `primary` (⌃ on a Mac). */
  control?: boolean
  /** `KeyboardEvent.code` for letters (layout independent)… */
  code?: string
  /** …or `KeyboardEvent.key` for keys that are about the character (`?`) or have no letter (`F1`). */
  key?: string
  /** Shown on the key cap: `D`, `?`, `F1`. */
  label: string
}

export interface Shortcut {
  action: ShortcutAction
  /** Any of these does it; the first is the one shown first. */
  chords: readonly KeyChord[]
}

export interface Platform {
  mac: boolean
}

/**
 * Google Meet's choices for the microphone (D) and camera (E), so hands that know them need nothing new; share
 * and hang-up add Shift so one slip does not end a call; chat uses Alt (⌃ on a Mac), because Ctrl+Shift+C
 * opens the browser's developer tools.
 */
export function shortcutsFor({ mac }: Platform): readonly Shortcut[] {
  const chatChord: KeyChord = mac ? { primary: true, control: true, code: 'KeyC', label: 'C' } : { primary: true, alt: true, code: 'KeyC', label: 'C' }
  return [
    { action: 'mute', chords: [{ primary: true, code: 'KeyD', label: 'D' }] },
    { action: 'camera', chords: [{ primary: true, code: 'KeyE', label: 'E' }] },
    { action: 'share', chords: [{ primary: true, shift: true, code: 'KeyE', label: 'E' }] },
    { action: 'chat', chords: [chatChord] },
    { action: 'hang-up', chords: [{ primary: true, shift: true, code: 'KeyH', label: 'H' }] },
    { action: 'help', chords: [{ shift: true, key: '?', label: '?' }, { key: 'F1', label: 'F1' }] },
  ]
}

/** The key caps of a chord, in the platform's order: `['Ctrl', 'Shift', 'E']`, `['⌃', '⌘', 'C']`. */
export function chordKeys(chord: KeyChord, { mac }: Platform): string[] {
  const keys: string[] = []
  if (mac) {
    if (chord.control) keys.push('⌃')
    if (chord.alt) keys.push('⌥')
    if (chord.shift && chord.key !== '?') keys.push('⇧')
    if (chord.primary) keys.push('⌘')
  } else {
    if (chord.primary || chord.control) keys.push('Ctrl')
    if (chord.alt) keys.push('Alt')
    if (chord.shift && chord.key !== '?') keys.push('Shift')
  }
  keys.push(chord.label)
  return keys
}

/** A chord as `aria-keyshortcuts` names it: `Control+Shift+E`, `Meta+D`, `Shift+?`. */
export function ariaKeyShortcut(chord: KeyChord, { mac }: Platform): string {
  const parts: string[] = []
  if (chord.control || (chord.primary && !mac)) parts.push('Control')
  if (chord.alt) parts.push('Alt')
  if (chord.shift) parts.push('Shift')
  if (chord.primary && mac) parts.push('Meta')
  parts.push(chord.key ?? chord.label)
  return parts.join('+')
}

/** What a key press looks like to the matcher: the parts of `KeyboardEvent` it reads. */
export interface KeyPress {
  key: string
  code: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
  repeat: boolean
  isComposing: boolean
  /** AltGr is reported as Ctrl+Alt on Windows, and types characters (ć, €) on many layouts. */
  altGraph: boolean
  /** The key went to a text field, a select or an editable element. */
  inTextField: boolean
}

/** The action a key press asks for, or null when it is none (or is text being typed). */
export function matchShortcut(press: KeyPress, shortcuts: readonly Shortcut[], platform: Platform): ShortcutAction | null {
  // A held key repeats: a toggle would flip back and forth. An IME composing Hangul owns its keys.
  if (press.repeat || press.isComposing) return null
  // In a text field, AltGr (Ctrl+Alt to the page) is someone typing a character, not asking for the chat.
  if (press.altGraph && press.inTextField) return null
  for (const shortcut of shortcuts) {
    if (shortcut.chords.some((chord) => chordMatches(chord, press, platform))) return shortcut.action
  }
  return null
}

function chordMatches(chord: KeyChord, press: KeyPress, { mac }: Platform): boolean {
  const primary = mac ? press.metaKey : press.ctrlKey
  const other = mac ? press.ctrlKey : press.metaKey
  const wantsModifier = Boolean(chord.primary || chord.control || chord.alt)
  if (!wantsModifier && press.inTextField) return false
  if (primary !== Boolean(chord.primary)) return false
  if (other !== Boolean(mac && chord.control)) return false
  if (press.altKey !== Boolean(chord.alt)) return false
  // `?` is Shift+/ on most layouts but not all: for a character key, the character is what counts.
  if (chord.key !== undefined) return press.key === chord.key && (chord.key === '?' || press.shiftKey === Boolean(chord.shift))
  return press.code === chord.code && press.shiftKey === Boolean(chord.shift)
}

/** Whether the element a key went to takes typed text. */
export function isTextField(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false
  const element = target as { tagName?: unknown; isContentEditable?: unknown; type?: unknown }
  if (element.isContentEditable === true) return true
  const tag = typeof element.tagName === 'string' ? element.tagName.toUpperCase() : ''
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag !== 'INPUT') return false
  const type = typeof element.type === 'string' ? element.type.toLowerCase() : 'text'
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(type)
}

/** A Mac (⌘ shortcuts), from `navigator.platform` or the user-agent data's platform. */
export function isMacPlatform(platform: string): boolean {
  return /^(mac|iphone|ipad|ipod)/i.test(platform)
}

/** The parts of a DOM `KeyboardEvent` read here (this module is also type-checked without the DOM). */
export type KeyboardEventLike = Omit<KeyPress, 'altGraph' | 'inTextField'> & {
  readonly target: unknown
  getModifierState?(key: string): boolean
}

/** The matcher's view of a DOM `KeyboardEvent`. */
export function keyPressOf(event: KeyboardEventLike): KeyPress {
  return {
    key: event.key,
    code: event.code,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    shiftKey: event.shiftKey,
    altKey: event.altKey,
    repeat: event.repeat,
    isComposing: event.isComposing,
    altGraph: event.getModifierState?.('AltGraph') ?? false,
    inTextField: isTextField(event.target),
  }
}
