import { describe, expect, it, vi } from 'vitest'
import { trustedAppOrigins } from '../../../src/main/app-origin'
import { guardWebContents } from '../../../src/main/web-contents-guard'
import { fakeContents } from './fake-web-contents'

function guarded() {
  const chromium = fakeContents()
  const openExternal = vi.fn(async (_url: string) => {})
  const logs: string[] = []
  guardWebContents(chromium.contents, { trustedOrigins: trustedAppOrigins(), openExternal, log: (line) => logs.push(line) })
  return { chromium, openExternal, logs }
}

describe('guardWebContents', () => {
  it('refuses every new window, and sends an allowlisted https link to the browser instead', () => {
    const { chromium, openExternal } = guarded()
    expect(chromium.openWindow('https://tonghwa.app/help')).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://tonghwa.app/help')
    expect(chromium.openWindow('app://tonghwa/index.html')).toEqual({ action: 'deny' })
    expect(chromium.openWindow('https://evil.example/')).toEqual({ action: 'deny' })
    expect(chromium.openWindow('file:///etc/passwd')).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('logs a refused window with the reason', () => {
    const { chromium, logs } = guarded()
    chromium.openWindow('https://evil.example/x')
    expect(logs).toEqual(['[web-contents] refused a new window for https://evil.example/x: evil.example is not an allowed host'])
  })

  it.each([
    ['will-navigate', true],
    ['will-frame-navigate', false],
    ['will-redirect', true],
    ['will-redirect', false],
  ] as const)('%s (main frame: %s) stays on the app, and stops any other destination', (event, isMainFrame) => {
    const { chromium, openExternal } = guarded()
    expect(chromium.navigate(event, 'app://tonghwa/index.html?room=7KD93QFXZ5', { isMainFrame })).toBe(false)
    expect(chromium.navigate(event, 'https://evil.example/', { isMainFrame })).toBe(true)
    expect(chromium.navigate(event, 'app://tonghwa.evil/', { isMainFrame })).toBe(true)
    expect(chromium.navigate(event, 'file:///etc/passwd', { isMainFrame })).toBe(true)
    expect(chromium.navigate(event, 'about:blank', { isMainFrame })).toBe(true)
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('leaves main-frame navigations to will-navigate, so a followed link is handled once', () => {
    const { chromium, openExternal } = guarded()
    expect(chromium.navigate('will-frame-navigate', 'https://tonghwa.app/', { isMainFrame: true })).toBe(false)
    expect(chromium.navigate('will-navigate', 'https://tonghwa.app/')).toBe(true)
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('never sends a subframe or a redirect to the browser, even to an allowlisted page', () => {
    const { chromium, openExternal, logs } = guarded()
    expect(chromium.navigate('will-frame-navigate', 'https://tonghwa.app/', { isMainFrame: false })).toBe(true)
    expect(chromium.navigate('will-redirect', 'https://tonghwa.app/')).toBe(true)
    expect(openExternal).not.toHaveBeenCalled()
    expect(logs).toEqual(['[web-contents] refused frame navigation to https://tonghwa.app/', '[web-contents] refused redirect to https://tonghwa.app/'])
  })

  it('opens an allowlisted https page in the browser when the page tries to navigate to it', () => {
    const { chromium, openExternal } = guarded()
    expect(chromium.navigate('will-navigate', 'https://tonghwa.app/privacy')).toBe(true)
    expect(openExternal).toHaveBeenCalledWith('https://tonghwa.app/privacy')
  })

  it('trusts the dev server only when it is one of the trusted origins', () => {
    const chromium = fakeContents()
    guardWebContents(chromium.contents, { trustedOrigins: trustedAppOrigins('http://localhost:5173/'), openExternal: async () => {}, log: () => {} })
    expect(chromium.navigate('will-navigate', 'http://localhost:5173/index.html')).toBe(false)
    expect(chromium.navigate('will-navigate', 'http://localhost:5174/')).toBe(true)
  })

  it('refuses to attach a <webview>', () => {
    expect(guarded().chromium.attachWebview()).toBe(true)
  })

  it('cancels Web Bluetooth device choice instead of letting Electron pick the first device', () => {
    expect(guarded().chromium.chooseBluetooth()).toEqual({ prevented: true, chosen: [''] })
  })

  it('logs, and does not throw, when the browser cannot be started', async () => {
    const chromium = fakeContents()
    const logs: string[] = []
    guardWebContents(chromium.contents, {
      trustedOrigins: trustedAppOrigins(),
      openExternal: async () => {
        throw new Error('no browser')
      },
      log: (line) => logs.push(line),
    })
    expect(chromium.openWindow('https://tonghwa.app/')).toEqual({ action: 'deny' })
    await vi.waitFor(() => expect(logs).toEqual(['[web-contents] could not open https://tonghwa.app/: Error: no browser']))
  })
})
