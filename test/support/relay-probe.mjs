// A call that must keep working while a test attacks the server, in a process of its own so that the test's
// own load does not count as the server's latency. Plain JavaScript, so Node runs it as it is.
//
//   node test/support/relay-probe.mjs ws://127.0.0.1:port/signal <room code>
//
// Joins the room twice (Alice from 127.19.0.1, Bob from 127.19.0.2), then Alice sends Bob one signal every
// 25 ms. Writes one JSON line when ready ({"ready":true}), and on SIGTERM or stdin "stop" a last line:
// {"sent":n,"received":n,"inOrder":bool,"latencies":[ms,...],"sentAt":[epoch ms,...]}
import { WebSocket } from 'ws'

const [url, room] = process.argv.slice(2)
const open = (localAddress) =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { localAddress, perMessageDeflate: false })
    socket.once('open', () => resolve(socket))
    socket.once('error', reject)
  })
const next = (socket, type) =>
  new Promise((resolve) => {
    const listener = (data) => {
      const message = JSON.parse(String(data))
      if (message.type === 'error') {
        process.stderr.write(`relay probe: refused while setting up: ${String(data)}\n`)
        process.exit(1)
      }
      if (message.type !== type) return
      socket.off('message', listener)
      resolve(message)
    }
    socket.on('message', listener)
  })

process.on('unhandledRejection', (error) => {
  process.stderr.write(`relay probe: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
const step = (what) => process.stderr.write(`relay probe: ${what}\n`)
const alice = await open('127.19.0.1')
const bob = await open('127.19.0.2')
step('connected')
alice.send(JSON.stringify({ v: 1, type: 'join', room }))
await next(alice, 'joined')
// Listening before Bob joins: Alice may hear of him before Bob hears he is in.
const bobArrived = next(alice, 'peer-joined')
bob.send(JSON.stringify({ v: 1, type: 'join', room }))
const bobId = (await next(bob, 'joined')).peerId
await bobArrived
step('in the room')

const sentAt = []
const latencies = []
let inOrder = true
bob.on('message', (data) => {
  const message = JSON.parse(String(data))
  if (message.type !== 'signal') return
  const text = message.data.kind === 'candidate' ? message.data.candidate.candidate : message.data.description.sdp
  const index = Number(/(?:candidate:|probe )(\d+)/.exec(text)?.[1])
  if (index !== latencies.length) inOrder = false
  latencies.push(performance.now() - sentAt[index])
})
const timer = setInterval(() => {
  const index = sentAt.length
  sentAt.push(performance.now())
  const data =
    index % 10 === 0
      ? { kind: 'description', description: { type: 'offer', sdp: `v=0 probe ${index}` } }
      : { kind: 'candidate', candidate: { candidate: `candidate:${index} 1 udp 2122260223 192.0.2.1 ${50_000 + index} typ host`, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'abcd' } }
  alice.send(JSON.stringify({ v: 1, type: 'signal', to: bobId, data }))
}, 25)
process.stdout.write(`${JSON.stringify({ ready: true })}\n`)

const finish = async () => {
  clearInterval(timer)
  const deadline = performance.now() + 10_000
  while (latencies.length < sentAt.length && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
  const sentAtEpoch = sentAt.map((at) => Math.round(performance.timeOrigin + at))
  process.stdout.write(`${JSON.stringify({ sent: sentAt.length, received: latencies.length, inOrder, latencies: latencies.map(Math.round), sentAt: sentAtEpoch })}\n`)
  process.exit(0)
}
process.on('SIGTERM', finish)
process.stdin.on('data', (chunk) => String(chunk).includes('stop') && finish())
