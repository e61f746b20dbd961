import { describe, expect, it, vi } from 'vitest'
import {
  ariaKeyShortcut,
  chordKeys,
  isMacPlatform,
  isTextField,
  keyPressOf,
  matchShortcut,
  SHORTCUT_ACTIONS,
  shortcutsFor,
  type KeyPress,
  type Platform,
} from '../../../src/renderer/src/keyboard/shortcuts'
import { ShortcutsState, type ShortcutHandlers } from '../../../src/renderer/src/state/shortcuts.svelte'

const linux: Platform = { mac: false }
const mac: Platform = { mac: true }

function press(overrides: Partial<KeyPress>): KeyPress {
  return {
    key: '',
    code: '',
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    repeat: false,
    isComposing: false,
    altGraph: false,
    inTextField: false,
    ...overrides,
  }
}

const match = (overrides: Partial<KeyPress>, platform = linux) => matchShortcut(press(overrides), shortcutsFor(platform), platform)

describe('the keymap', () => {
  it('has a shortcut for every action, each with at least one chord', () => {
    for (const platform of [linux, mac]) {
      expect(shortcutsFor(platform).map((shortcut) => shortcut.action).sort()).toEqual([...SHORTCUT_ACTIONS].sort())
    }
  })

  it('gives no two actions the same keys', () => {
    for (const platform of [linux, mac]) {
      const shown = shortcutsFor(platform).flatMap((shortcut) => shortcut.chords.map((chord) => chordKeys(chord, platform).join('+')))
      expect(new Set(shown).size).toBe(shown.length)
    }
  })

  it('uses Ctrl on Windows and Linux and ⌘ on a Mac for mute, camera, share and hang up', () => {
    expect(match({ ctrlKey: true, code: 'KeyD', key: 'd' })).toBe('mute')
    expect(match({ metaKey: true, code: 'KeyD', key: 'd' })).toBeNull()
    expect(match({ metaKey: true, code: 'KeyD', key: 'd' }, mac)).toBe('mute')
    // On a Mac, Ctrl+D deletes the next character in a text field: it must stay that.
    expect(match({ ctrlKey: true, code: 'KeyD', key: 'd' }, mac)).toBeNull()
    expect(match({ ctrlKey: true, code: 'KeyE', key: 'e' })).toBe('camera')
    expect(match({ ctrlKey: true, shiftKey: true, code: 'KeyE', key: 'E' })).toBe('share')
    expect(match({ ctrlKey: true, shiftKey: true, code: 'KeyH', key: 'H' })).toBe('hang-up')
    expect(match({ ctrlKey: true, code: 'KeyH', key: 'h' })).toBeNull()
  })

  it('opens the chat with Ctrl+Alt+C, or ⌃⌘C on a Mac, not Ctrl+Shift+C (the developer tools)', () => {
    expect(match({ ctrlKey: true, altKey: true, code: 'KeyC', key: 'c' })).toBe('chat')
    expect(match({ ctrlKey: true, metaKey: true, code: 'KeyC', key: 'c' }, mac)).toBe('chat')
    expect(match({ ctrlKey: true, shiftKey: true, code: 'KeyC', key: 'C' })).toBeNull()
    expect(match({ ctrlKey: true, code: 'KeyC', key: 'c' })).toBeNull()
  })

  it('matches letters by their place on the keyboard, so a Korean layout works too', () => {
    expect(match({ ctrlKey: true, code: 'KeyD', key: 'ㅇ' })).toBe('mute')
  })

  it('opens the help with ? or F1, but not ? typed into a text field', () => {
    expect(match({ shiftKey: true, key: '?', code: 'Slash' })).toBe('help')
    expect(match({ key: 'F1', code: 'F1' })).toBe('help')
    expect(match({ shiftKey: true, key: '?', code: 'Slash', inTextField: true })).toBeNull()
    expect(match({ ctrlKey: true, key: '?', code: 'Slash', shiftKey: true })).toBeNull()
  })

  it('keeps modifier shortcuts working in a text field', () => {
    expect(match({ ctrlKey: true, code: 'KeyD', key: 'd', inTextField: true })).toBe('mute')
  })

  it('ignores held-down repeats, IME composition, and AltGr while typing', () => {
    expect(match({ ctrlKey: true, code: 'KeyD', key: 'd', repeat: true })).toBeNull()
    expect(match({ ctrlKey: true, code: 'KeyD', key: 'd', isComposing: true })).toBeNull()
    expect(match({ ctrlKey: true, altKey: true, altGraph: true, code: 'KeyC', key: 'ć', inTextField: true })).toBeNull()
  })

  it('shows keys in each platform’s way', () => {
    const [share] = shortcutsFor(linux).find((shortcut) => shortcut.action === 'share')!.chords
    expect(chordKeys(share!, linux)).toEqual(['Ctrl', 'Shift', 'E'])
    expect(chordKeys(share!, mac)).toEqual(['⇧', '⌘', 'E'])
    const [chat] = shortcutsFor(mac).find((shortcut) => shortcut.action === 'chat')!.chords
    expect(chordKeys(chat!, mac)).toEqual(['⌃', '⌘', 'C'])
    expect(ariaKeyShortcut(share!, linux)).toBe('Control+Shift+E')
    expect(ariaKeyShortcut(share!, mac)).toBe('Shift+Meta+E')
  })
})

