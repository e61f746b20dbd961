/**
 * The whole app's state: which screen is shown, the room, and the intents the screens forward. Components
 * read getters and call methods; everything with side effects (devices, clipboard, the bridge, the ring) comes
 * in through the constructor. Devices, local media and the call are wired to each other here: a chosen device
 * is put to use by local media, which hands a switched track to the call. The phone hands an accepted call's
 * room here, and only then are the camera and microphone opened.
 */
import { isFinalPhase, type CallPhase } from '../call/call-phase'
import type { CaptureKind, DeviceKind } from '../../../shared/devices'
import type { TonghwaBridge } from '../../../shared/ipc-contract'
import type { AppNotice, DeepLink } from '../../../shared/phone'
import { formatRoomCode, generateRoomCode, type RoomCode } from '../../../shared/room-code'
import { assertNever } from '../../../shared/assert-never'
import type { ApplyOutcome } from '../devices/device-notices'
import { AppNoticeCode, type AppStateOptions } from './app-options'
import { CallState } from './call-state.svelte'
import { ContactsState } from './contacts.svelte'
import { CopyState, type CopyStatus } from './copy.svelte'
import { DevicesState } from './devices.svelte'
import { LocalMediaState } from './local-media.svelte'
import { NoticesState } from './notices.svelte'
import { PhoneState, type ConnectingCall } from './phone.svelte'
import { PrivacyState } from './privacy.svelte'
import { NetworkState } from './network.svelte'
import { CallSettingsState } from './call-settings.svelte'
import { LanguageState } from './language.svelte'
import { RecentsState } from './recents.svelte'
import { RoomEntryState } from './room-entry.svelte'
import { ScreenShareState } from './screen-share.svelte'
import { ServerSettingsState } from './server-settings.svelte'
import { bridgeJoiningAt } from './join-elsewhere'
import { RoomServerState } from './room-server.svelte'
import type { LocalKeyState } from './local-key.svelte'
import { SafetyNumbersState } from './safety-numbers.svelte'
import { RoomCallTimer } from './room-call-timer'
import { CallEndState } from './call-end.svelte'
import { CallsWhileBusyState } from './calls-while-busy.svelte'
import { ThemeState } from './theme.svelte'

export type { AppStateOptions, CopyStatus }
export type Screen = 'home' | 'settings' | 'prejoin' | 'call'
/** What is on screen: a screen, or the outgoing call shown over the home screen. */
export type View = Screen | 'outgoing'

export class AppState {
  readonly entry: RoomEntryState
  readonly devices: DevicesState
  readonly media: LocalMediaState
  readonly call: CallState
  readonly phone: PhoneState
  readonly contacts: ContactsState
  readonly recents: RecentsState
  readonly notices: NoticesState
  readonly privacy: PrivacyState
  /** Where the app can be reached, and "Let people on this network reach me". */
  readonly network: NetworkState
  /** "Low data", read when a call starts. */
  readonly callSettings: CallSettingsState
  readonly screenShare: ScreenShareState<MediaStream, MediaStreamTrack>
  readonly language: LanguageState
  readonly theme: ThemeState
  /** "Copy code" for the room code and for the personal code. */
  readonly roomCopy: CopyState
  readonly codeCopy: CopyState
  /** Settings → Server (hidden in web mode). */
  readonly server: ServerSettingsState
  /** The server the room is on when a link named another, a link waiting to be agreed to, and "Copy invite". */
  readonly roomServer: RoomServerState
  /** The call's safety numbers and whether the contact is verified. */
  readonly safety: SafetyNumbersState
  /** How long the call that is over lasted, for the end-of-call screen. */
  readonly callEnd = new CallEndState()
  /** People answered "busy" during this call, and the one to call back once it is over. */
  readonly callsWhileBusy = new CallsWhileBusyState()
  /** This app's DTLS certificate (Settings → "New safety key"); null where none is kept. */
  readonly localKey: LocalKeyState<RTCCertificate> | null
  readonly #bridge: TonghwaBridge
  readonly #onError: (error: unknown) => void
  /** Times calls by room code for the recent calls (phone calls are recorded by the phone). */
  readonly #roomCalls: RoomCallTimer

