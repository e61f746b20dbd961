/**
 * The call screen's keyboard shortcuts at work: a key press becomes an action (see `keyboard/shortcuts.ts`),
 * and the help overlay that lists them opens and closes. What each action does comes in from the screen, so
 * an action that cannot be done right now (no microphone, the call is over) lets the key through untouched.
 */
import {
  ariaKeyShortcut,
  chordKeys,
  matchShortcut,
  shortcutsFor,
  type KeyPress,
  type Platform,
  type Shortcut,
  type ShortcutAction,
} from '../keyboard/shortcuts'

/** What the screen does for each action; returns false when it cannot now (the key is then not taken). */
export type ShortcutHandlers = { readonly [A in Exclude<ShortcutAction, 'help'>]: () => boolean }

export interface ShortcutRow {
  action: ShortcutAction
  /** One entry per chord, each its key caps: `[['Ctrl', 'D']]`, `[['?'], ['F1']]`. */
  chords: string[][]
}

export interface ShortcutsStateOptions {
  platform: Platform
  handlers: ShortcutHandlers
}

export class ShortcutsState {
  readonly #platform: Platform
  readonly #handlers: ShortcutHandlers
  readonly #shortcuts: readonly Shortcut[]
  #helpOpen = $state(false)

  constructor({ platform, handlers }: ShortcutsStateOptions) {
    this.#platform = platform
    this.#handlers = handlers
    this.#shortcuts = shortcutsFor(platform)
  }

  get helpOpen(): boolean {
    return this.#helpOpen
  }

  /** Every shortcut with its keys as this platform shows them, for the help overlay. */
  get rows(): ShortcutRow[] {
    return this.#shortcuts.map((shortcut) => ({ action: shortcut.action, chords: shortcut.chords.map((chord) => chordKeys(chord, this.#platform)) }))
  }

  /** The keys of one action, as the first of its chords shows them (`Ctrl+D`), for a button's tooltip. */
  keysOf(action: ShortcutAction): string {
    const chord = this.#chordsOf(action)[0]
    return chord ? chordKeys(chord, this.#platform).join(this.#platform.mac ? '' : '+') : ''
  }

  /** Every chord of one action for `aria-keyshortcuts`, space-separated. */
  ariaKeysOf(action: ShortcutAction): string {
    return this.#chordsOf(action)
      .map((chord) => ariaKeyShortcut(chord, this.#platform))
      .join(' ')
  }

  /** A key press in the call screen; true when it was a shortcut that did something (prevent its default). */
  handleKey(press: KeyPress): boolean {
    const action = matchShortcut(press, this.#shortcuts, this.#platform)
    if (action === null) return false
    if (action === 'help') {
      this.#helpOpen = !this.#helpOpen
      return true
    }
    return this.#handlers[action]()
  }

  openHelp(): void {
    this.#helpOpen = true
  }

  closeHelp(): void {
    this.#helpOpen = false
  }

  #chordsOf(action: ShortcutAction): Shortcut['chords'] {
    return this.#shortcuts.find((candidate) => candidate.action === action)?.chords ?? []
  }
}
