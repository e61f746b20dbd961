/** A web contents as far as `guardWebContents` can tell: it keeps what is installed, so a test can play Chromium. */
import type { GuardedContents } from '../../../src/main/web-contents-guard'

type Listener = (...args: unknown[]) => void
type WindowOpenHandler = (details: { url: string }) => { action: string }

export function fakeContents() {
  const listeners = new Map<string, Listener[]>()
  let windowOpenHandler: WindowOpenHandler | null = null
  const contents = {
    setWindowOpenHandler: (handler: WindowOpenHandler) => void (windowOpenHandler = handler),
    on: (event: string, listener: Listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
      return contents
    },
  }
  return {
    contents: contents as unknown as GuardedContents,
    events: () => [...listeners.keys()].sort(),
    openWindow(url: string) {
      if (!windowOpenHandler) throw new Error('no window open handler')
      return windowOpenHandler({ url })
    },
    /** Emits a navigation-like event; true when a listener called preventDefault. */
    navigate(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string, { isMainFrame = true } = {}): boolean {
      let prevented = false
      for (const listener of listeners.get(event) ?? []) listener({ url, isMainFrame, preventDefault: () => void (prevented = true) })
      return prevented
    },
    attachWebview(): boolean {
      let prevented = false
      for (const listener of listeners.get('will-attach-webview') ?? []) listener({ preventDefault: () => void (prevented = true) }, { nodeIntegration: true }, { src: 'https://evil.example/' })
      return prevented
    },
    chooseBluetooth(): { prevented: boolean; chosen: string[] } {
      let prevented = false
      const chosen: string[] = []
      const devices = [{ deviceId: 'aa:bb', deviceName: 'Headset' }]
      for (const listener of listeners.get('select-bluetooth-device') ?? []) {
        listener({ preventDefault: () => void (prevented = true) }, devices, (id: string) => chosen.push(id))
      }
      return { prevented, chosen }
    },
  }
}
