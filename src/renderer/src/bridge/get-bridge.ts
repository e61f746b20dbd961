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
  bridge ??= window.tonghwa ?? createWebBridge(signalingUrlFor(window.location))
  return bridge
}
