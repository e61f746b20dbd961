/**
 * What the app sets up once it is ready and every window shares: the signaling server (configured or
 * embedded), the settings, the menu with its Devices section, the OS media access, and the app-level phone
 * with its native attention. `close()` takes it down again in order on quit. Thin: each piece is its own
 * tested module; this file only puts them together with Electron's objects.
 */
import { app, shell, systemPreferences } from 'electron'
import { openAppPhone } from './app-phone'
import { createElectronAttentionHost } from './attention-electron'
import type { AppServices } from './call-window'
import { DevicesMenuController } from './devices-menu-controller'
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server'
import { createMediaAccessService } from './media-commands'
import { installMenu, type ApplicationMenu } from './menu'
import { resolveServerUrl } from './server-url'
import { SettingsStore } from './settings-store'

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
}

export async function startAppServices(options: AppServicesOptions): Promise<RunningServices> {
  const setting = resolveServerUrl({ argv: process.argv, env: process.env })
  let embeddedServer: EmbeddedServer | null = null
  if (setting.kind === 'embedded') embeddedServer = await startEmbeddedServer({ staticDir: options.rendererDir })
  const signalingUrl = setting.kind === 'configured' ? setting.url : embeddedServer!.url
  const userDataDir = app.getPath('userData')
  const settings = await SettingsStore.open({ userDataDir })
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)
  app.setAboutPanelOptions({ applicationName: 'Tonghwa', applicationVersion: app.getVersion() })

  let appMenu: ApplicationMenu | undefined
  const devicesMenu = new DevicesMenuController({ onChange: (menu) => appMenu?.setDevicesMenu(menu) })
  appMenu = installMenu({
    platform: process.platform,
    isDevelopment: !app.isPackaged,
    appName: 'Tonghwa',
    onNewRoom: options.openWindow,
    onShowAbout: () => app.showAboutPanel(),
    devicesMenu: devicesMenu.template(),
  })
  const media = createMediaAccessService({ platform: process.platform, systemPreferences, openExternal: (url) => shell.openExternal(url) })
  const phone = await openAppPhone({ signalingUrl, userDataDir, settings, env: process.env, attentionHost: createElectronAttentionHost(options) })

  return {
    services: { signalingUrl, settings, devicesMenu, media, phone },
    async close() {
      // The phone first: it hangs up and unregisters over the server that stops next.
      const [phoneClosed] = await Promise.allSettled([phone.close(), settings.flush()])
      if (phoneClosed?.status === 'rejected') console.error('[main] the phone did not close cleanly', phoneClosed.reason)
      const [serverClosed] = await Promise.allSettled([embeddedServer?.close()])
      if (serverClosed?.status === 'rejected') console.error('[main] embedded server did not stop cleanly', serverClosed.reason)
    },
  }
}
