/**
 * Binds the IPC contract to its implementations: exactly one handler per `BridgeCommands` channel, each behind
 * the same two gates. The sender must be one of the app's own pages, and the arguments must pass the
 * contract's validator (a compromised renderer is untrusted input like any network peer); only then does the
 * implementation run, with the validated arguments.
 *
 * Implementations come grouped by domain (`signalingCommands`, `deviceCommands`, `mediaAccessCommands`), each
 * typed to exactly the channels of its domain, so two groups can never both claim a channel.
 *
 * No Electron import, even for types: the end-to-end tests bind this into a plain Chromium page in place of
 * Electron's IPC.
 */
import { commandArgs, type BridgeCommandChannel, type BridgeCommands, type BridgeEvents } from '../shared/ipc-contract'
import type { SenderEventLike } from './app-origin'
import { CodedError } from '../shared/coded-error'

/** Stable error codes an invoke can reject with; the message is `CODE: detail`. */
export const IpcErrorCode = {
  /** The invoke came from a frame that is not one of the app's pages (or no longer exists). */
  UntrustedSender: 'IPC_ERR_UNTRUSTED_SENDER',
  /** The arguments failed the contract's validator. */
  BadArgs: 'IPC_ERR_BAD_ARGS',
} as const
export type IpcErrorCode = (typeof IpcErrorCode)[keyof typeof IpcErrorCode]

export class IpcError extends CodedError<IpcErrorCode> {
  override name = 'IpcError'
}

/** The part of Electron's `ipcMain` (or `webContents.ipc`) used here. */
export interface IpcMainLike<E extends SenderEventLike = SenderEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
}

export type EmitBridgeEvent = <C extends keyof BridgeEvents>(channel: C, payload: BridgeEvents[C]) => void

/** What one command does, given arguments that already passed the validator. May be async. */
export type CommandImplementation<C extends BridgeCommandChannel> = (
  ...args: BridgeCommands[C]['args']
) => BridgeCommands[C]['result'] | Promise<BridgeCommands[C]['result']>

/** One implementation for every channel of the contract: a channel added there and not here does not compile. */
export type CommandImplementations = { [C in BridgeCommandChannel]: CommandImplementation<C> }

type DomainOf<C> = C extends `${infer D}:${string}` ? D : never
/** `signaling`, `devices`, `media`: the part of a channel name before the colon. */
export type CommandDomain = DomainOf<BridgeCommandChannel>
/** The implementations of exactly the channels of one domain. */
export type DomainCommands<D extends CommandDomain> = { [C in Extract<BridgeCommandChannel, `${D}:${string}`>]: CommandImplementation<C> }

export interface CommandHandlerOptions<E extends SenderEventLike = SenderEventLike> {
  ipc: IpcMainLike<E>
  isTrustedSender: (event: E) => boolean
  commands: CommandImplementations
}

/** Registers every command; the returned `dispose()` removes every handler again. */
export function registerCommandHandlers<E extends SenderEventLike>({ ipc, isTrustedSender, commands }: CommandHandlerOptions<E>): () => void {
  const channels = Object.keys(commandArgs) as BridgeCommandChannel[]
  // The types already demand this; a cast somewhere upstream must not turn it into a silent gap or extra.
  const extra = Object.keys(commands).filter((channel) => !Object.hasOwn(commandArgs, channel))
  const missing = channels.filter((channel) => typeof commands[channel] !== 'function')
  if (extra.length > 0 || missing.length > 0) {
    throw new Error(`command implementations do not match the contract (missing: ${missing.join(', ') || 'none'}; extra: ${extra.join(', ') || 'none'})`)
  }

  for (const channel of channels) ipc.handle(channel, (event, ...args) => invoke(channel, event, args))

  function invoke<C extends BridgeCommandChannel>(channel: C, event: E, args: readonly unknown[]): ReturnType<CommandImplementation<C>> {
    if (!isTrustedSender(event)) throw new IpcError(IpcErrorCode.UntrustedSender, `${channel} refused: the sender is not an app page`)
    const checked = commandArgs[channel](args)
    if (!checked.ok) throw new IpcError(IpcErrorCode.BadArgs, `${channel}: ${checked.reason}`)
    const run = commands[channel] as CommandImplementation<C>
    return run(...checked.args) as ReturnType<CommandImplementation<C>>
  }

  let disposed = false
  return function dispose() {
    if (disposed) return
    disposed = true
    for (const channel of channels) ipc.removeHandler(channel)
  }
}
