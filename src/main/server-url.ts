/**
 * Which signaling server the app talks to. The command-line switch beats the environment; with neither, the
 * app starts its own server (`embedded-server.ts`). A value that is set but unusable is an error that names
 * the setting, never a silent fall back to the embedded server: the person asked for a specific server.
 */
import { CodedError } from '../shared/coded-error'
import { plainTextProblem, TransportErrorCode } from './server-trust/transport-policy'

export const SERVER_URL_SWITCH = '--server-url'
export const SERVER_URL_ENV = 'TONGHWA_SERVER_URL'

export type ServerUrlSetting =
  | { kind: 'configured'; url: string; source: typeof SERVER_URL_SWITCH | typeof SERVER_URL_ENV }
  | { kind: 'embedded' }

export type ServerUrlErrorCode = 'TONGHWA_ERR_BAD_SERVER_URL' | typeof TransportErrorCode.InsecureServerUrl

export class ServerUrlError extends CodedError<ServerUrlErrorCode> {
  override name = 'ServerUrlError'
  /** The switch or variable that holds the bad value, so the message can tell the person what to fix. */
  readonly setting: string
  constructor(setting: string, problem: string, code: ServerUrlErrorCode = 'TONGHWA_ERR_BAD_SERVER_URL') {
    super(code, `${setting} ${problem}`)
    this.setting = setting
  }
}

export interface ServerUrlInputs {
  /** `process.argv`. Chromium-style `--server-url=<url>`; the last one wins. */
  argv: readonly string[]
  /** `process.env`. An empty value counts as unset. */
  env: Readonly<Record<string, string | undefined>>
}

export function resolveServerUrl({ argv, env }: ServerUrlInputs): ServerUrlSetting {
  const fromSwitch = readSwitch(argv)
  if (fromSwitch !== undefined) {
    return { kind: 'configured', url: validateServerUrl(fromSwitch, SERVER_URL_SWITCH), source: SERVER_URL_SWITCH }
  }
  const fromEnv = env[SERVER_URL_ENV]
  if (fromEnv !== undefined && fromEnv !== '') {
    return { kind: 'configured', url: validateServerUrl(fromEnv, SERVER_URL_ENV), source: SERVER_URL_ENV }
  }
  return { kind: 'embedded' }
}

/**
 * A `wss:` URL, or a `ws:` one to this machine (server-trust/transport-policy.ts), with a host and without
 * credentials or fragment; returns it normalized.
 */
export function validateServerUrl(value: string, setting: string): string {
  const shown = JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value)
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    throw new ServerUrlError(setting, `must be a ws:// or wss:// URL such as wss://signal.example.org/signal; ${shown} is not a URL`)
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new ServerUrlError(setting, `must use ws:// or wss://, not ${url.protocol} (got ${shown})`)
  }
  if (!url.hostname) throw new ServerUrlError(setting, `must name a host (got ${shown})`)
  if (url.username || url.password) throw new ServerUrlError(setting, 'must not contain a user name or password')
  if (url.hash) throw new ServerUrlError(setting, `must not have a #fragment (got ${shown})`)
  requireSecretSafeUrl(url.href, setting)
  return url.href
}

/** Throws `TONGHWA_ERR_INSECURE_SERVER_URL` for a `ws://` URL to another machine (server-trust/transport-policy.ts). */
export function requireSecretSafeUrl(url: string, setting: string): void {
  const insecure = plainTextProblem(url)
  if (insecure !== null) throw new ServerUrlError(setting, `must use wss:// for a server on another machine: ${insecure}`, TransportErrorCode.InsecureServerUrl)
}

function readSwitch(argv: readonly string[]): string | undefined {
  let value: string | undefined
  for (const arg of argv) {
    if (arg === SERVER_URL_SWITCH) {
      throw new ServerUrlError(SERVER_URL_SWITCH, `needs a value written as ${SERVER_URL_SWITCH}=ws://host:port/signal`)
    }
    if (arg.startsWith(`${SERVER_URL_SWITCH}=`)) {
      value = arg.slice(SERVER_URL_SWITCH.length + 1)
      if (value === '') throw new ServerUrlError(SERVER_URL_SWITCH, 'is empty; give a ws:// or wss:// URL or leave it out')
    }
  }
  return value
}
