import type { TonghwaBridge } from '../../../shared/ipc-contract'
import { createWebBridge, signalingUrlFor } from './web-bridge'

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in web mode. */
    readonly tonghwa?: TonghwaBridge
  }
}

let bridge: TonghwaBridge | undefined

/** The app's bridge: Electron's preload when present, else the browser's own WebSocket (web mode). */
export function getBridge(): TonghwaBridge {
  bridge ??= window.tonghwa ?? createWebBridgeForPage()
  return bridge
}

function createWebBridgeForPage(): TonghwaBridge {
  const web = createWebBridge(signalingUrlFor(window.location), { search: window.location.search })
  // `?call=` is a link: taken once. A reload must not call again.
  const url = new URL(window.location.href)
  if (url.searchParams.has('call')) {
    url.searchParams.delete('call')
    window.history.replaceState(window.history.state, '', url)
  }
  return web
}
