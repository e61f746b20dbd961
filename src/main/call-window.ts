/**
 * One window of the app and what belongs to it: its own signaling connection and its own IPC handlers
 * (on `webContents.ipc`, so two windows never share a handler or a room), plus its place in the shared
 * Devices menu and the app-level phone. Closing the window undoes all of it. Thin: the IPC wiring is
 * `window-ipc.ts`.
 */
import type { BrowserWindow } from 'electron'
import { createSenderCheck } from './app-origin'
import type { AppPhone } from './app-phone'
import type { DevicePreferenceStore } from './device-commands'
import type { CallSettingsStore, LanguageSettingsStore, PrivacySettingsStore } from './settings-commands'
import type { DevicesMenuController } from './devices-menu-controller'
import type { EmitBridgeEvent } from './ipc-handlers'
import type { MediaAccessService } from './media-commands'
import type { ScreenShareService } from './screen-share'
import type { ServerCommandsOptions } from './server-choice/server-commands'
import { createSignalingClient, type SignalingConnectionOptions } from './signaling-connection'
import { createMainWindow } from './window'
import { connectWindowIpc } from './window-ipc'

/** What every window shares, set up once when the app is ready. */
export interface AppServices {
  signalingUrl: string
  /** How every signaling client is made: for the embedded server, with the secret it must prove itself by. */
  signalingConnection: SignalingConnectionOptions
  settings: DevicePreferenceStore & PrivacySettingsStore & CallSettingsStore & LanguageSettingsStore
  devicesMenu: DevicesMenuController
  media: MediaAccessService
  phone: AppPhone
  screen: ScreenShareService
  /** Settings → Server and **Test** (server-choice/); without it a window has no server setting. */
  server?: ServerCommandsOptions
}

export interface CallWindowOptions {
  preloadPath: string
  entryUrl: string
  trustedOrigins: readonly string[]
  services: AppServices
}

export function openCallWindow({ preloadPath, entryUrl, trustedOrigins, services }: CallWindowOptions): BrowserWindow {
  const window = createMainWindow({ preloadPath, entryUrl })
  const windowId = window.id
  const contents = window.webContents
  const client = createSignalingClient(services.signalingUrl, services.signalingConnection)
  // A client event or a menu click can race the window's teardown; sending to destroyed contents throws.
  const emit: EmitBridgeEvent = (channel, payload) => {
    if (!contents.isDestroyed()) contents.send(channel, payload)
  }
  const disposeIpc = connectWindowIpc({
    ipc: contents.ipc,
    isTrustedSender: createSenderCheck(trustedOrigins),
    emit,
    client,
    windowId,
    settings: services.settings,
    devicesMenu: services.devicesMenu,
    media: services.media,
    phone: services.phone,
    screen: services.screen,
    ...(services.server ? { server: services.server } : {}),
  })
  window.on('focus', () => {
    services.devicesMenu.focus(windowId)
    services.phone.windowFocused(windowId)
  })
  client.connect()
  window.on('closed', () => {
    disposeIpc()
    client.close()
  })
  return window
}
