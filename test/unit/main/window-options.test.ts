import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createMainWindowOptions, WINDOW_BACKGROUND_COLORS } from '../../../src/main/window-options'

describe('createMainWindowOptions', () => {
  const options = createMainWindowOptions('/app/out/preload/index.cjs', { isPackaged: true, dark: true })
  const web = options.webPreferences ?? {}

  it('uses the given preload script', () => {
    expect(web.preload).toBe('/app/out/preload/index.cjs')
  })

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInSubFrames', false],
    ['nodeIntegrationInWorker', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
    ['spellcheck', false],
    ['autoplayPolicy', 'no-user-gesture-required'],
  ] as const)('sets %s to %s explicitly', (flag, value) => {
    expect(web[flag]).toBe(value)
  })

  it('has DevTools in development only', () => {
    expect(web.devTools).toBe(false)
    expect(createMainWindowOptions('/app/out/preload/index.cjs', { isPackaged: false, dark: true }).webPreferences?.devTools).toBe(true)
  })

  it('never sets preferences that weaken isolation or load extra code', () => {
    expect(web).not.toHaveProperty('enableBlinkFeatures')
    expect(web).not.toHaveProperty('additionalArguments')
    expect(web).not.toHaveProperty('partition')
  })

  it('stays hidden until ready-to-show, on the background of the theme the page will draw', () => {
    expect(options.show).toBe(false)
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND_COLORS.dark)
    expect(createMainWindowOptions('/p.cjs', { isPackaged: true, dark: false }).backgroundColor).toBe(WINDOW_BACKGROUND_COLORS.light)
  })

  it("matches the renderer's --bg colour in both themes", () => {
    const css = readFileSync('src/renderer/src/styles/theme.css', 'utf8')
    const [, light, dark] = /--bg:\s*light-dark\((#[0-9a-fA-F]{3,8}),\s*(#[0-9a-fA-F]{3,8})\)\s*;/.exec(css) ?? []
    expect({ light: light?.toLowerCase(), dark: dark?.toLowerCase() }).toEqual(WINDOW_BACKGROUND_COLORS)
  })

  it('has a minimum size that still fits two video tiles and the controls', () => {
    expect(options.minWidth).toBeGreaterThanOrEqual(640)
    expect(options.minHeight).toBeGreaterThanOrEqual(480)
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth ?? 0)
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight ?? 0)
  })
})
