/**
 * Binds the IPC contract to a `SignalingClient`: one handler per `BridgeCommands` channel, one forwarder per
 * client event. Every invoke passes two gates before it touches the client: the sender must be one of the
 * app's own pages, and the arguments must pass the contract's validator (a compromised renderer is untrusted
 * input like any network peer).
 *
 * No Electron import, even for types: the end-to-end tests bind this into a plain Chromium page in place of
 * Electron's IPC.
 */
import { commandArgs, type BridgeCommandChannel, type BridgeCommands, type BridgeEvents } from '../shared/ipc-contract'
import type { SignalingClient } from '../shared/signaling-client'
import type { SenderEventLike } from './app-origin'

/** Stable error codes an invoke can reject with; the message is `CODE: detail`. */
export const IpcErrorCode = {
  /** The invoke came from a frame that is not one of the app's pages (or no longer exists). */
  UntrustedSender: 'IPC_ERR_UNTRUSTED_SENDER',
  /** The arguments failed the contract's validator. */
  BadArgs: 'IPC_ERR_BAD_ARGS',
} as const
export type IpcErrorCode = (typeof IpcErrorCode)[keyof typeof IpcErrorCode]

export class IpcError extends Error {
  readonly code: IpcErrorCode
  constructor(code: IpcErrorCode, detail: string) {
    super(`${code}: ${detail}`)
    this.name = 'IpcError'
    this.code = code
  }
}

/** The part of Electron's `ipcMain` (or `webContents.ipc`) used here. */
export interface IpcMainLike<E extends SenderEventLike = SenderEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

export type EmitBridgeEvent = <C extends keyof BridgeEvents>(channel: C, payload: BridgeEvents[C]) => void

export interface SignalingIpcOptions<E extends SenderEventLike = SenderEventLike> {
  ipc: IpcMainLike<E>
  client: SignalingClient
  /** Sends an event to the page; in the app, `webContents.send`. */
  emit: EmitBridgeEvent
  isTrustedSender: (event: E) => boolean
}

type CommandImplementations = {
  [C in BridgeCommandChannel]: (client: SignalingClient, ...args: BridgeCommands[C]['args']) => BridgeCommands[C]['result']
}

/**
 * What each command does. A mapped type over the contract, so a channel added there and not here is a
 * compile error. Sends return nothing: when the link is down the call renegotiates after the rejoin.
 */
const COMMANDS: CommandImplementations = {
  'signaling:join-room': (client, room) => client.join(room),
  'signaling:leave-room': (client) => client.leave(),
  'signaling:send-description': (client, to, description) => void client.sendDescription(to, description),
  'signaling:send-candidate': (client, to, candidate) => void client.sendCandidate(to, candidate),
  'signaling:get-connection-state': (client) => client.state,
}

/** Registers everything; the returned `dispose()` removes every handler and every client listener. */
export function registerSignalingIpc<E extends SenderEventLike>({ ipc, client, emit, isTrustedSender }: SignalingIpcOptions<E>): () => void {
  const channels = Object.keys(COMMANDS) as BridgeCommandChannel[]
  for (const channel of channels) ipc.handle(channel, (event, ...args) => invoke(channel, event, args))

  function invoke<C extends BridgeCommandChannel>(channel: C, event: E, args: readonly unknown[]): BridgeCommands[C]['result'] {
    if (!isTrustedSender(event)) throw new IpcError(IpcErrorCode.UntrustedSender, `${channel} refused: the sender is not an app page`)
    const checked = commandArgs[channel](args)
    if (!checked.ok) throw new IpcError(IpcErrorCode.BadArgs, `${channel}: ${checked.reason}`)
    const run = COMMANDS[channel] as (client: SignalingClient, ...args: BridgeCommands[C]['args']) => BridgeCommands[C]['result']
    return run(client, ...checked.args)
  }

  const unsubscribers = [
    client.on('state', (payload) => emit('signaling:connection-state', payload)),
    client.on('joined', (payload) => emit('signaling:joined', payload)),
    client.on('peer-joined', (payload) => emit('signaling:peer-joined', payload)),
    client.on('peer-left', (payload) => emit('signaling:peer-left', payload)),
    client.on('description', (payload) => emit('signaling:description', payload)),
    client.on('candidate', (payload) => emit('signaling:candidate', payload)),
    client.on('error', (payload) => emit('signaling:error', payload)),
  ]

  let disposed = false
  return function dispose() {
    if (disposed) return
    disposed = true
    for (const channel of channels) ipc.removeHandler(channel)
    for (const unsubscribe of unsubscribers) unsubscribe()
  }
}
