/**
 * What the app sets up once it is ready and every window shares: the Electron-free core (app-core.ts: settings,
 * the server the app uses or its own on the local network, the phone), the menu with its Devices section, the OS
 * media access, screen capture and the phone's native attention. `close()` takes it down again in order on quit. Thin: each piece is its own
 * tested module; this file only puts them together with Electron's objects.
 */
import { app, session, systemPreferences } from 'electron'
import { startAppCore } from './app-core'
import { createElectronAttentionHost } from './attention-electron'
import type { AppServices } from './call-window'
import { DevicesMenuController } from './devices-menu-controller'
import { openExternalSafely } from './external-links'
import { createMediaAccessService } from './media-commands'
import { installMenu, type ApplicationMenu } from './menu'
import { createScreenShareService, installDisplayMediaHandler } from './screen-capture'
import { testServer } from './server-choice/server-test'
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
  // Settings, which server, the own server and the local network, the phone: app-core.ts, shared with the lab tests.
  const core = await startAppCore({
    userDataDir: app.getPath('userData'),
    rendererDir: options.rendererDir,
    argv: process.argv,
    env: process.env,
    resourcesDir: app.isPackaged ? process.resourcesPath : null,
    systemLanguages: () => app.getPreferredSystemLanguages(),
    attentionHost: createElectronAttentionHost(options),
  })
  const { settings } = core
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
  const screen = createScreenShareService()
  installDisplayMediaHandler(session.defaultSession, screen, options.trustedOrigins)

  return {
    services: {
      openSignaling: () => core.openWindowSignaling(),
      settings,
      devicesMenu,
      media,
      phone: core.phone,
      screen,
      server: { choice: core.serverChoice, test: (address) => testServer(address) },
      network: { status: () => core.reachStatus(), setReachable: (reachable) => core.setLanReachable(reachable), onChange: (listener) => core.onReachChange(listener) },
    },
    // Hangs up and unregisters over the own server, finishes writing, then stops the server.
    close: () => core.close(),
  }
}
