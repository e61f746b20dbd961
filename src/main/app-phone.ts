/**
 * The app-level phone, assembled once per app (not per window): the presence connection (its own
 * `SignalingClient`, reachable on the personal code while the app runs), the `PhoneLine` on it, the
 * contacts and recents files, the inbox for links and notices, the attention logic, and which windows are
 * in a call. `index.ts` opens it with the Electron attention host; the end-to-end harness opens it the same
 * way with a recording host, so both run this code.
 * No Electron import: tested in Node against a real server.
 */
import { derivePersonalCode } from '../server/derive-personal-code'
import { generatePersonalSecret } from '../shared/personal-code'
import type { PhoneIdentity } from '../shared/phone'
import { PhoneLine, type PhoneLineOptions } from '../shared/phone-line'
import type { SignalingClient } from '../shared/signaling-client'
import { AppInbox } from './app-inbox'
import { AttentionController, type AttentionHost } from './attention'
import type { EmitBridgeEvent } from './ipc-handlers'
import { forwardPhoneEvents, phoneWindowCommands, type PhoneServices, type PhoneWindowCommands } from './phone-commands'
import { openPhoneStores, type PhoneStores } from './phone-stores'
import { resolveRingTimeoutMs } from './ring-timeout'
import type { SettingsStore } from './settings-store'
import { createSignalingClient, type SignalingConnectionOptions } from './signaling-connection'
import { requireSecretSafeUrl } from './server-url'

export const SettingsNoticeCode = {
  /** The settings file was damaged and moved aside; with it went the personal secret, so the code is new. */
  Recovered: 'SETTINGS_NOTICE_RECOVERED',
} as const

export interface AppPhoneOptions {
  signalingUrl: string
  /** `app.getPath('userData')`: contacts.json and recents.json go here. */
  userDataDir: string
  /** The opened settings: the personal secret and the ring timeout live there. */
  settings: SettingsStore
  /** `process.env`, for `TONGHWA_RING_TIMEOUT_MS`. */
  env: Readonly<Record<string, string | undefined>>
  attentionHost: AttentionHost
  /** Overrides the environment and the settings file (still clamped to `RING_TIMEOUT`): the harness's knob. */
  ringTimeoutMs?: number
  /** Reconnect delays of the presence connection. */
  connection?: SignalingConnectionOptions
  /**
   * Where a call rings (docs/lan.md): on the local network, at the app that has the person's code. Default: on
   * the phone's own connection.
   */
  routeCall?: PhoneLineOptions['routeCall']
  /** Default `console.warn`. */
  log?: (message: string) => void
}

/** One window's share of the phone: its command implementations, and `dispose()` for when it closes. */
export interface WindowPhone {
  commands: PhoneWindowCommands
  dispose(): void
}

export interface AppPhone extends PhoneServices {
  /** The presence connection now (it changes with `rehome`). */
  readonly client: SignalingClient
  /**
   * Moves the presence connection to another server (the server the app uses changed): the code is
   * registered there and no longer at the old one. Rejects with `TONGHWA_ERR_INSECURE_SERVER_URL` for a `ws://`
   * server on another machine, before anything connects.
   */
  rehome(url: string, connection?: SignalingConnectionOptions): Promise<void>
  readonly contactsPath: string
  readonly recentsPath: string
  readonly ringTimeoutMs: number
  connectWindow(windowId: number, emit: EmitBridgeEvent): WindowPhone
  /** A window got the focus: links go to it next, and the OS can stop asking for attention. */
  windowFocused(windowId: number): void
  /** A `tonghwa://` link from the OS: parsed, then handed to a window (or queued until one listens). */
  openUrl(url: string): void
  /** Hangs up, stops being reachable, closes the connection and finishes writing. */
  close(): Promise<void>
}

/**
 * Opens everything and starts being reachable. Rejects when the personal code cannot be derived, and with
 * `TONGHWA_ERR_INSECURE_SERVER_URL` for a `ws://` server that is not on this machine, before anything connects.
 */
