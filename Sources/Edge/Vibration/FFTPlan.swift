// SensorGate — Edge: kissfft plans and buffers of one size, allocated once.

import CKissFFT

/// A forward real FFT and an inverse complex FFT of size `count`, with their buffers. Everything is
/// allocated in `init` (kissfft's configuration goes into memory we own), so transforms never allocate.
/// kissfft computes in single precision (Debian builds it with `kiss_fft_scalar = float`).
final class FFTPlan {
    /// The transform size (even).
    let count: Int
    /// Input of the real forward transform: `count` samples.
    let realInput: UnsafeMutablePointer<Float>
    /// Output of the real forward transform: bins 0…count/2, unscaled (X_k = Σ x_n e^{−2πikn/N}).
    let spectrum: UnsafeMutablePointer<kiss_fft_cpx>
    /// Input of the inverse complex transform: `count` bins.
    let complexInput: UnsafeMutablePointer<kiss_fft_cpx>
    /// Output of the inverse complex transform, unscaled (x_n = Σ X_k e^{+2πikn/N}, no 1/N).
    let complexOutput: UnsafeMutablePointer<kiss_fft_cpx>

    private let realMemory: UnsafeMutableRawPointer
    private let inverseMemory: UnsafeMutableRawPointer
    private let realConfig: kiss_fftr_cfg
    private let inverseConfig: kiss_fft_cfg

    /// Plans transforms of `count` points; nil when `count` is odd, below 4, or kissfft refuses it.
    init?(count: Int) {
        guard count >= 4, count % 2 == 0, count <= Int(Int32.max) else { return nil }
        var realBytes = 0
        var inverseBytes = 0
        _ = kiss_fftr_alloc(Int32(count), 0, nil, &realBytes)
        _ = kiss_fft_alloc(Int32(count), 1, nil, &inverseBytes)
        guard realBytes > 0, inverseBytes > 0 else { return nil }
        let realMemory = UnsafeMutableRawPointer.allocate(byteCount: realBytes, alignment: 16)
        let inverseMemory = UnsafeMutableRawPointer.allocate(byteCount: inverseBytes, alignment: 16)
        guard let realConfig = kiss_fftr_alloc(Int32(count), 0, realMemory, &realBytes),
            let inverseConfig = kiss_fft_alloc(Int32(count), 1, inverseMemory, &inverseBytes)
        else {
            realMemory.deallocate()
            inverseMemory.deallocate()
            return nil
        }
        self.count = count
        self.realMemory = realMemory
        self.inverseMemory = inverseMemory
        self.realConfig = realConfig
        self.inverseConfig = inverseConfig
        realInput = .allocate(capacity: count)
        realInput.initialize(repeating: 0, count: count)
        spectrum = .allocate(capacity: count / 2 + 1)
        spectrum.initialize(repeating: kiss_fft_cpx(r: 0, i: 0), count: count / 2 + 1)
        complexInput = .allocate(capacity: count)
        complexInput.initialize(repeating: kiss_fft_cpx(r: 0, i: 0), count: count)
        complexOutput = .allocate(capacity: count)
        complexOutput.initialize(repeating: kiss_fft_cpx(r: 0, i: 0), count: count)
    }

    deinit {
        realInput.deallocate()
        spectrum.deallocate()
        complexInput.deallocate()
        complexOutput.deallocate()
        realMemory.deallocate()
        inverseMemory.deallocate()
    }

    /// `spectrum` ← FFT(`realInput`).
    func forwardReal() { kiss_fftr(realConfig, realInput, spectrum) }

    /// `complexOutput` ← unscaled inverse FFT(`complexInput`).
    func inverseComplex() { kiss_fft(inverseConfig, complexInput, complexOutput) }
}
