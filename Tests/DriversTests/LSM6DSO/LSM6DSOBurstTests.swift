// SensorGate — Drivers tests: whole-segment SPI exchanges and allocation-free register bytes.

import Drivers
import HAL
import HALSim
import Testing

@Suite struct LSM6DSOBurstTests {
    /// A model in continuous FIFO mode at 833 Hz with the FIFO batching both sensors, set up byte by byte.
    private func fifoModel(_ clock: VirtualClock) -> LSM6DSOModel {
        let model = LSM6DSOModel(clock: clock)
        model.setPhysical(.accelMps2, [1.5, -2.25, 9.5])
        model.setPhysical(.gyroRadps, [0.125, -0.5, 0.75])
        // CTRL1_XL, CTRL2_G: 833 Hz; FIFO_CTRL3: both batched at 833 Hz; FIFO_CTRL4: continuous.
        for command: [UInt8] in [[0x10, 0x70, 0x70], [0x09, 0x77], [0x0A, 0x06]] {
            model.spiSelect()
            for byte in command { _ = model.spiExchange(byte) }
            model.spiDeselect()
        }
        return model
    }

    /// FIFO_STATUS1 and FIFO_STATUS2 (the stored words, the flags), read byte by byte.
    private func fifoStatus(_ model: LSM6DSOModel) -> [UInt8] {
        model.spiSelect()
        _ = model.spiExchange(0xBA)  // read from FIFO_STATUS1
        let status = [model.spiExchange(0x00), model.spiExchange(0x00)]
        model.spiDeselect()
        return status
    }

    @Test func aWholeSegmentReadsWhatByteByByteExchangesRead() {
        let clockA = VirtualClock()
        let clockB = VirtualClock()
        let burst = fifoModel(clockA)
        let single = fifoModel(clockB)
        clockA.advance(by: .milliseconds(400))  // 333 ticks, 666 words: the FIFO wraps past its 512
        clockB.advance(by: .milliseconds(400))
        // Whole words, words and a part of one (the next read starts mid-word), a few bytes, and more
        // words than are left (the FIFO empties and the rest reads as zeros).
        for length in [40 * 7, 40 * 7, 40 * 7 + 3, 4, 40 * 7, 500 * 7] {
            burst.spiSelect()
            var command = [UInt8](repeating: 0, count: 1)
            burst.spiExchange([0xF8], into: &command)  // read from FIFO_DATA_OUT_TAG
            var words = [UInt8](repeating: 0, count: length)
            burst.spiExchange([], into: &words)
            burst.spiDeselect()
            single.spiSelect()
            _ = single.spiExchange(0xF8)
            let expected = (0..<length).map { _ in single.spiExchange(0x00) }
            single.spiDeselect()
            #expect(words == expected, "\(length) bytes")
            #expect(words[0] != 0 && words.contains { $0 != 0 && $0 != words[0] })
            #expect(fifoStatus(burst) == fifoStatus(single), "\(length) bytes")
        }
        #expect(fifoStatus(burst)[0] == 0)
    }

    @Test func aSegmentCarryingTheCommandAndTheDataReadsTheRegisters() {
        let model = LSM6DSOModel(clock: VirtualClock())
        model.spiSelect()
        var answer = [UInt8](repeating: 0xAA, count: 4)
        model.spiExchange([0x8F, 0, 0, 0], into: &answer)  // WHO_AM_I, CTRL1_XL, CTRL2_G
        model.spiDeselect()
        #expect(answer == [0x00, 0x6C, 0x00, 0x00])
        model.spiSelect()
        var ignored = [UInt8](repeating: 0xAA, count: 3)
        model.spiExchange([0x10, 0x48, 0x44], into: &ignored)  // write CTRL1_XL, CTRL2_G in one segment
        model.spiDeselect()
        #expect(ignored == [0, 0, 0])
        model.spiSelect()
        var control = [UInt8](repeating: 0, count: 3)
        model.spiExchange([0x90], into: &control)  // a shorter write sends zeros after the command
        model.spiDeselect()
        #expect(control == [0x00, 0x48, 0x44])
    }

    @Test func outputBytesAreThoseOfThePackedBlock() {
        let lsm = LSM6DSORawSample(temperature: -1234, gyro: [1, -2, 30_000], accel: [-32_768, 32_767, 258])
        #expect((0..<14).map { lsm.byte(at: $0) } == lsm.pack())
        let mpu = MPU6050RawSample(accel: [-32_768, 32_767, 258], temperature: -1234, gyro: [1, -2, 30_000])
        #expect((0..<14).map { mpu.byte(at: $0) } == mpu.pack())
    }

    @Test func aFIFOFrameReadInPlaceIsTheFrameUnpacked() {
        // 0x80 0x00 is −32 768 and 0x7F 0xFF is 32 767 (big-endian, accelerometer first); a 13-byte
        // block is too short either way.
        let frame: [UInt8] = [0x80, 0x00, 0x7F, 0xFF, 0x01, 0x02, 0xFB, 0x2E, 0x00, 0x01, 0xFF, 0xFE, 0x75, 0x30]
        let expected = MPU6050RawSample(accel: [-32_768, 32_767, 258], temperature: -1234, gyro: [1, -2, 30_000])
        #expect(frame.withUnsafeBytes { MPU6050RawSample.unpack($0) } == expected)
        #expect(MPU6050RawSample.unpack(frame) == expected)
        #expect(frame.dropLast().withUnsafeBytes { MPU6050RawSample.unpack($0) } == nil)
    }
}
