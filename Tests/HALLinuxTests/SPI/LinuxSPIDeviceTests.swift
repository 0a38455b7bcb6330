// SensorGate — HALLinux tests: the spidev backend, syscall by syscall.

import Glibc
import HAL
import Testing

@testable import HALLinux

@Suite struct LinuxSPIDeviceTests {
    @Test func openAppliesModeBitsAndSpeedInThatOrder() throws {
        let script = SyscallScript()
        let driver = script.driver
        try driver.run { () throws(HALError) in
            _ = try LinuxSPIDevice(
                path: "/dev/spidev0.1", configuration: SPIConfiguration(mode: .mode3, speedHz: 5_000_000))
        }
        // SPI_CPHA | SPI_CPOL = 0x03 (linux/spi/spi.h); 8 bits per word; 5 MHz.
        #expect(
            driver.trace.map { [$0.name] + $0.arguments.map(String.init) } == [
                ["open", String(O_RDWR | O_CLOEXEC)],
                ["ioctl(SPI_IOC_WR_MODE32)", "\(fakeFD)", "3"],
                ["ioctl(SPI_IOC_WR_BITS_PER_WORD)", "\(fakeFD)", "8"],
                ["ioctl(SPI_IOC_WR_MAX_SPEED_HZ)", "\(fakeFD)", "5000000"],
                ["close", "\(fakeFD)"],
            ])
    }

    @Test func lsbFirstAndChipSelectHighSetTheirModeBits() throws {
        let script = SyscallScript()
        let driver = script.driver
        try driver.run { () throws(HALError) in
            _ = try LinuxSPIDevice(
                path: "/dev/spidev0.0", configuration: SPIConfiguration(lsbFirst: true, chipSelectActiveHigh: true))
        }
        // SPI_CS_HIGH = 0x04, SPI_LSB_FIRST = 0x08.
        #expect(driver.trace[1].arguments == [fakeFD, 0x0C])
    }

    @Test func registerReadIsOneMessageWithChipSelectHeld() throws {
        let script = SyscallScript()
        script.on("ioctl(SPI_IOC_MESSAGE)", .returns(2, readData: [0x58]))
        let driver = script.driver
        let id = try driver.run { () throws(HALError) -> [UInt8] in
            try LinuxSPIDevice(path: "/dev/spidev0.0").writeThenRead([0xD0], count: 1)
        }
        #expect(id == [0x58])
        let message = try #require(driver.trace.first { $0.name == "ioctl(SPI_IOC_MESSAGE)" })
        // fd, 2 segments, then (len, speed, delay, cs_change) per segment: CS is never released.
        #expect(message.arguments == [fakeFD, 2, 1, 0, 0, 0, 1, 0, 0, 0])
        // The second segment clocks out zeros while reading.
        #expect(message.written == [0xD0, 0x00])
    }

    @Test func chipSelectReleaseIsHonouredBetweenSegmentsButNotAfterTheLast() throws {
        let script = SyscallScript()
        let driver = script.driver
        try driver.run { () throws(HALError) in
            let device = try LinuxSPIDevice(path: "/dev/spidev0.0")
            var segments = [
                SPITransfer(write: [0x1E], releaseChipSelect: true),
                SPITransfer(write: [0x48], releaseChipSelect: true),
            ]
            try device.transaction(&segments)
        }
        let message = try #require(driver.trace.first { $0.name == "ioctl(SPI_IOC_MESSAGE)" })
        #expect(message.arguments == [fakeFD, 2, 1, 0, 0, 1, 1, 0, 0, 0])
    }

    @Test func aRepeatedReadIsOneMessageReleasingChipSelectBetweenReads() throws {
        // An ADXL345 FIFO drain of three entries: DATAX0 0x32 with R and MB (0xF2), six bytes, three times.
        let script = SyscallScript()
        let entries: [UInt8] = Array(0..<18)
        script.on("ioctl(SPI_IOC_MESSAGE)", .returns(6, readData: entries))
        let driver = script.driver
        let received = try driver.run { () throws(HALError) -> [UInt8] in
            try LinuxSPIDevice(path: "/dev/spidev0.0").writeThenReadRepeatedly([0xF2], count: 6, repeats: 3)
        }
        #expect(received == entries)
        let messages = driver.trace.filter { $0.name == "ioctl(SPI_IOC_MESSAGE)" }
        #expect(messages.count == 1)
        // fd, 6 segments, then (len, speed, delay, cs_change) per segment: the command byte, then six bytes
        // read with chip select released after them, but after the last (the message's end releases it).
        #expect(
            messages.first?.arguments == [
                fakeFD, 6, 1, 0, 0, 0, 6, 0, 0, 1, 1, 0, 0, 0, 6, 0, 0, 1, 1, 0, 0, 0, 6, 0, 0, 0,
            ])
        // Only the command segments send bytes of their own (the reads clock out zeros).
        #expect(messages.first?.written == [0xF2, 0xF2, 0xF2])
    }

    @Test func fullDuplexFillsTheReadBuffer() throws {
        let script = SyscallScript()
        script.on("ioctl(SPI_IOC_MESSAGE)", .returns(3, readData: [0xFF, 0x12, 0x34]))
        let driver = script.driver
        let received = try driver.run { () throws(HALError) -> [UInt8] in
            try LinuxSPIDevice(path: "/dev/spidev0.0").transfer([0xF2, 0x00, 0x00])
        }
        #expect(received == [0xFF, 0x12, 0x34])
    }

    @Test func mismatchedSegmentIsRejectedBeforeAnySyscall() throws {
        let script = SyscallScript()
        let driver = script.driver
        try driver.run { () throws(HALError) in
            let device = try LinuxSPIDevice(path: "/dev/spidev0.0")
            var segments = [SPITransfer(write: [1, 2], readCount: 3)]
            #expect { try device.transaction(&segments) } throws: { ($0 as? HALError)?.kind == .invalidArgument }
        }
        #expect(!names(driver.trace).contains("ioctl(SPI_IOC_MESSAGE)"))
    }

    @Test func refusedSpeedNamesTheSettingAndClosesTheDescriptor() {
        let script = SyscallScript()
        script.on("ioctl(SPI_IOC_WR_MAX_SPEED_HZ)", .fails(EINVAL))
        let driver = script.driver
        driver.run {
            #expect {
                _ = try LinuxSPIDevice(path: "/dev/spidev0.0", configuration: SPIConfiguration(speedHz: 200_000_000))
            } throws: { error in
                (error as? HALError)?.description
                    == "/dev/spidev0.0: ioctl(SPI_IOC_WR_MAX_SPEED_HZ) = 200000000: invalid argument (errno 22 EINVAL)"
            }
        }
        // Closed exactly once: a second close could hit a descriptor another thread was just given.
        #expect(names(driver.trace).filter { $0 == "close" } == ["close"])
    }

    @Test func missingDeviceHintsAtTheDeviceTree() {
        #expect {
            _ = try LinuxSPIDevice(path: "/dev/spidev9.9")
        } throws: { error in
            (error as? HALError)?.kind == .notFound && (error as? HALError)?.hint?.contains("dtparam=spi=on") == true
        }
    }
}
