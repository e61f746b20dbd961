/**
 * What the app sets up once it is ready and every window shares: the signaling server (configured or
 * embedded), the settings, the menu with its Devices section, the OS media access, and the app-level phone
 * with its native attention. `close()` takes it down again in order on quit. Thin: each piece is its own
 * tested module; this file only puts them together with Electron's objects.
 */
import { app, session, systemPreferences } from 'electron'
import { openAppPhone } from './app-phone'
import { createElectronAttentionHost } from './attention-electron'
import type { AppServices } from './call-window'
import { DevicesMenuController } from './devices-menu-controller'
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server'
import { openExternalSafely } from './external-links'
import { createMediaAccessService } from './media-commands'
import { installMenu, type ApplicationMenu } from './menu'
import { createScreenShareService, installDisplayMediaHandler } from './screen-capture'
import { openServerChoice } from './server-choice/server-choice-service'
import { testServer } from './server-choice/server-test'
import { SettingsStore } from './settings-store'
import { mainText } from './i18n/main-messages'
import type { Locale } from '../shared/language'

/** The Windows AppUserModelID: notifications are attributed to it (the same as electron-builder's appId). */
const APP_USER_MODEL_ID = 'app.tonghwa.desktop'

export interface RunningServices {
  services: AppServices
  /** Hangs up, finishes writing, stops the embedded server; never rejects. */
  close(): Promise<void>
}

export interface AppServicesOptions {
  rendererDir: string
  openWindow: () => void
  /** Brings a window forward, or opens one. */
  showWindow: () => void
  /** The app's own origins: only their pages may share the screen. */
  trustedOrigins: readonly string[]
}

export async function startAppServices(options: AppServicesOptions): Promise<RunningServices> {
  const userDataDir = app.getPath('userData')
  const settings = await SettingsStore.open({ userDataDir, systemLanguages: () => app.getPreferredSystemLanguages() })
  // Which server (server-choice/): --server-url > TONGHWA_SERVER_URL > Settings → Server > packaged default > automatic.
  // Runtime switching (re-register the phone, rehome idle windows) hangs off serverChoice.onServerChoiceChange.
  const serverChoice = await openServerChoice({ argv: process.argv, env: process.env, settings, resourcesDir: app.isPackaged ? process.resourcesPath : null })
  const chosen = serverChoice.choice
  let embeddedServer: EmbeddedServer | null = null
  if (chosen.kind === 'automatic') embeddedServer = await startEmbeddedServer({ userDataDir, staticDir: options.rendererDir })
  const signalingUrl = chosen.kind === 'server' ? chosen.url : embeddedServer!.url
  // The embedded server must prove itself on every connection, the phone's and each window's.
  const signalingConnection = embeddedServer?.connection ?? {}
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)
  const setAboutPanel = (locale: Locale) => app.setAboutPanelOptions({ applicationName: mainText(locale).appName, applicationVersion: app.getVersion() })
  setAboutPanel(settings.locale())

  let appMenu: ApplicationMenu | undefined
  const devicesMenu = new DevicesMenuController({ onChange: (menu) => appMenu?.setDevicesMenu(menu), locale: settings.locale() })
  appMenu = installMenu(
    {
      platform: process.platform,
      isDevelopment: !app.isPackaged,
      onNewRoom: options.openWindow,
      onShowAbout: () => app.showAboutPanel(),
      devicesMenu: devicesMenu.template(),
    },
    settings.locale(),
  )
  // The menus speak the language chosen in the window from the moment it is chosen.
  settings.onLanguageChange((locale) => {
    setAboutPanel(locale)
    appMenu?.setLocale(locale)
    devicesMenu.setLocale(locale)
  })
  const media = createMediaAccessService({ platform: process.platform, systemPreferences, openExternal: openExternalSafely })
  const phone = await openAppPhone({ signalingUrl, connection: signalingConnection, userDataDir, settings, env: process.env, attentionHost: createElectronAttentionHost(options) })
  const screen = createScreenShareService()
  installDisplayMediaHandler(session.defaultSession, screen, options.trustedOrigins)

  return {
    services: { signalingUrl, signalingConnection, settings, devicesMenu, media, phone, screen, server: { choice: serverChoice, test: (address) => testServer(address) } },
    async close() {
      // The phone first: it hangs up and unregisters over the server that stops next.
      const [phoneClosed] = await Promise.allSettled([phone.close(), settings.flush()])
      if (phoneClosed?.status === 'rejected') console.error('[main] the phone did not close cleanly', phoneClosed.reason)
      const [serverClosed] = await Promise.allSettled([embeddedServer?.close()])
      if (serverClosed?.status === 'rejected') console.error('[main] embedded server did not stop cleanly', serverClosed.reason)
    },
  }
}
