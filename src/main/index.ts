/**
 * Lifecycle only: what happens before ready, on ready, and on quit. Everything it calls lives in its own file.
 */
import { app, BrowserWindow, dialog, session } from 'electron'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { APP_ENTRY_URL, trustedAppOrigins } from './app-origin'
import { resolveAppPaths } from './app-paths'
import { handleAppProtocol, registerAppScheme } from './app-protocol'
import { openCallWindow } from './call-window'
import { startEmbeddedServer, type EmbeddedServer } from './embedded-server'
import { installMenu } from './menu'
import { installPermissionHandlers } from './permission-handlers'
import { resolveServerUrl } from './server-url'

app.enableSandbox()
registerAppScheme() // must precede `ready`

const paths = resolveAppPaths(dirname(fileURLToPath(import.meta.url)))
// Set by `electron-vite dev`: load the dev server (and trust its origin) instead of app://tonghwa.
const devServerUrl = process.env.ELECTRON_RENDERER_URL
const trustedOrigins = trustedAppOrigins(devServerUrl)
let embeddedServer: EmbeddedServer | null = null
let signalingUrl = ''

function openWindow(): void {
  openCallWindow({ preloadPath: paths.preload, entryUrl: devServerUrl ?? APP_ENTRY_URL, trustedOrigins, signalingUrl })
}

async function onReady(): Promise<void> {
  installPermissionHandlers(session.defaultSession, trustedOrigins)
  handleAppProtocol(paths.rendererDir)
  const setting = resolveServerUrl({ argv: process.argv, env: process.env })
  if (setting.kind === 'configured') {
    signalingUrl = setting.url
  } else {
    embeddedServer = await startEmbeddedServer({ staticDir: paths.rendererDir })
    signalingUrl = embeddedServer.url
  }
  app.setAboutPanelOptions({ applicationName: 'Tonghwa', applicationVersion: app.getVersion() })
  installMenu({
    platform: process.platform,
    isDevelopment: !app.isPackaged,
    appName: 'Tonghwa',
    onNewRoom: openWindow,
    onShowAbout: () => app.showAboutPanel(),
  })
  openWindow()
}

app.whenReady().then(onReady).catch((error: unknown) => {
  // The one place a start-up failure (such as a bad --server-url) reaches the person; then exit non-zero.
  dialog.showErrorBox('Tonghwa could not start', error instanceof Error ? error.message : String(error))
  app.exit(1)
})

app.on('activate', () => {
  if (app.isReady() && signalingUrl && BrowserWindow.getAllWindows().length === 0) openWindow()
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

// Windows (and with them their signaling clients) are closed by now; stop the server before exiting.
app.on('will-quit', (event) => {
  const server = embeddedServer
  if (!server) return
  embeddedServer = null
  event.preventDefault()
  server.close().catch((error: unknown) => console.error('[main] embedded server did not stop cleanly', error)).finally(() => app.quit())
})