describe('isTextField', () => {
  it('counts text inputs, text areas, selects and editable elements, not buttons or checkboxes', () => {
    expect(isTextField({ tagName: 'INPUT', type: 'text' })).toBe(true)
    expect(isTextField({ tagName: 'INPUT', type: 'search' })).toBe(true)
    expect(isTextField({ tagName: 'TEXTAREA' })).toBe(true)
    expect(isTextField({ tagName: 'DIV', isContentEditable: true })).toBe(true)
    expect(isTextField({ tagName: 'INPUT', type: 'checkbox' })).toBe(false)
    expect(isTextField({ tagName: 'BUTTON' })).toBe(false)
    expect(isTextField(null)).toBe(false)
  })
})

describe('isMacPlatform', () => {
  it('knows a Mac from navigator.platform', () => {
    expect(isMacPlatform('MacIntel')).toBe(true)
    expect(isMacPlatform('Linux x86_64')).toBe(false)
    expect(isMacPlatform('Win32')).toBe(false)
  })
})

describe('ShortcutsState', () => {
  function setup(possible = true) {
    const handlers = { mute: vi.fn(() => possible), camera: vi.fn(() => possible), share: vi.fn(() => possible), chat: vi.fn(() => possible), 'hang-up': vi.fn(() => possible) }
    return { handlers, state: new ShortcutsState({ platform: linux, handlers: handlers satisfies ShortcutHandlers }) }
  }

  it('runs the action of a shortcut and says the key was used', () => {
    const { state, handlers } = setup()
    expect(state.handleKey(press({ ctrlKey: true, code: 'KeyD', key: 'd' }))).toBe(true)
    expect(handlers.mute).toHaveBeenCalledOnce()
    expect(state.handleKey(press({ ctrlKey: true, altKey: true, code: 'KeyC', key: 'c' }))).toBe(true)
    expect(handlers.chat).toHaveBeenCalledOnce()
  })

  it('lets a key through when its action cannot be done now', () => {
    const { state } = setup(false)
    expect(state.handleKey(press({ ctrlKey: true, code: 'KeyD', key: 'd' }))).toBe(false)
    expect(state.handleKey(press({ key: 'x', code: 'KeyX' }))).toBe(false)
  })

  it('toggles the help overlay with ? and closes it on request', () => {
    const { state } = setup()
    expect(state.helpOpen).toBe(false)
    state.handleKey(press({ shiftKey: true, key: '?', code: 'Slash' }))
    expect(state.helpOpen).toBe(true)
    state.handleKey(press({ key: 'F1', code: 'F1' }))
    expect(state.helpOpen).toBe(false)
    state.openHelp()
    state.closeHelp()
    expect(state.helpOpen).toBe(false)
  })

  it('lists every shortcut with its keys for the overlay', () => {
    const { state } = setup()
    expect(state.rows).toContainEqual({ action: 'help', chords: [['?'], ['F1']] })
    expect(state.rows).toContainEqual({ action: 'mute', chords: [['Ctrl', 'D']] })
    expect(state.keysOf('hang-up')).toBe('Ctrl+Shift+H')
    expect(state.ariaKeysOf('help')).toBe('Shift+? F1')
  })
})

describe('keyPressOf', () => {
  it('reads the modifiers, AltGr and whether the key went to a text field', () => {
    const event = {
      key: 'c',
      code: 'KeyC',
      ctrlKey: true,
      metaKey: false,
      shiftKey: false,
      altKey: true,
      repeat: false,
      isComposing: false,
      target: { tagName: 'TEXTAREA' },
      getModifierState: (key: string) => key === 'AltGraph',
    }
    expect(keyPressOf(event)).toMatchObject({ ctrlKey: true, altKey: true, altGraph: true, inTextField: true })
    expect(keyPressOf({ ...event, target: { tagName: 'BUTTON' }, getModifierState: () => false })).toMatchObject({ altGraph: false, inTextField: false })
  })
})
