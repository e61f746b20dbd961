/**
 * One window of the app and what belongs to it: its own signaling connection and its own IPC handlers
 * (on `webContents.ipc`, so two windows never share a handler or a room). Closing the window closes both.
 */
import type { BrowserWindow } from 'electron'
import { createSenderCheck } from './app-origin'
import { registerSignalingIpc } from './ipc-handlers'
import { createSignalingClient } from './signaling-connection'
import { createMainWindow } from './window'

export interface CallWindowOptions {
  preloadPath: string
  entryUrl: string
  trustedOrigins: readonly string[]
  signalingUrl: string
}

export function openCallWindow({ preloadPath, entryUrl, trustedOrigins, signalingUrl }: CallWindowOptions): BrowserWindow {
  const window = createMainWindow({ preloadPath, entryUrl, trustedOrigins })
  const contents = window.webContents
  const client = createSignalingClient(signalingUrl)
  const disposeIpc = registerSignalingIpc({
    ipc: contents.ipc,
    client,
    // A client event can race the window's teardown; sending to destroyed contents throws.
    emit: (channel, payload) => {
      if (!contents.isDestroyed()) contents.send(channel, payload)
    },
    isTrustedSender: createSenderCheck(trustedOrigins),
  })
  client.connect()
  window.on('closed', () => {
    disposeIpc()
    client.close()
  })
  return window
}
