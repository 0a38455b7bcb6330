// SensorGate — sensorgate bench codec: the side-by-side table and its JSON.

import Foundation

/// The peers' byte counts that Scripts/bench_codec_peers.py computed on the exported codes.
struct PeerResults {
    /// series → batch label → peer → bytes, the time column included where the series has one.
    let bytes: [String: [String: [String: Int]]]
    /// series → batch label → peer → bytes of the channel codes alone.
    let codesOnlyBytes: [String: [String: [String: Int]]]
    let versions: [String: String]

    static func load(_ path: String) throws -> PeerResults {
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let series = object["series"] as? [String: [String: [String: Any]]]
        else { throw Failure("\(path): not a peers file from Scripts/bench_codec_peers.py") }
        var bytes: [String: [String: [String: Int]]] = [:]
        var codesOnly: [String: [String: [String: Int]]] = [:]
        for (id, cells) in series {
            for (label, cell) in cells {
                let all = cell["bytes"] as? [String: Int] ?? [:]
                bytes[id, default: [:]][label] = all
                codesOnly[id, default: [:]][label] = cell["bytes_codes_only"] as? [String: Int] ?? all
            }
        }
        return PeerResults(
            bytes: bytes, codesOnlyBytes: codesOnly, versions: object["versions"] as? [String: String] ?? [:])
    }
}

/// Renders the benchmark as a table or JSON.
struct BenchReport {
    let cells: [BenchCell]
    let peers: PeerResults?
    let keyInterval: Int

    static let peerOrder = [
        "flac", "pcodec", "zstd-3", "zstd-19", "zstd-3-dict", "zstd-19-dict", "lz4", "deflate", "raw-int16",
        "raw-int32",
    ]

    /// The throughput the codec is held to on one core, in samples per second of the thread's CPU time
    /// (docs/batch-format.md §10): encoding and decoding, in every cell.
    static let encodeTarget = 10e6
    static let decodeTarget = 30e6

    private func perSample(_ bytes: Int, _ cell: BenchCell) -> Double { Double(bytes) / Double(cell.samples) }

    private func encodeRate(_ cell: BenchCell) -> Double { Double(cell.samples) / cell.encodeCPUSeconds }
    private func decodeRate(_ cell: BenchCell) -> Double { Double(cell.samples) / cell.decodeCPUSeconds }

    /// The cells with the lowest encoding and decoding throughput (thread CPU time).
    private var slowest: (encode: BenchCell, decode: BenchCell)? {
        guard let encode = cells.min(by: { encodeRate($0) < encodeRate($1) }),
            let decode = cells.min(by: { decodeRate($0) < decodeRate($1) })
        else { return nil }
        return (encode, decode)
    }

    /// Whether the slowest cells reach ``encodeTarget`` and ``decodeTarget``.
    private func targetsMet(_ slowest: (encode: BenchCell, decode: BenchCell)) -> Bool {
        encodeRate(slowest.encode) >= Self.encodeTarget && decodeRate(slowest.decode) >= Self.decodeTarget
    }

    private func best(_ cell: BenchCell, codesOnly: Bool = false) -> (name: String, bytes: Int)? {
        let table = codesOnly ? peers?.codesOnlyBytes : peers?.bytes
        guard let row = table?[cell.series]?[cell.label], let best = row.min(by: { $0.value < $1.value }) else {
            return nil
        }
        return (best.key, best.value)
    }

    private var totals: (samples: Int, encode: Double, decode: Double) {
        cells.reduce((0, 0, 0)) { ($0.0 + $1.samples, $0.1 + $1.encodeSeconds, $0.2 + $1.decodeSeconds) }
    }

    private var cpuTotals: (encode: Double, decode: Double) {
        cells.reduce((0, 0)) { ($0.0 + $1.encodeCPUSeconds, $0.1 + $1.decodeCPUSeconds) }
    }

    /// The ratios ours / best peer: everything (times included), and the channel codes alone on both sides.
    private var ratios: [(all: Double, codes: Double)] {
        cells.compactMap { cell in
            guard let all = best(cell), let codes = best(cell, codesOnly: true) else { return nil }
            return (Double(cell.bytes) / Double(all.bytes), Double(cell.codesOnlyBytes) / Double(codes.bytes))
        }
    }

