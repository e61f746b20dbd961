/**
 * The renderer's Content-Security-Policy, defined once. The renderer build writes it into index.html as a
 * `<meta http-equiv>` (which is what protects web mode), and the Electron main process also sends it as a
 * header on every HTML response of `app://` (a header applies before any byte of the document is parsed).
 *
 * `media-src blob: mediastream:` lets `<video>` play local and remote `MediaStream`s; `connect-src 'self'`
 * covers web mode's WebSocket to the server that served the page (in the app, the signaling socket lives in the
 * main process, not the page).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/**
 * Only for `electron-vite dev`: Vite injects `<style>` elements and opens its own hot-reload socket. Never
 * used in a build.
 */
export const DEV_SERVER_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
  "connect-src 'self'",
  "connect-src 'self' ws://localhost:* ws://127.0.0.1:*",
)
