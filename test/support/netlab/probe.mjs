// Small network programs the lab runs inside namespaces (plain JS: Node 20 runs no TypeScript). Each prints
// JSON lines on stdout, `{"ready":true}` once listening, and exits by itself within its deadline.
//
//   udp-echo PORT                       answers each datagram with "address:port" of its sender
//   udp-ask TIMEOUT_MS HOST:PORT...     one socket asks each target; prints {"localPort","replies":{target: "a:p"|null}}
//   udp-count PORT IDLE_MS              counts datagrams; exits IDLE_MS after the last one: {"received":n}
//   udp-send HOST:PORT COUNT            sends COUNT datagrams, paced: {"sent":n}
//   tcp-sink PORT                       per connection: {"bytes":n,"ms":t} from first to last byte
//   tcp-connect HOST:PORT TIMEOUT_MS    {"connected":true} or {"connected":false,"error":code}
//   tcp-send HOST:PORT BYTES            sends BYTES and closes: {"sent":n}
import { createSocket } from 'node:dgram'
import { connect, createServer } from 'node:net'

const LIFETIME_MS = 60_000
const [mode, ...args] = process.argv.slice(2)
const print = (value) => console.log(JSON.stringify(value))
// No probe outlives a forgotten test; unref so it never keeps a finished one alive.
setTimeout(() => process.exit(3), LIFETIME_MS).unref()

function target(text) {
  const [host, port] = text.split(':')
  return { host, port: Number(port) }
}

const modes = {
  'udp-echo'([port]) {
    const socket = createSocket('udp4')
    socket.on('message', (_, from) => socket.send(`${from.address}:${from.port}`, from.port, from.address))
    socket.bind(Number(port), () => print({ ready: true }))
  },

  'udp-ask'([timeoutMs, ...targets]) {
    const socket = createSocket('udp4')
    const replies = Object.fromEntries(targets.map((t) => [t, null]))
    let again
    let deadline
    const finish = () => {
      clearInterval(again)
      clearTimeout(deadline)
      print({ localPort: socket.address().port, replies })
      socket.close()
    }
    socket.on('message', (message, from) => {
      replies[`${from.address}:${from.port}`] = message.toString()
      if (Object.values(replies).every((reply) => reply !== null)) finish()
    })
    socket.bind(0, () => {
      // UDP may be lost on an impaired link: ask again every 200 ms until every target answered or time is up.
      const ask = () => targets.forEach((t) => replies[t] === null && socket.send('ask', target(t).port, target(t).host))
      ask()
      again = setInterval(ask, 200)
      deadline = setTimeout(finish, Number(timeoutMs))
    })
  },

  'udp-count'([port, idleMs]) {
    const socket = createSocket('udp4')
    let received = 0
    let idle
    socket.on('message', () => {
      received += 1
      clearTimeout(idle)
      idle = setTimeout(() => {
        print({ received })
        process.exit(0)
      }, Number(idleMs))
    })
    socket.bind(Number(port), () => {
      // A busy machine may not run this process for a while: the kernel must hold what arrives meanwhile.
      socket.setRecvBufferSize(4 * 1024 * 1024)
      print({ ready: true })
    })
  },

  async 'udp-send'([to, count]) {
    const { host, port } = target(to)
    const socket = createSocket('udp4')
    const payload = Buffer.alloc(200, 0x61)
    let sent = 0
    // Bursts of 20 every 2 ms: fast enough to be quick, slow enough that no socket buffer overflows and
    // every lost packet is the lab's doing.
    while (sent < Number(count)) {
      for (let i = 0; i < 20 && sent < Number(count); i++, sent++) socket.send(payload, port, host)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    socket.close(() => print({ sent }))
  },

  'tcp-sink'([port]) {
    const server = createServer((socket) => {
      let bytes = 0
      let first = 0
      let last = 0
      socket.on('data', (chunk) => {
        last = performance.now()
        if (bytes === 0) first = last
        bytes += chunk.length
      })
      socket.on('end', () => {
        print({ bytes, ms: Math.round(last - first) })
        socket.end()
      })
      socket.on('error', () => {})
    })
    server.listen(Number(port), () => print({ ready: true }))
  },

  'tcp-connect'([to, timeoutMs]) {
    const { host, port } = target(to)
    const socket = connect({ host, port, timeout: Number(timeoutMs) })
    socket.once('connect', () => {
      print({ connected: true })
      socket.destroy()
    })
    socket.once('timeout', () => {
      print({ connected: false, error: 'TIMEOUT' })
      socket.destroy()
    })
    socket.once('error', (error) => print({ connected: false, error: error.code }))
  },

  'tcp-send'([to, bytes]) {
    const { host, port } = target(to)
    const total = Number(bytes)
    const chunk = Buffer.alloc(16 * 1024, 0x62)
    const socket = connect({ host, port }, () => {
      let sent = 0
      const pump = () => {
        while (sent < total) {
          const piece = chunk.subarray(0, Math.min(chunk.length, total - sent))
          sent += piece.length
          if (!socket.write(piece)) return socket.once('drain', pump)
        }
        socket.end(() => print({ sent }))
      }
      pump()
    })
    socket.on('error', (error) => {
      print({ error: error.code })
      process.exit(1)
    })
  },
}

if (!(mode in modes)) {
  console.error(`unknown mode ${mode}; see the top of probe.mjs`)
  process.exit(2)
}
modes[mode](args)
