/**
 * Everything one window talks to over IPC, assembled in one place: its signaling client, the shared settings,
 * the shared Devices menu, the OS media access and the app-level phone (contacts, recents, links). `call-window.ts` calls this with Electron's
 * `webContents.ipc`; the end-to-end harness calls it with Playwright bindings, so both run the same code.
 * No Electron import: tested in Node.
 */
import type { SenderEventLike } from './app-origin'
import type { WindowPhone } from './app-phone'
import { deviceCommands, type DevicePreferenceStore } from './device-commands'
import type { DevicesMenuController } from './devices-menu-controller'
import { registerCommandHandlers, type EmitBridgeEvent, type IpcMainLike } from './ipc-handlers'
import { mediaAccessCommands, type MediaAccessService } from './media-commands'
import { screenCommands } from './screen-commands'
import { ScreenShareService } from './screen-share'
import { settingsCommands, type CallSettingsStore, type LanguageSettingsStore, type PrivacySettingsStore, type ThemeSettingsStore } from './settings-commands'
import { noServerCommands, serverCommands, type ServerCommandsOptions } from './server-choice/server-commands'
import { forwardNetworkStatus, networkCommands, type NetworkService } from './reach/network-commands'
import { forwardSignalingEvents, type SignalingLink, signalingCommands } from './signaling-commands'

export interface WindowIpcOptions<E extends SenderEventLike> {
  ipc: IpcMainLike<E>
  isTrustedSender: (event: E) => boolean
  /** Sends an event to this window's page; in the app, `webContents.send`. */
  emit: EmitBridgeEvent
  /** This window's own signaling connection. */
  client: SignalingLink
  /** Identifies the window to the Devices menu (`BrowserWindow#id` in the app). */
  windowId: number
  settings: DevicePreferenceStore & PrivacySettingsStore & CallSettingsStore & LanguageSettingsStore & ThemeSettingsStore
  devicesMenu: DevicesMenuController
  media: MediaAccessService
  /** The app-level phone (`AppPhone`): this window's phone, contacts, recents and app commands and events. */
  phone: { connectWindow(windowId: number, emit: EmitBridgeEvent): WindowPhone }
  /** The app's screen sources and picks (`screen-capture.ts` in the app). Default: one that lists nothing. */
  screen?: ScreenShareService
  /**
   * Settings → Server and **Test** (server-choice/): the app's `ServerChoiceService` and `testServer`. Default: no
   * server setting (the screen hides it, as in web mode), and invitations name no server.
   */
  server?: ServerCommandsOptions
  /** Where the app can be reached, and "Let people on this network reach me" (docs/lan.md). Default: none (web-like). */
  network?: NetworkService
}

/** Registers every command and event of the contract for one window; `dispose()` undoes all of it. */
export function connectWindowIpc<E extends SenderEventLike>(options: WindowIpcOptions<E>): () => void {
  const { ipc, isTrustedSender, emit, client, windowId, settings, devicesMenu, media } = options
  const phone = options.phone.connectWindow(windowId, emit)
  const screen = options.screen ?? new ScreenShareService({ listSources: async () => [] })
  const disposeHandlers = registerCommandHandlers({
    ipc,
    isTrustedSender,
    commands: {
      ...signalingCommands(client),
      ...deviceCommands({ settings, onReport: (report) => devicesMenu.report(windowId, report) }),
      ...mediaAccessCommands(media),
      ...settingsCommands(settings),
      ...phone.commands,
      ...screenCommands(screen, windowId),
      ...(options.server ? serverCommands(options.server) : noServerCommands()),
      ...networkCommands(options.network),
    },
  })
  const stopNetwork = forwardNetworkStatus(options.network, emit)
  devicesMenu.attach(windowId, emit)
  const stopForwarding = forwardSignalingEvents(client, emit)

  let disposed = false
  return function dispose() {
    if (disposed) return
    disposed = true
    disposeHandlers()
    stopForwarding()
    stopNetwork()
    phone.dispose()
    devicesMenu.detach(windowId)
    screen.forget(windowId)
  }
}
