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
import type { CallSettingsStore, LanguageSettingsStore, PrivacySettingsStore, ThemeSettingsStore } from './settings-commands'
import type { DevicesMenuController } from './devices-menu-controller'
import type { EmitBridgeEvent } from './ipc-handlers'
import type { MediaAccessService } from './media-commands'
import type { ScreenShareService } from './screen-share'
import type { ServerCommandsOptions } from './server-choice/server-commands'
import type { NetworkService } from './reach/network-commands'
import type { WindowSignaling } from './reach/window-signaling'
import { createMainWindow } from './window'
import { connectWindowIpc } from './window-ipc'

/** What every window shares, set up once when the app is ready. */
export interface AppServices {
  /** A new window's signaling link, which follows the server the app uses and finds rooms on the network. */
  openSignaling: () => WindowSignaling
  settings: DevicePreferenceStore & PrivacySettingsStore & CallSettingsStore & LanguageSettingsStore & ThemeSettingsStore
  devicesMenu: DevicesMenuController
  media: MediaAccessService
  phone: AppPhone
  screen: ScreenShareService
  /** Settings → Server and **Test** (server-choice/); without it a window has no server setting. */
  server?: ServerCommandsOptions
  /** Where the app can be reached, and "Let people on this network reach me". */
  network?: NetworkService
}

export interface CallWindowOptions {
  preloadPath: string
  entryUrl: string
  trustedOrigins: readonly string[]
  services: AppServices
}

export function openCallWindow({ preloadPath, entryUrl, trustedOrigins, services }: CallWindowOptions): BrowserWindow {
  const window = createMainWindow({ preloadPath, entryUrl, theme: services.settings.themePreference() })
  const windowId = window.id
  const contents = window.webContents
  const client = services.openSignaling()
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
    ...(services.network ? { network: services.network } : {}),
  })
  window.on('focus', () => {
    services.devicesMenu.focus(windowId)
    services.phone.windowFocused(windowId)
  })
  window.on('closed', () => {
    disposeIpc()
    client.close()
  })
  return window
}
