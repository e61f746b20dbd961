/**
 * The renderer's composition root: the real browser collaborators go into the app state here, and nowhere
 * else. Everything below takes them as arguments, so it runs in tests with fakes.
 */
import { mount } from 'svelte'
import { openWebAudioLevelSource, scheduleAnimationFrame, startWebAudioRingTone } from './audio/web-audio-level'
import { getBridge } from './bridge/get-bridge'
import { indexedDbCertificateStorage, indexedDbIdentityStorage } from './bridge/certificate-storage'
import { loadIdentityKey } from './call/identity-key'
import { loadLocalCertificate, type LocalCertificateOptions } from './call/local-certificate'
import { DISPLAY_MEDIA_CONSTRAINTS } from './call/screen-share'
import App from './components/App.svelte'
import { AppState } from './state/app-state.svelte'
import { LocalKeyState, type LocalIdentityOptions } from './state/local-key.svelte'
import './styles/base.css'

const certificates: LocalCertificateOptions<RTCCertificate> = {
  storage: indexedDbCertificateStorage(indexedDB),
  generate: (expires) => RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256', expires } as EcKeyGenParams),
}
const identityKeys: LocalIdentityOptions = { storage: indexedDbIdentityStorage(indexedDB) }
// Before anything can make a peer connection: every call uses this one certificate, signed in the call by the
// identity key. Where the page can keep nothing (storage blocked), calls still work, each with the browser's own
// fresh certificate and no signature.
void Promise.all([
  loadLocalCertificate(certificates).catch((error: unknown) => {
    console.warn('[tonghwa] no lasting DTLS certificate', error)
    return null
  }),
  loadIdentityKey(identityKeys.storage).catch((error: unknown) => {
    console.warn('[tonghwa] no identity key', error)
    return null
  }),
]).then(([loaded, identity]) => start(new LocalKeyState(certificates, loaded?.certificate ?? null, { options: identityKeys, current: identity })))

function start(localKey: LocalKeyState<RTCCertificate>): void {
  const app = new AppState({
    bridge: getBridge(),
    getUserMedia: (constraints) => {
      // `mediaDevices` is missing outside a secure context (a page served over plain http from another host).
      if (!navigator.mediaDevices) return Promise.reject(new DOMException('Camera and microphone need a secure page', 'SecurityError'))
      return navigator.mediaDevices.getUserMedia(constraints)
    },
    createPeerConnection: (config) => {
      const certificate = localKey.current
      return new RTCPeerConnection(certificate ? { ...config, certificates: [certificate] } : config)
    },
    localKey,
    // Absent in some browsers (and `getCapabilities` may answer null): then the call goes without audio RED.
    audioCodecs: () => (typeof RTCRtpReceiver.getCapabilities === 'function' ? (RTCRtpReceiver.getCapabilities('audio')?.codecs ?? null) : null),
    // Missing outside a secure context and in some mobile browsers: then there is no Share screen.
    ...(navigator.mediaDevices && 'getDisplayMedia' in navigator.mediaDevices
      ? { getDisplayMedia: () => navigator.mediaDevices.getDisplayMedia(DISPLAY_MEDIA_CONSTRAINTS) }
      : {}),
    writeClipboard: (text) => navigator.clipboard.writeText(text),
    mediaDevices: navigator.mediaDevices ?? null,
    canChooseSpeaker: 'setSinkId' in HTMLMediaElement.prototype,
    startRinger: () => startWebAudioRingTone((error) => console.warn('[tonghwa]', error)),
    openLevelSource: openWebAudioLevelSource,
    scheduleFrame: scheduleAnimationFrame,
    initialRoomInput: new URLSearchParams(window.location.search).get('room') ?? '',
    systemLanguages: navigator.languages,
    // An attribute, not a style: theme.css picks the colours (the CSP allows no inline styles).
    applyTheme: (preference) => document.documentElement.setAttribute('data-theme', preference),
    onError: (error) => console.warn('[tonghwa]', error),
  })

  // Closing the window or reloading leaves the room at once, so the other side is told "left", not "lost".
  window.addEventListener('pagehide', () => void app.dispose())

  const target = document.getElementById('app')
  if (!target) throw new Error('index.html has no #app element')
  mount(App, { target, props: { app } })
}
