// Captures what test/unit/renderer/fixtures/chromium-sdp.json holds: a real offer and answer from this machine's
// Chromium for a call shaped like Tonghwa's (microphone and camera from the fake devices, the negotiated chat
// channel), and the audio codecs Chromium can receive (`RTCRtpReceiver.getCapabilities`), for the unit tests of
// the SDP and codec-preference tuning. Run: node scripts/capture-chromium-sdp.mjs (needs /usr/bin/chromium).
import { writeFileSync } from 'node:fs'
import { chromium } from '@playwright/test'

const OUTPUT = new URL('../test/unit/renderer/fixtures/chromium-sdp.json', import.meta.url)
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--disable-gpu'],
})
try {
  const page = await browser.newPage()
  // getUserMedia needs a secure context; http://localhost is one, and the page never touches the network.
  await page.route('http://localhost/**', (route) => route.fulfill({ body: '<!doctype html><title>capture</title>', contentType: 'text/html' }))
  await page.goto('http://localhost/')
  const captured = await page.evaluate(async () => {
    const constraints = { audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } }
    const [mine, theirs] = await Promise.all([navigator.mediaDevices.getUserMedia(constraints), navigator.mediaDevices.getUserMedia(constraints)])
    const offerer = new RTCPeerConnection()
    const answerer = new RTCPeerConnection()
    for (const pc of [offerer, answerer]) pc.createDataChannel('chat', { negotiated: true, id: 0 })
    for (const track of mine.getTracks()) offerer.addTrack(track, mine)
    // Taken from createOffer/createAnswer: the same text the implicit setLocalDescription() sets, before any
    // candidate is gathered, so no address of this machine ends up in the fixture.
    const offer = await offerer.createOffer()
    await offerer.setLocalDescription(offer)
    await answerer.setRemoteDescription(offer)
    for (const track of theirs.getTracks()) answerer.addTrack(track, theirs)
    const answer = await answerer.createAnswer()
    await answerer.setLocalDescription(answer)
    const result = {
      userAgent: navigator.userAgent,
      offer: offer.sdp,
      answer: answer.sdp,
      audioReceiverCodecs: RTCRtpReceiver.getCapabilities('audio').codecs,
    }
    offerer.close()
    answerer.close()
    for (const track of [...mine.getTracks(), ...theirs.getTracks()]) track.stop()
    return result
  })
  writeFileSync(OUTPUT, `${JSON.stringify({ chromium: browser.version(), ...captured }, null, 1)}\n`)
  process.stdout.write(`wrote ${OUTPUT.pathname}\n`)
} finally {
  await browser.close()
}
