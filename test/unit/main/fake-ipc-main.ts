/** `ipcMain` as far as the handlers can tell, with an `invoke` that behaves like the renderer's. */
import type { SenderEventLike } from '../../../src/main/app-origin'
import type { IpcMainLike } from '../../../src/main/ipc-handlers'

type Handler = (event: SenderEventLike, ...args: unknown[]) => unknown

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>()
  handle(channel: string, listener: Handler): void {
    // Electron refuses a second handler for a channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  async invoke(channel: string, event: SenderEventLike, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return handler(event, ...args)
  }
}

export const fromApp: SenderEventLike = { senderFrame: { url: 'app://tonghwa/index.html' } }
export const fromStranger: SenderEventLike = { senderFrame: { url: 'https://evil.example/' } }
