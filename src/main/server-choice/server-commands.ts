/**
 * The server domain of the IPC contract: Settings → Server (what is chosen and used, a new choice, **Test**) and
 * the server an invitation names. Every argument has passed the contract's validator before it gets here.
 * No Electron import: tested in Node.
 */
import type { ServerSetting } from '../../shared/server-address'
import type { ServerChoiceStatus, ServerTestResult } from '../../shared/server-choice'
import type { DomainCommands } from '../ipc-handlers'
import { ServerChoiceError, ServerChoiceErrorCode } from './server-choice-service'

/** What the commands need: `ServerChoiceService` in the app. */
export interface ServerChoiceCommandsService {
  status(): ServerChoiceStatus
  choose(setting: ServerSetting): Promise<ServerChoiceStatus>
  inviteServer(): string | null
}

export interface ServerCommandsOptions {
  choice: ServerChoiceCommandsService
  /** **Test**; `testServer` (server-test.ts) in the app. */
  test: (address: string) => Promise<ServerTestResult>
}

export function serverCommands({ choice, test }: ServerCommandsOptions): DomainCommands<'server'> {
  return {
    'server:get-choice': () => choice.status(),
    'server:set-choice': (setting) => choice.choose(setting),
    'server:test': (address) => test(address),
    'server:get-invite-server': () => choice.inviteServer(),
  }
}

/** For a window without a server setting: it reports none, and refuses to change or test one. */
export function noServerCommands(): DomainCommands<'server'> {
  const refuse = async (): Promise<never> => {
    throw new ServerChoiceError(ServerChoiceErrorCode.Unavailable, 'this window has no server setting')
  }
  return {
    'server:get-choice': () => null,
    'server:set-choice': refuse,
    'server:test': refuse,
    'server:get-invite-server': () => null,
  }
}