  #screen = $state<Screen>('home')
  #room = $state<RoomCode | null>(null)
  /** Who a phone call is with; null for a call by room code. */
  #callWith = $state<string | null>(null)
  /** Their personal code in a phone call, for the contact's verified mark; null for a call by room code. */
  #callCode = $state<RoomCode | null>(null)
  /** A person a `tonghwa://call` link asked to call, waiting for this person to agree. */
  #linkCall = $state<RoomCode | null>(null)
  /** Bumped whenever the call is abandoned, so a join still waiting for the devices does not start. */
  #joinAttempt = 0
  /** Opening the camera and microphone for the pre-join screen, with the remembered devices. */
  #mediaOpening: Promise<void> | null = null
  #unsubscribe: Array<() => void> = []

  constructor(options: AppStateOptions) {
    const onError = options.onError ?? ((error: unknown) => console.warn('[tonghwa]', error))
    const bridge = options.bridge
    this.#bridge = bridge
    this.#onError = onError
    this.#roomCalls = new RoomCallTimer({
      now: () => Date.now(),
      record: (room, durationMs) => void bridge.recordRoomCall(room, durationMs).catch(onError),
    })
    this.entry = new RoomEntryState(options.initialRoomInput ?? '')
    this.devices = new DevicesState({
      bridge,
      mediaDevices: options.mediaDevices,
      canChooseSpeaker: options.canChooseSpeaker,
      apply: (kind, deviceId) => this.#applyDevice(kind, deviceId),
      onError,
    })
    this.media = new LocalMediaState({
      getUserMedia: options.getUserMedia,
      constraints: options.mediaConstraints,
      requestAccess: (kinds) => bridge.requestMediaAccess(kinds),
      os: bridge.os,
      // Through the screen share: while it holds the video sender, a switched camera waits for it to stop.
      replaceInCall: (kind, track) => this.screenShare.routeTrack(kind, track),
      onTrackEnded: (kind) => void this.devices.trackEnded(kind),
      labelOf: (kind, deviceId) => this.devices.labelOf(kind, deviceId),
      openLevelSource: options.openLevelSource,
      scheduleFrame: options.scheduleFrame,
      onError,
    })
    this.privacy = new PrivacyState({ bridge, onError })
    this.network = new NetworkState({ bridge, onError })
    this.callSettings = new CallSettingsState({ bridge, onError })
    this.language = new LanguageState({ bridge, initialSystemLanguages: options.systemLanguages, onError })
    this.theme = new ThemeState({ bridge, ...(options.applyTheme ? { apply: options.applyTheme } : {}), onError })
    this.call = new CallState({
      // Joins the room on the server a link named, when the person agreed to that; else where the app joins rooms.
      bridge: bridgeJoiningAt(bridge, () => this.roomServer.server),
      createPeerConnection: options.createPeerConnection,
      relayOnly: () => this.privacy.relayOnly,
      lowData: () => this.callSettings.lowData,
      // A saved contact's name wins over the name they send: it is the one this person chose for them.
      contactName: () => (this.#callCode ? this.contacts.nameOf(this.#callCode) : null),
      ...(options.audioCodecs ? { audioCodecs: options.audioCodecs } : {}),
      onError,
      // The session stopped the tracks; let go of the stream so the self-view clears too.
      onOver: () => this.#releaseMedia(),
      onPhase: (phase) => this.#callPhaseChanged(phase),
      onSafetyChannel: (channel) => this.safety.attach(channel),
    })
    this.screenShare = new ScreenShareState<MediaStream, MediaStreamTrack>({
      bridge,
      getDisplayMedia: options.getDisplayMedia ?? null,
      replaceInCall: (kind, track) => this.call.replaceTrack(kind, track),
      cameraTrack: () => this.media.stream?.getVideoTracks()[0] ?? null,
      reopenCamera: () => this.#reopenCamera(),
      onError,
    })
    this.notices = new NoticesState()
    this.contacts = new ContactsState({ bridge, ownCode: () => this.phone.identity?.code ?? null, onError })
    this.recents = new RecentsState({ bridge, contacts: () => this.contacts.list, onError })
    this.phone = new PhoneState({
      bridge,
      startRinger: options.startRinger ?? (() => ({ stop: () => undefined })),
      lookupName: (code) => this.contacts.nameOf(code),
      onConnect: (call) => void this.#enterPhoneCall(call),
      onConnectAborted: () => void this.backToStart(),
      onError,
    })
    this.roomCopy = new CopyState(options.writeClipboard, options.copiedForMs)
    this.codeCopy = new CopyState(options.writeClipboard, options.copiedForMs)
    this.roomServer = new RoomServerState({ bridge, writeClipboard: options.writeClipboard, copiedForMs: options.copiedForMs, onError })
    this.server = new ServerSettingsState({ bridge, onError })
    this.localKey = options.localKey ?? null
    this.safety = new SafetyNumbersState({
      getStats: () => this.call.getStats(),
      getDescriptions: () => this.call.getDescriptions(),
      contact: () => {
        const code = this.#callCode
        return code ? (this.contacts.list.find((contact) => contact.code === code) ?? null) : null
      },
      markVerified: (id, fingerprint, identityKey) => bridge.setContactVerified(id, fingerprint, identityKey),
      identity: () => this.localKey?.identity ?? null,
      onError,
    })
    // What the other person's tile shows of this side, told to their app on every change (state/other-person.svelte.ts).
    this.#unsubscribe.push(
      this.call.other.followLocal(() => ({
        audio: this.media.hasAudio && !this.media.micMuted,
        video: this.media.hasVideo && !this.media.cameraOff,
        screen: this.screenShare.sharing,
        name: this.callSettings.displayName,
      })),
    )
    void this.server.load()
    void this.devices.start()
    void this.privacy.load()
    void this.network.load()
    void this.callSettings.load()
    void this.language.load()
    void this.theme.load()
    void this.#startPhone()
    this.#openRoomFromAddress(options.initialRoomInput ?? '')
  }

  get screen(): Screen {
    return this.#screen
  }
  get view(): View {
    return this.#screen === 'home' && this.phone.outgoing.view ? 'outgoing' : this.#screen
  }
  get room(): RoomCode | null {
    return this.#room
  }
  /** `7KD-93QF-XZ5`, or an empty string with no room. */
  get formattedRoom(): string {
    return this.#room ? formatRoomCode(this.#room) : ''
  }
  get copyStatus(): CopyStatus {
    return this.roomCopy.status
  }
  /** Who the phone call on screen is with, or null in a call by room code. */
  get callWith(): string | null {
    return this.#callWith
  }

  /** "Settings" on the home screen. */
  openSettings(): void {
    if (this.#screen === 'home') this.#screen = 'settings'
    // What main uses may have changed since (another window chose another server).
    void this.server.load()
  }

  /** Closing the settings screen: back to the home screen. */
  closeSettings(): void {
    if (this.#screen === 'settings') this.#screen = 'home'
  }

  /** "New room": a fresh code, straight to the pre-join screen. */
  createRoom(): void {
    this.#enterPreJoin(generateRoomCode())
  }

  /** "Join": the typed code, if it is one; otherwise the field shows why not. */
  joinTypedRoom(): void {
    const code = this.entry.submit()
    if (code) this.#enterPreJoin(code)
  }

  /** "Join" on a room in the recent calls: its pre-join screen again. */
  joinRecentRoom(code: RoomCode): void {
    if (this.#screen === 'home') this.#enterPreJoin(code)
  }

  async copyRoomCode(): Promise<void> {
    if (this.#room) await this.roomCopy.copy(formatRoomCode(this.#room))
  }

  /** "Copy invite": the room's web page and a `tonghwa://` link naming its server (room-server.svelte.ts). */
  async copyInvite(): Promise<void> {
    if (this.#room) await this.roomServer.copyInvite(this.#room)
  }

  /** The person agreed to a room on another server: its pre-join, which joins there (and registers nothing there). */
  confirmLinkJoin(): void {
    const agreed = this.roomServer.takeAgreed()
    if (agreed) this.#enterPreJoin(agreed.room, agreed.server)
  }

  async copyPersonalCode(): Promise<void> {
    if (this.phone.formattedCode) await this.codeCopy.copy(this.phone.formattedCode)
  }

  /** Rings a person (a contact's call button, a recent call, a link) from the home screen. */
  callPerson(code: RoomCode): void {
    if (this.#screen !== 'home') return
    this.phone.call(code)
  }

  /** "Join call": to the call screen at once; the call starts as soon as the devices are open. */
  async joinCall(): Promise<void> {
    const room = this.#room
    if (this.#screen !== 'prejoin' || !room) return
    await this.#joinRoomCall(room)
  }

  /** A device picked in the window: the same as a pick in the native menu. */
  chooseDevice(kind: DeviceKind, deviceId: string): Promise<void> {
    return this.devices.choose(kind, deviceId)
  }

  /** "Open System Settings": the OS pane where camera or microphone access is given. */
  async openPrivacySettings(kind: CaptureKind): Promise<void> {
    try {
      await this.#bridge.openPrivacySettings(kind)
    } catch (error) {
      this.#onError(error)
    }
  }

  async hangUp(): Promise<void> {
    this.#joinAttempt += 1
    const leaving = this.call.hangUp()
    this.#releaseMedia()
    this.phone.callEnded()
    this.phone.setInRoom(false)
    await leaving
  }

  /** From the pre-join screen, or after a call: back to the start, devices released. */
  async backToStart(): Promise<void> {
    const leaving = this.#screen === 'call' && !this.call.ended ? this.hangUp() : Promise.resolve()
    this.#joinAttempt += 1
    this.#releaseMedia()
    this.call.reset()
    this.safety.reset()
    this.#room = null
    this.#callWith = null
    this.#callCode = null
    // A server a link named is for that one call: nothing of it is kept.
    this.roomServer.leave()
    this.roomCopy.reset()
    this.callsWhileBusy.clear()
    this.#screen = 'home'
    await leaving
  }

  /** The call on screen is over: "Rejoin" for a call by room code (the same room again). */
  get canRejoin(): boolean {
    return this.#screen === 'call' && this.call.offersBackToStart && this.#room !== null && this.#callCode === null
  }
  /** The call on screen is over: "Call again" for a phone call (rings the same personal code). */
  get canCallAgain(): boolean {
    return this.#screen === 'call' && this.call.offersBackToStart && this.#callCode !== null
  }

  /** "Rejoin" after a call by room code: leaves what is left of it, then joins the same room (and server) again. */
  async rejoin(): Promise<void> {
    const room = this.#room
    if (!this.canRejoin || !room) return
    await this.hangUp()
    this.call.reset()
    await this.#joinRoomCall(room)
  }

  /** "Call again" after a phone call: back to the start, ringing the same person. */
  async callAgain(): Promise<void> {
    const code = this.#callCode
    if (!this.canCallAgain || !code) return
    await this.#leaveAndCall(code)
  }

  /** "Call back" on a notice that someone tried to call: once this call is over, or now if it is. */
  async callBackWhileBusy(code: RoomCode): Promise<void> {
    if (this.#screen === 'call' && !this.call.offersBackToStart) {
      this.callsWhileBusy.callBackLater(code)
      return
    }
    this.callsWhileBusy.dismiss(code)
    await this.#leaveAndCall(code)
  }

  async #leaveAndCall(code: RoomCode): Promise<void> {
    await this.backToStart()
    this.callPerson(code)
  }

  /** Who a link asks to call ("Minji", or their formatted code), until the person agrees or says no. */
  get linkCall(): { code: RoomCode; label: string } | null {
    const code = this.#linkCall
    return code ? { code, label: this.contacts.nameOf(code) ?? formatRoomCode(code) } : null
  }

  /** The person agreed to the call a link asked for. */
  confirmLinkCall(): void {
    const code = this.#linkCall
    this.#linkCall = null
    if (code) this.phone.call(code)
  }

  dismissLinkCall(): void {
    this.#linkCall = null
  }

  /**
   * A `tonghwa://` link (or web mode's `?call=`): call a person, or go to the pre-join of a room. Any web page can
   * open such a link, so a call is only placed once the person agrees (as phones do with `tel:` links); a join
   * only opens the pre-join screen, where nothing leaves the machine until they press Join.
   */
  async openLink(link: DeepLink): Promise<void> {
    if (this.#inCall()) {
      this.notices.add({ code: AppNoticeCode.InCall })
      return
    }
    if (this.phone.outgoing.view) await this.phone.outgoing.close()
    if (this.#screen !== 'home') await this.backToStart()
    switch (link.kind) {
      case 'call':
        this.#linkCall = link.code
        return
      case 'join':
        // Another server: ask first, as for a call link. Nothing connects there until the person agrees and joins.
        if (await this.roomServer.asksFirst(link.room, link.server)) return
        this.#enterPreJoin(link.room)
        return
      default:
        assertNever(link, 'deep link')
    }
  }

  dismissNotice(notice: AppNotice): void {
    this.notices.dismiss(notice)
  }

  /** The window is going away: leave the room so the other side hears of it at once. */
  async dispose(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe()
    this.roomCopy.dispose()
    this.codeCopy.dispose()
    this.roomServer.dispose()
    this.devices.dispose()
    const cancelling = this.phone.outgoing.cancel()
    this.phone.dispose()
    this.contacts.dispose()
    this.recents.dispose()
    await Promise.all([this.hangUp(), cancelling])
  }

  async #startPhone(): Promise<void> {
    const bridge = this.#bridge
    this.#unsubscribe.push(
      bridge.onNotice((notice) => this.notices.add(notice)),
      bridge.onOpenLink((link) => void this.openLink(link)),
      bridge.onCallWhileBusy((call) => this.callsWhileBusy.add(call)),
    )
    // Contacts first, so a call link finds the name, and an incoming call shows it.
    await Promise.all([this.contacts.start(), this.recents.start(), this.phone.start()])
    try {
      const pending = await bridge.takePending()
      for (const notice of pending.notices) this.notices.add(notice)
      for (const link of pending.links) await this.openLink(link)
    } catch (error) {
      this.#onError(error)
    }
  }

  /** In a call, or one is ringing in or out: a link must not cut it off. */
  #inCall(): boolean {
    const phase = this.call.phase
    const callOn = this.#screen === 'call' && !isFinalPhase(phase) && phase.name !== 'peer-left'
    return callOn || this.phone.outgoing.live || this.phone.incoming.call !== null
  }

  /** An accepted phone call: straight to the call screen (no pre-join: it is a phone call). */
  async #enterPhoneCall(call: ConnectingCall): Promise<void> {
    // What was on screen gives way: an earlier call that is over, a pre-join, an old outgoing result.
    if (this.#screen === 'call') {
      void this.call.hangUp()
      this.call.reset()
      this.#releaseMedia()
    }
    if (this.phone.outgoing.view) void this.phone.outgoing.close()
    this.#room = call.room
    this.#callWith = call.label
    this.#callCode = call.code
    this.roomServer.enter(null)
    this.roomCopy.reset()
    await this.#joinRoomCall(call.room)
  }

  async #joinRoomCall(room: RoomCode): Promise<void> {
    const attempt = ++this.#joinAttempt
    this.#roomCalls.start(this.#callCode === null ? room : null)
    this.#screen = 'call'
    this.phone.setInRoom(true)
    // The meter beside Mute, and "You're muted" (which listens while the sent track is disabled).
    this.media.setLevelMeter(true)
    this.safety.reset()
    this.callEnd.reset()
    this.call.prepare()
    await (this.#mediaOpening ?? this.#openMedia())
    if (attempt !== this.#joinAttempt) return
    // The stream as it is now: a device chosen while it opened is already in it.
    this.call.start(room, this.media.stream)
  }

  #callPhaseChanged(phase: CallPhase): void {
    this.#roomCalls.phase(phase)
    const over = isFinalPhase(phase) || phase.name === 'peer-left'
    // The conversation is over when the other person leaves: its length is what goes into recents.
    if (over) this.phone.callEnded()
    // Connected again after a recovery may mean a new handshake: the numbers are read again each time.
    if (phase.name === 'connected') void this.safety.read()
    // The connection that carried the screen may be gone, and a new one starts with the camera: the share ends.
    if (phase.name === 'peer-left') void this.screenShare.stop()
    this.phone.setInRoom(this.#screen === 'call' && !over)
    this.callEnd.follow(phase, this.call.connectedAt)
    // "Call back" was pressed during the call: it is over now, so ring them (after this phase has settled).
    if (over && this.callsWhileBusy.callBack) {
      queueMicrotask(() => {
        const code = this.callsWhileBusy.takeCallBack()
        if (code) void this.#leaveAndCall(code)
      })
    }
  }

  /**
   * Web mode's `?room=` (an invitation's link): a room code goes straight to that room's pre-join screen, one press
   * from joining; anything else stays in the home screen's field with what is wrong with it.
   */
  #openRoomFromAddress(input: string): void {
    if (input === '') return
    const code = this.entry.submit()
    if (code) this.#enterPreJoin(code)
  }

  /** `server`: the room is on that server (a link the person agreed to), not on theirs. */
  #enterPreJoin(code: RoomCode, server: string | null = null): void {
    this.#room = code
    this.#callWith = null
    this.#callCode = null
    this.roomServer.enter(server)
    this.roomCopy.reset()
    this.#screen = 'prejoin'
    this.media.setLevelMeter(true)
    this.#mediaOpening = this.#openMedia()
  }

  /** Opens the camera and microphone on the remembered devices, then lets devices see what it got. */
  async #openMedia(): Promise<void> {
    await this.devices.ready()
    const stream = await this.media.open(this.devices.captureDevices())
    if (this.media.status !== 'ready' || this.media.stream !== stream) return
    await this.devices.captured(this.media.deviceIds())
  }

  #releaseMedia(): void {
    this.screenShare.release()
    this.#mediaOpening = null
    this.media.setLevelMeter(false)
    this.media.release()
  }

  /** The share stopped and the camera's track is gone: open the chosen camera again (with none chosen, the fallback logic of `devices` decides). */
  async #reopenCamera(): Promise<void> {
    const deviceId = this.media.deviceIds().camera ?? this.devices.captureDevices().camera
    if (this.media.status === 'ready' && deviceId) await this.media.useDevice('camera', deviceId)
  }

  /** Puts a chosen (or fallback) camera or microphone to use; closed devices just open on it next time. */
  #applyDevice(kind: CaptureKind, deviceId: string | null): Promise<ApplyOutcome> {
    if (this.media.status === 'off') return Promise.resolve({ status: 'applied' })
    return this.media.useDevice(kind, deviceId)
  }
}
