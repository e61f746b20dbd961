/**
 * Settings → Server as the window and main talk about it: which server the app uses and why (`ServerChoiceStatus`),
 * and what **Test** found out about an address (`ServerTestResult`). Every failure is a stable code with the values
 * its words need; the window words it in its language (renderer i18n/messages/server.ts).
 */
import type { ServerAddressProblem, ServerSetting } from './server-address'

/**
 * Where the server the app uses comes from, strongest first: the `--server-url` switch, the `TONGHWA_SERVER_URL`
 * environment variable, the setting, the server the app was packaged with, and else automatic (this network).
 */
export type ServerChoiceSource = '--server-url' | 'TONGHWA_SERVER_URL' | 'setting' | 'packaged' | 'default'

/** What the app uses now. */
export type ServerChoice =
  | { kind: 'server'; url: string; source: Exclude<ServerChoiceSource, 'default'> }
  | { kind: 'automatic'; source: 'setting' | 'default' }

/** Something about the choice the person must be told; the app goes on with the next source in the order. */
export type ServerChoiceProblem =
  /** `settings.json` names a server the app cannot use (edited by hand); `reason` is in English, for the log too. */
  | { code: 'SERVER_CHOICE_ERR_BAD_SETTING'; reason: string }
  /** The file the app was packaged with (`resources/server.json`) cannot be used; `path` is where it is. */
  | { code: 'SERVER_CHOICE_ERR_BAD_PACKAGED'; path: string; reason: string }

export interface ServerChoiceStatus {
  /** What the person chose in Settings; automatic when they never chose. */
  setting: ServerSetting
  /** What the app uses now, and where that comes from. */
  choice: ServerChoice
  /** The server the app was packaged with, if any (used when the person has not chosen). */
  packagedUrl: string | null
  problems: ServerChoiceProblem[]
}

/** A switch or the environment decides the server: the setting is kept but has no effect until they are gone. */
export function choiceOverridesSetting(choice: ServerChoice): boolean {
  return choice.source === '--server-url' || choice.source === 'TONGHWA_SERVER_URL'
}

/** Why a TLS certificate was not accepted. `not-tls`: the port answers, but not with TLS (an `http://` server). */
export type CertificateProblem = 'expired' | 'not-yet-valid' | 'self-signed' | 'untrusted-issuer' | 'wrong-name' | 'revoked' | 'not-tls' | 'other'

/** Why nothing answered: the connection was refused, no answer came in time, the network has no way there, or it was cut. */
export type NoAnswerReason = 'refused' | 'timeout' | 'unreachable' | 'reset'

export const ServerTestCode = {
  BadAddress: 'SERVER_TEST_BAD_ADDRESS',
  NameNotFound: 'SERVER_TEST_NAME_NOT_FOUND',
  NoAnswer: 'SERVER_TEST_NO_ANSWER',
  BadCertificate: 'SERVER_TEST_BAD_CERTIFICATE',
  NotTonghwa: 'SERVER_TEST_NOT_TONGHWA',
  OtherProtocol: 'SERVER_TEST_OTHER_PROTOCOL',
  OriginRefused: 'SERVER_TEST_ORIGIN_REFUSED',
  HostRefused: 'SERVER_TEST_HOST_REFUSED',
  Busy: 'SERVER_TEST_BUSY',
} as const

export type ServerTestProblem =
  /** The address itself is not one the app can use. */
  | { code: typeof ServerTestCode.BadAddress; problem: ServerAddressProblem }
  /** The name does not resolve (`lookup-failed`: no DNS answer at all, e.g. no network). */
  | { code: typeof ServerTestCode.NameNotFound; host: string; reason: 'unknown-name' | 'lookup-failed' }
  | { code: typeof ServerTestCode.NoAnswer; reason: NoAnswerReason }
  /** `detail` is the TLS library's code (`CERT_HAS_EXPIRED`), for the log and for an administrator. */
  | { code: typeof ServerTestCode.BadCertificate; reason: CertificateProblem; detail: string }
  /** Something answers, but not a Tonghwa server; `detail` says what it answered (`HTTP 404 at /signal`). */
  | { code: typeof ServerTestCode.NotTonghwa; detail: string }
  /** A Tonghwa server that speaks another protocol version (`theirs`: null when it did not say which). */
  | { code: typeof ServerTestCode.OtherProtocol; theirs: number | null; ours: number }
  /** Its Origin policy refuses the app (the app sends no `Origin`; the server was set to refuse clients without one). */
  | { code: typeof ServerTestCode.OriginRefused }
  /** It does not answer to this name (its `allowedHosts` lacks it): the operator must add it. */
  | { code: typeof ServerTestCode.HostRefused; host: string }
  /** A Tonghwa server that refuses new connections for now (full, too many from this address, shutting down). */
  | { code: typeof ServerTestCode.Busy; status: number; retryAfterMs: number | null }

export type ServerTestResult =
  | {
      ok: true
      /** The address as the app will use it. */
      url: string
      /** The server's release; null when it does not say (an older server without `/.well-known/tonghwa`). */
      version: string | null
      protocol: number
      /** Whether it offers a TURN relay; null when it does not say. */
      turn: boolean | null
    }
  | { ok: false; problem: ServerTestProblem }
