// SensorGate — Edge tests: vibration features against numpy/scipy on the CWRU recording, and on sinusoids.

import Edge
import Foundation
import SensorMath
import Testing

/// The CWRU drive-end channel in m/s², split as manifest.json says (ball fault | inner-race fault).
enum CWRU {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../../shared/data/series/vib_cwru_12khz.csv"
    ).standardized.path
    static let trainRows = 122_571
    static let lsbG = 0.00016243512974
    static let shaftHz = 1797.0 / 60

    /// Both splits, read once.
    static let splits: [String: [Double]] = {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var values: [Double] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst() {
            guard let comma = line.firstIndex(of: ","), let code = Double(line[..<comma]) else { continue }
            values.append(code * lsbG * 9.80665)
        }
        guard values.count > trainRows else { return [:] }
        return ["ballFault": Array(values[..<trainRows]), "innerRace": Array(values[trainRows...])]
    }()

    /// The settings the reference was computed with (Scripts/reference_vibration.py).
    static var settings: VibrationSettings {
        var s = VibrationSettings(sampleRateHz: 12_000)
        s.bandsHz = [
            FrequencyBand(lowHz: 10, highHz: 1000), FrequencyBand(lowHz: 1000, highHz: 3000),
            FrequencyBand(lowHz: 3000, highHz: 6000),
        ]
        s.bearing = .skf6205
        s.shaftHz = shaftHz
        return s
    }

    /// Every window of a split, streamed sample by sample through one analyzer.
    static func windows(_ split: String) throws -> [(VibrationFeatures, [Double])] {
        let samples = try #require(splits[split], "\(path) is missing (../shared/data beside the repository)")
        let analyzer = try VibrationAnalyzer(settings: settings)
        var out: [(VibrationFeatures, [Double])] = []
        for x in samples where analyzer.push(x) {
            out.append((analyzer.features, analyzer.amplitudeSpectrumMps2))
        }
        return out
    }
}

func values(_ d: BearingDefectValues) -> [Double] { [d.outerRace, d.innerRace, d.ball, d.cage] }

/// |a − b| ≤ tolerance · |b|.
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-6) -> Bool { abs(a - b) <= tolerance * abs(b) }

@Suite struct VibrationTests {
    @Test(arguments: ["ballFault", "innerRace"])
    func featuresMatchNumpyAndScipyOnTheCWRURecording(split: String) throws {
        let windows = try CWRU.windows(split)
        let settings = CWRU.settings
        for reference in vibrationReference where reference.split == split {
            let (f, amplitude) = windows[reference.window]
            let label = "\(split) window \(reference.window)"
            #expect(f.endSample == reference.window * settings.hopLength + settings.windowLength, "\(label)")
            #expect(close(f.rmsMps2, reference.rms), "\(label) rms")
            #expect(close(f.peakMps2, reference.peak), "\(label) peak")
            #expect(close(f.crestFactor, reference.crest), "\(label) crest")
            #expect(close(f.kurtosis, reference.kurtosis), "\(label) kurtosis")
            #expect(close(f.velocityRmsMmps, reference.velocity), "\(label) velocity")
            for (ours, theirs) in zip(f.bandMeanSquare, reference.bands) {
                #expect(close(ours, theirs), "\(label) band \(ours) vs \(theirs)")
            }
            // A defect band holding a negligible share of the window's energy is compared to 1e-6 of the
            // window's mean square (the single-precision FFT's error is relative to the signal's norm).
            let floor = reference.rms * reference.rms * 1e-6
            for (ours, theirs) in zip(values(f.defectMeanSquare), reference.defects) {
                #expect(abs(ours - theirs) <= max(1e-6 * theirs, floor), "\(label) defect \(ours) vs \(theirs)")
            }
            for (ours, theirs) in zip(values(f.envelopeDefectMeanSquare), reference.envelopeDefects) {
                #expect(close(ours, theirs), "\(label) envelope defect \(ours) vs \(theirs)")
            }
            #expect(close(f.envelopeMeanSquare, reference.envelopeMS), "\(label) envelope")
            #expect(close(amplitude.reduce(0, +), reference.amplitudeSum), "\(label) spectrum sum")
            for (bin, theirs) in zip(reference.topBins, reference.topAmplitudes) {
                #expect(close(amplitude[bin], theirs), "\(label) bin \(bin)")
            }
        }
    }

