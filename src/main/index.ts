/**
 * Lifecycle only: what happens before ready, on ready, and on quit. Everything it calls lives in its own file.
 */
import { app, BrowserWindow, dialog, session, shell, systemPreferences } from 'electron'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { APP_ENTRY_URL, trustedAppOrigins } from './app-origin'
import { resolveAppPaths } from './app-paths'
import { handleAppProtocol, registerAppScheme } from './app-protocol'
import { openCallWindow, type AppServices } from './call-window'
import { DevicesMenuController } from './devices-menu-controller'
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server'
import { createMediaAccessService } from './media-commands'
import { installMenu, type ApplicationMenu } from './menu'
import { installPermissionHandlers } from './permission-handlers'
import { resolveServerUrl } from './server-url'
import { SettingsStore } from './settings-store'

app.enableSandbox()
registerAppScheme() // must precede `ready`

const paths = resolveAppPaths(dirname(fileURLToPath(import.meta.url)))
// Set by `electron-vite dev`: load the dev server (and trust its origin) instead of app://tonghwa.
const devServerUrl = process.env.ELECTRON_RENDERER_URL
const trustedOrigins = trustedAppOrigins(devServerUrl)
let embeddedServer: EmbeddedServer | null = null
let settings: SettingsStore | null = null
let services: AppServices | null = null

function openWindow(): void {
  if (services) openCallWindow({ preloadPath: paths.preload, entryUrl: devServerUrl ?? APP_ENTRY_URL, trustedOrigins, services })
}

async function onReady(): Promise<void> {
  installPermissionHandlers(session.defaultSession, trustedOrigins)
  handleAppProtocol(paths.rendererDir)
  const setting = resolveServerUrl({ argv: process.argv, env: process.env })
  let signalingUrl: string
  if (setting.kind === 'configured') {
    signalingUrl = setting.url
  } else {
    embeddedServer = await startEmbeddedServer({ staticDir: paths.rendererDir })
    signalingUrl = embeddedServer.url
  }
  settings = await SettingsStore.open({ userDataDir: app.getPath('userData') })
  app.setAboutPanelOptions({ applicationName: 'Tonghwa', applicationVersion: app.getVersion() })
  let appMenu: ApplicationMenu | undefined
  const devicesMenu = new DevicesMenuController({ onChange: (menu) => appMenu?.setDevicesMenu(menu) })
  appMenu = installMenu({
    platform: process.platform,
    isDevelopment: !app.isPackaged,
    appName: 'Tonghwa',
    onNewRoom: openWindow,
    onShowAbout: () => app.showAboutPanel(),
    devicesMenu: devicesMenu.template(),
  })
  const media = createMediaAccessService({ platform: process.platform, systemPreferences, openExternal: (url) => shell.openExternal(url) })
  services = { signalingUrl, settings, devicesMenu, media }
  openWindow()
}

app.whenReady().then(onReady).catch((error: unknown) => {
  // The one place a start-up failure (such as a bad --server-url) reaches the person; then exit non-zero.
  dialog.showErrorBox('Tonghwa could not start', error instanceof Error ? error.message : String(error))
  app.exit(1)
})

app.on('activate', () => {
  if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openWindow()
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

// Windows (and with them their signaling clients) are closed by now; finish writing settings and stop the
// server before exiting.
app.on('will-quit', (event) => {
  const server = embeddedServer
  const store = settings
  if (!server && !store) return
  embeddedServer = null
  settings = null
  event.preventDefault()
  Promise.allSettled([server?.close(), store?.flush()])
    .then(([closed]) => {
      if (closed?.status === 'rejected') console.error('[main] embedded server did not stop cleanly', closed.reason)
    })
    .finally(() => app.quit())
})
