/**
 * The quality panel's figures as the person reads them: each number in the reader's locale, "not known yet"
 * where the browser has not said, and each end of the candidate pair named and explained. The words come from
 * the catalog of the current language, so the panel follows a change of language.
 */
import type { Locale } from '../../../shared/language'
import type { CandidateInfo, QualityFigures, VideoFigures } from '../call/call-stats'
import type { NetworkNotice } from '../call/network-health'
import { formatBitrate, formatCount, formatMilliseconds, formatPercent, formatResolution } from './format-quality'
import { qualityText } from './messages/quality'

export interface CandidateWords {
  /** The candidate type's name ("relay"), or the browser's own word for a type this app does not know. */
  readonly name: string
  /** What that means and how it goes ("through a relay server · UDP"); empty when nothing is known. */
  readonly details: string
}

export interface QualityFigureWords {
  readonly roundTrip: string
  readonly jitter: string
  readonly loss: string
  readonly sendBitrate: string
  readonly receiveBitrate: string
  readonly sentVideo: string
  readonly receivedVideo: string
  readonly codecs: string
  readonly local: CandidateWords
  readonly remote: CandidateWords
}

export function describeQualityFigures(figures: QualityFigures, locale: Locale): QualityFigureWords {
  const text = qualityText()
  const or = (value: number | null, format: (value: number) => string): string => (value === null ? text.unknown : format(value))
  const ms = (value: number | null) => or(value, (v) => formatMilliseconds(v, locale))
  const percent = (value: number | null) => or(value, (v) => formatPercent(v, locale))
  const bitrate = (value: number | null) => or(value, (v) => formatBitrate(v, locale))
  return {
    roundTrip: ms(figures.roundTripMs),
    jitter: ms(figures.jitterMs),
    loss: text.lossValue(percent(figures.lossInPercent), percent(figures.lossOutPercent)),
    sendBitrate: bitrate(figures.sendBitrate),
    receiveBitrate: bitrate(figures.receiveBitrate),
    sentVideo: videoWords(figures.sentVideo, locale),
    receivedVideo: videoWords(figures.receivedVideo, locale),
    codecs: [figures.videoCodec, figures.audioCodec].filter(Boolean).join(' · ') || text.unknown,
    local: candidateWords(figures.local, 'yours'),
    remote: candidateWords(figures.remote, 'theirs'),
  }
}

function videoWords(figures: VideoFigures | null, locale: Locale): string {
  const text = qualityText()
  if (!figures || figures.width === null || figures.height === null) return text.unknown
  const size = formatResolution(figures.width, figures.height, locale)
  return figures.framesPerSecond === null ? size : text.videoValue(size, formatCount(figures.framesPerSecond, locale))
}

type KnownType = keyof ReturnType<typeof qualityText>['candidateName']

function isKnown(type: string | null): type is KnownType {
  return type !== null && Object.hasOwn(qualityText().candidateName, type)
}

function candidateWords(candidate: CandidateInfo | null, end: 'yours' | 'theirs'): CandidateWords {
  const text = qualityText()
  const type = candidate?.type ?? null
  const details: string[] = []
  if (isKnown(type)) details.push((end === 'yours' ? text.candidateMeaning : text.theirCandidateMeaning)[type])
  if (candidate?.protocol) details.push(candidate.protocol.toUpperCase())
  if (candidate?.relayProtocol) details.push(text.relayVia(candidate.relayProtocol.toUpperCase()))
  return {
    name: type === null ? text.unknown : isKnown(type) ? text.candidateName[type] : type,
    details: details.join(' · '),
  }
}

/** The call screen's sentence about the network; `name` is who the call is with (null: a call by room code). */
export function describeNetworkNotice(notice: NetworkNotice, name: string | null): string {
  const words = qualityText().network
  switch (notice.side) {
    case 'self':
      return notice.cause === 'loss' ? words.selfLoss : words.selfBandwidth
    case 'peer':
      return name === null ? words.peerUnnamed : words.peer(name)
    case 'both':
      return name === null ? words.bothUnnamed : words.both(name)
  }
}
