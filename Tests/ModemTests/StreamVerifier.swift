// SensorGate — tests: feeds every AT stream in three chunkings and demands identical results.

import HAL
import HALSim
import Modem
import Testing

/// The bytes of `text`.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// How a stream is cut into reads.
enum Chunking: CustomStringConvertible {
    case byteByByte
    case random(seed: UInt64)
    case onePiece

    static let all: [Chunking] = [.byteByByte, .onePiece] + (1...6).map { .random(seed: $0) }

    var description: String {
        switch self {
        case .byteByByte: "byte by byte"
        case .random(let seed): "random chunks, seed \(seed)"
        case .onePiece: "one piece"
        }
    }

    /// Cuts `stream`; random chunks are 1–9 bytes.
    func split(_ stream: [UInt8], salt: UInt64) -> [ArraySlice<UInt8>] {
        switch self {
        case .onePiece: return [stream[...]]
        case .byteByByte: return stream.indices.map { stream[$0...$0] }
        case .random(let seed):
            var random = SplitMix64(seed: seed &* 1_000_003 &+ salt)
            var chunks: [ArraySlice<UInt8>] = []
            var start = 0
            while start < stream.count {
                let end = min(stream.count, start + Int.random(in: 1...9, using: &random))
                chunks.append(stream[start..<end])
                start = end
            }
            return chunks
        }
    }
}

/// One step of an engine test.
enum Step {
    /// Hand a command to the engine.
    case send(ATCommand)
    /// Bytes from the modem.
    case feed([UInt8])
    /// Let time pass, then poll.
    case advance(Duration)
}

/// Everything the engine produced, in order.
struct Transcript: Equatable {
    var events: [ATEngineEvent] = []
    var written: [UInt8] = []

    /// The completions, in order.
    var completions: [ATCommandID: ATReply] {
        var replies: [ATCommandID: ATReply] = [:]
        for case .completed(let id, let reply) in events { replies[id] = reply }
        return replies
    }

    /// The events that are not completions.
    var others: [ATEngineEvent] {
        events.filter { if case .completed = $0 { false } else { true } }
    }

    /// The written bytes as text.
    var writtenText: String { String(decoding: written, as: UTF8.self) }
}

/// Runs `steps` once.
func run(_ steps: [Step], configuration: ATEngineConfiguration, chunking: Chunking) -> Transcript {
    var engine = ATEngine(configuration: configuration)
    var transcript = Transcript()
    var now = MonotonicInstant.zero
    for (index, step) in steps.enumerated() {
        switch step {
        case .send(let command): engine.send(command, now: now)
        case .feed(let stream):
            for chunk in chunking.split(stream, salt: UInt64(index)) {
                engine.receive(chunk, now: now)
                transcript.written += engine.bytesToWrite()
            }
        case .advance(let duration):
            now = now + duration
            engine.poll(now: now)
        }
        transcript.written += engine.bytesToWrite()
        transcript.events += engine.takeEvents()
    }
    return transcript
}

/// Runs `steps` byte by byte, in seeded random chunks and in one piece; expects identical transcripts.
/// - Returns: the one-piece transcript.
func verify(
    _ steps: [Step], configuration: ATEngineConfiguration = ATEngineConfiguration(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> Transcript {
    let reference = run(steps, configuration: configuration, chunking: .onePiece)
    for chunking in Chunking.all {
        let transcript = run(steps, configuration: configuration, chunking: chunking)
        #expect(transcript == reference, "\(chunking) differs from one piece", sourceLocation: sourceLocation)
    }
    return reference
}

/// Decodes `stream` in every chunking, expecting identical events; returns them.
func verifyDecoder(
    _ stream: [UInt8], decoder: ATDecoder = ATDecoder(), sourceLocation: SourceLocation = #_sourceLocation
) -> [ATEvent] {
    var results: [[ATEvent]] = []
    for chunking in Chunking.all {
        var copy = decoder
        results.append(chunking.split(stream, salt: 0).flatMap { copy.feed($0) })
    }
    for (chunking, events) in zip(Chunking.all, results) {
        #expect(events == results[1], "\(chunking) differs from one piece", sourceLocation: sourceLocation)
    }
    return results[1]
}