    @Test func theInnerRaceFaultStandsOutInItsEnvelopeBand() throws {
        // The inner-race recording: in every window the BPFI band (3 harmonics, ±3 %) carries more than 30 %
        // of the envelope's energy, and four times more than any other defect band. The ball-fault recording
        // on the same rig, bearing and speed: under 15 % in every window.
        for (f, _) in try CWRU.windows("innerRace") {
            let e = f.envelopeDefectMeanSquare
            #expect(e.innerRace / f.envelopeMeanSquare > 0.3, "window ending \(f.endSample)")
            #expect(e.innerRace > 4 * max(e.outerRace, e.ball, e.cage), "window ending \(f.endSample)")
        }
        for (f, _) in try CWRU.windows("ballFault") {
            #expect(f.envelopeDefectMeanSquare.innerRace / f.envelopeMeanSquare < 0.15, "window ending \(f.endSample)")
        }
    }

    @Test func aSinusoidOnABinGivesItsAmplitudeRmsCrestKurtosisAndVelocity() throws {
        var settings = VibrationSettings(sampleRateHz: 1024)
        settings.windowLength = 1024
        let analyzer = try VibrationAnalyzer(settings: settings)
        let amplitude = 3.0
        let hz = 100.0
        let window = (0..<1024).map { amplitude * sin(2 * Double.pi * hz * Double($0) / 1024) + 0.7 }
        #expect(analyzer.analyze(window))
        let f = analyzer.features
        #expect(abs(f.rmsMps2 - amplitude / 2.squareRoot()) < 1e-9)
        #expect(abs(f.crestFactor - 2.squareRoot()) < 1e-6)
        #expect(abs(f.kurtosis - 1.5) < 1e-9)
        #expect(abs(analyzer.amplitudeSpectrumMps2[100] - amplitude) < 1e-5)
        let velocityMmps = amplitude / (2 * Double.pi * hz) / 2.squareRoot() * 1000
        // Hann spreads the line over bins 99…101, each divided by its own ω: a bias of ~(Δf/f)²/6.
        #expect(abs(f.velocityRmsMmps - velocityMmps) < 1e-4 * velocityMmps)
    }

    @Test func bandEnergyIsTheMeanSquareEvenBetweenBins() throws {
        var settings = VibrationSettings(sampleRateHz: 1000)
        settings.windowLength = 1000
        settings.bandsHz = [FrequencyBand(lowHz: 240, highHz: 260), FrequencyBand(lowHz: 300, highHz: 400)]
        let analyzer = try VibrationAnalyzer(settings: settings)
        // 250.5 Hz falls between two bins; Hann spreads it over a few, and the band sums them all back.
        let window = (0..<1000).map { 2 * cos(2 * Double.pi * 250.5 * Double($0) / 1000) }
        analyzer.analyze(window)
        #expect(abs(analyzer.features.bandMeanSquare[0] - 2) < 2e-3)
        #expect(analyzer.features.bandMeanSquare[1] < 1e-6)
    }

    @Test func windowsFollowLengthAndOverlap() throws {
        var settings = VibrationSettings(sampleRateHz: 1000)
        settings.windowLength = 16
        settings.overlap = 0.75
        let analyzer = try VibrationAnalyzer(settings: settings)
        var ends: [Int] = []
        for i in 0..<40 where analyzer.push(Double(i % 5)) { ends.append(analyzer.features.endSample) }
        #expect(ends == [16, 20, 24, 28, 32, 36, 40])
        // The streamed window equals the same samples analysed directly.
        let streamed = analyzer.features
        analyzer.analyze((24..<40).map { Double($0 % 5) })
        #expect(analyzer.features.rmsMps2 == streamed.rmsMps2)
        #expect(analyzer.features.kurtosis == streamed.kurtosis)
    }

    @Test func defectFrequenciesOfTheCWRUBearingAreThePublishedOnes() {
        // CWRU publishes, as multiples of the shaft speed: BPFI 5.4152, BPFO 3.5848, FTF 0.39828, and "BSF"
        // 4.7135, which is D/d·(1 − (d/D)²), the ball defect's frequency (twice the spin frequency).
        let f = BearingGeometry.skf6205.defectFrequencies(shaftHz: 1)
        #expect(abs(f.innerRace - 5.4152) < 2e-3)
        #expect(abs(f.outerRace - 3.5848) < 2e-3)
        #expect(abs(f.cage - 0.39828) < 2e-4)
        #expect(abs(f.ball - 4.7135) < 2e-3)
    }

    @Test func settingsOutOfRangeNameTheSetting() {
        var odd = VibrationSettings(sampleRateHz: 1000)
        odd.windowLength = 1001
        #expect(throws: EdgeSettingsError.self) { try VibrationAnalyzer(settings: odd) }
        do {
            _ = try VibrationAnalyzer(settings: odd)
        } catch {
            #expect(error.setting == "window-length")
        }
        var band = VibrationSettings(sampleRateHz: 1000)
        band.bandsHz = [FrequencyBand(lowHz: 100, highHz: 900)]
        do {
            _ = try VibrationAnalyzer(settings: band)
            Issue.record("a band above the Nyquist frequency was accepted")
        } catch {
            #expect(error.setting == "bands-hz")
        }
    }
}