export async function openAppPhone(options: AppPhoneOptions): Promise<AppPhone> {
  const { settings, log = console.warn } = options
  // The connection below carries the personal secret: never in clear text to another machine, whoever passed the URL.
  requireSecretSafeUrl(options.signalingUrl, 'the signaling URL')
  const inbox = new AppInbox({ log })
  if (settings.recovered) {
    inbox.notify({ code: SettingsNoticeCode.Recovered, path: settings.path, backupPath: settings.recovered.backupPath })
  }
  let secret = settings.personalSecret()
  if (secret === null) {
    secret = generatePersonalSecret()
    await settings.savePersonalSecret(secret).catch(() => log('[phone] the new personal secret could not be saved; the code will change at the next start'))
  }

  let line: PhoneLine | undefined
  const stores: PhoneStores = await openPhoneStores({
    userDataDir: options.userDataDir,
    ownCode: () => line?.code ?? null,
    onSaveError: (notice) => inbox.notify(notice),
    log,
  })
  for (const notice of stores.notices) inbox.notify(notice)

  const inCall = new Set<number>()
  const ringTimeoutMs = resolveRingTimeoutMs({
    env: options.env,
    setting: settings.ringTimeoutMs(),
    ...(options.ringTimeoutMs !== undefined ? { override: options.ringTimeoutMs } : {}),
    log,
  })
  let client = createSignalingClient(options.signalingUrl, options.connection)
  line = new PhoneLine({
    ...(options.routeCall ? { routeCall: options.routeCall } : {}),
    client,
    secret,
    deriveCode: async (value) => derivePersonalCode(value),
    ringTimeoutMs,
    lookupName: (code) => stores.contacts.nameFor(code),
    recents: stores.recents,
    isBusy: () => inCall.size > 0,
  })
  const phoneLine = line
  const attention = new AttentionController(options.attentionHost, () => settings.locale())
  phoneLine.on('incoming-call', (call) => attention.ring(call))
  phoneLine.on('call-cancelled', ({ callId }) => attention.stop(callId))
  phoneLine.on('notice', (notice) => inbox.notify(notice))
  client.connect()
  await phoneLine.start()

  const phone: AppPhone = {
    get client() {
      return client
    },
    async rehome(url, connection) {
      requireSecretSafeUrl(url, 'the signaling URL')
      const previous = client
      client = createSignalingClient(url, connection)
      client.connect()
      await phoneLine.useClient(client)
      previous.close()
    },
    line: phoneLine,
    contacts: stores.contacts,
    recents: stores.recents,
    stores,
    inbox,
    attention,
    contactsPath: stores.contactsPath,
    recentsPath: stores.recentsPath,
    ringTimeoutMs,
    async regenerateCode(): Promise<PhoneIdentity> {
      const fresh = generatePersonalSecret()
      // Saved first: if it cannot be written, the code stays as it is rather than change again at the next start.
      await settings.savePersonalSecret(fresh)
      return phoneLine.regenerate(fresh)
    },
    setInCall(windowId, busy) {
      if (busy) inCall.add(windowId)
      else inCall.delete(windowId)
    },
    connectWindow(windowId, emit) {
      inbox.attach(windowId, emit)
      const stopForwarding = forwardPhoneEvents(phone, emit)
      let disposed = false
      return {
        commands: phoneWindowCommands(phone, windowId, emit),
        dispose() {
          if (disposed) return
          disposed = true
          stopForwarding()
          inbox.detach(windowId)
          inCall.delete(windowId)
        },
      }
    },
    windowFocused(windowId) {
      inbox.focus(windowId)
      attention.focused()
    },
    openUrl: (url) => inbox.openUrl(url),
    async close() {
      attention.stopAll()
      phoneLine.dispose()
      client.close()
      await Promise.all([stores.flush(), settings.flush()])
    },
  }
  return phone
}
