/**
 * The `AttentionHost` of the app: Electron's `Notification`, `BrowserWindow#flashFrame` (the taskbar button on
 * Windows and Linux) and `app.dock.bounce` (macOS). Thin: what to do and when is attention.ts.
 */
import { app, BrowserWindow, Notification } from 'electron'
import type { AttentionHost } from './attention'

export interface ElectronAttentionOptions {
  openWindow: () => void
  /** Brings a window forward, restoring it if minimized (or opens one): what a click on the notification does. */
  showWindow: () => void
}

export function createElectronAttentionHost({ openWindow, showWindow }: ElectronAttentionOptions): AttentionHost {
  // A shown Notification that nothing references can be garbage-collected, and its click is then lost.
  const shown = new Set<Notification>()
  return {
    windows: () => ({ count: BrowserWindow.getAllWindows().length, focused: BrowserWindow.getFocusedWindow() !== null }),
    openWindow,
    showWindow,
    showNotification({ title, body, onClick }) {
      if (!Notification.isSupported()) return { close() {} }
      const notification = new Notification({ title, body, urgency: 'critical', timeoutType: 'never' })
      notification.on('click', onClick)
      notification.on('close', () => shown.delete(notification))
      shown.add(notification)
      notification.show()
      return {
        close() {
          shown.delete(notification)
          notification.close()
        },
      }
    },
    requestAttention() {
      const windows = BrowserWindow.getAllWindows()
      for (const window of windows) window.flashFrame(true)
      // `critical` bounces until the app is activated; returns -1 (nothing to cancel) while it is focused.
      const bounce = app.dock?.bounce('critical') ?? -1
      return {
        stop() {
          for (const window of windows) if (!window.isDestroyed()) window.flashFrame(false)
          if (bounce !== -1) app.dock?.cancelBounce(bounce)
        },
      }
    },
  }
}