    func text() -> String {
        var lines: [String] = []
        let present = Self.peerOrder.filter { name in
            cells.contains { peers?.bytes[$0.series]?[$0.label]?[name] != nil }
        }
        var head =
            pad("series", 24) + pad("batch", 6) + lpad("n", 5) + lpad("ours", 8) + lpad("keyonly", 8)
            + lpad("no-time", 8) + "  " + pad("best peer", 13) + lpad("best", 7) + lpad("ratio", 7)
            + lpad("enc M/s", 8) + lpad("dec M/s", 8) + lpad("reps", 6)
        for name in present { head += lpad(name, max(8, name.count + 1)) }
        lines.append(head)
        for cell in cells {
            var line = pad(cell.series, 24) + pad(cell.label, 6) + lpad("\(cell.batches)", 5)
            line += lpad(f3(perSample(cell.bytes, cell)), 8) + lpad(f3(perSample(cell.keyOnlyBytes, cell)), 8)
            line += lpad(f3(perSample(cell.codesOnlyBytes, cell)), 8)
            if let best = best(cell) {
                line += "  " + pad(best.name, 13) + lpad(f3(perSample(best.bytes, cell)), 7)
                line += lpad(f3(Double(cell.bytes) / Double(best.bytes)), 7)
            } else {
                line += "  " + pad("-", 13) + lpad("-", 7) + lpad("-", 7)
            }
            line += lpad(f1(encodeRate(cell) / 1e6), 8) + lpad(f1(decodeRate(cell) / 1e6), 8)
            line += lpad("\(cell.repeats)", 6)
            for name in present {
                let value = peers?.bytes[cell.series]?[cell.label]?[name].map { f3(perSample($0, cell)) } ?? "-"
                line += lpad(value, max(8, name.count + 1))
            }
            lines.append(line)
        }
        lines.append("")
        lines.append(
            "bytes per sample = all .bin bytes / scalar values; ours: a key batch every \(keyInterval) batches, "
                + "delta batches between; keyonly: every batch a key batch; no-time: ours without explicit timestamps; "
                + "the peers code the same integer codes and, where the series has explicit timestamps, its t_us "
                + "column as one more column")
        let ratios = ratios
        if !ratios.isEmpty {
            let mean = ratios.map(\.all).reduce(0, +) / Double(ratios.count)
            let meanCodes = ratios.map(\.codes).reduce(0, +) / Double(ratios.count)
            let below = ratios.filter { $0.all < 1 }.count
            lines.append(
                "ours / best peer: mean \(f3(mean)) (\(f1((1 - mean) * 100)) % below), \(below) of \(ratios.count) cells below; "
                    + "without timestamps (on both sides): mean \(f3(meanCodes))")
        }
        let (samples, encode, decode) = totals
        let (encodeCPU, decodeCPU) = cpuTotals
        lines.append(
            "throughput (one core, wall clock): encode \(f1(Double(samples) / encode / 1e6)) M samples/s, "
                + "decode \(f1(Double(samples) / decode / 1e6)) M samples/s; by the thread's CPU time: encode "
                + "\(f1(Double(samples) / encodeCPU / 1e6)) M samples/s, decode \(f1(Double(samples) / decodeCPU / 1e6)) "
                + "M samples/s; every batch decoded bit-exact (checked outside the timed loops)")
        if let slowest, case let (encode, decode) = slowest {
            lines.append(
                "slowest cells (thread CPU time, the best of each cell's repeats): encode "
                    + "\(f1(encodeRate(encode) / 1e6)) M samples/s (\(encode.series) \(encode.label)), decode "
                    + "\(f1(decodeRate(decode) / 1e6)) M samples/s (\(decode.series) \(decode.label)); targets "
                    + "≥ \(f1(Self.encodeTarget / 1e6)) and ≥ \(f1(Self.decodeTarget / 1e6)) in every cell: "
                    + (targetsMet(slowest) ? "met" : "not met"))
        }
        return lines.joined(separator: "\n")
    }

    func json() throws -> String {
        var rows: [[String: Any]] = []
        for cell in cells {
            var row: [String: Any] = [
                "series": cell.series, "batch": cell.label, "batches": cell.batches, "samples": cell.samples,
                "ours_bytes": cell.bytes, "ours_bytes_per_sample": perSample(cell.bytes, cell),
                "ours_key_only_bytes_per_sample": perSample(cell.keyOnlyBytes, cell),
                "ours_without_timestamps_bytes_per_sample": perSample(cell.codesOnlyBytes, cell),
                "encode_samples_per_second": Double(cell.samples) / cell.encodeSeconds,
                "decode_samples_per_second": Double(cell.samples) / cell.decodeSeconds,
                "encode_samples_per_cpu_second": encodeRate(cell),
                "decode_samples_per_cpu_second": decodeRate(cell),
                "repeats": cell.repeats,
                "bit_exact": true,
            ]
            if let peerRow = peers?.bytes[cell.series]?[cell.label] {
                row["peers_bytes_per_sample"] = peerRow.mapValues { perSample($0, cell) }
            }
            if let peerRow = peers?.codesOnlyBytes[cell.series]?[cell.label] {
                row["peers_without_timestamps_bytes_per_sample"] = peerRow.mapValues { perSample($0, cell) }
            }
            if let best = best(cell) {
                row["best_peer"] = best.name
                row["best_peer_bytes_per_sample"] = perSample(best.bytes, cell)
                row["ratio_ours_to_best_peer"] = Double(cell.bytes) / Double(best.bytes)
            }
            rows.append(row)
        }
        let (samples, encode, decode) = totals
        var object: [String: Any] = [
            "key_interval": keyInterval, "cells": rows,
            "encode_samples_per_second": Double(samples) / encode,
            "decode_samples_per_second": Double(samples) / decode,
            "encode_samples_per_cpu_second": Double(samples) / cpuTotals.encode,
            "decode_samples_per_cpu_second": Double(samples) / cpuTotals.decode,
        ]
        if !ratios.isEmpty {
            object["mean_ratio_ours_to_best_peer"] = ratios.map(\.all).reduce(0, +) / Double(ratios.count)
            object["mean_ratio_without_timestamps"] = ratios.map(\.codes).reduce(0, +) / Double(ratios.count)
        }
        if let slowest, case let (encode, decode) = slowest {
            object["slowest_encode"] = [
                "series": encode.series, "batch": encode.label, "samples_per_cpu_second": encodeRate(encode),
            ]
            object["slowest_decode"] = [
                "series": decode.series, "batch": decode.label, "samples_per_cpu_second": decodeRate(decode),
            ]
            object["throughput_targets_met"] = targetsMet(slowest)
        }
        if let peers { object["peer_versions"] = peers.versions }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    private func f3(_ value: Double) -> String { String(format: "%.3f", value) }
    private func f1(_ value: Double) -> String { String(format: "%.1f", value) }
    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
    private func lpad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}
