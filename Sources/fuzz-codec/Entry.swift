// SensorGate — fuzz-codec: the libFuzzer entry point, or a replayer without -DLIBFUZZER.

#if LIBFUZZER
    /// libFuzzer's driver (compiler-rt's FuzzerInterface.h), which runs the fuzzing loop.
    @_extern(c, "LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// libFuzzer's entry point: one input per call.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        CodecFuzz.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }

    /// The program's entry: SwiftPM links an executable's `main` to `<module>_main`, so this hands
    /// the command line to libFuzzer's driver (whose own `main` SwiftPM's link would override).
    @_cdecl("fuzz_codec_main")
    public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
        var count = argc
        var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
        return runFuzzerDriver(&count, &arguments, fuzzTestOneInput)
    }
#else
    import FuzzSupport
    import Foundation

    /// `fuzz-codec seed DIR` or `fuzz-codec FILE...` (docs/fuzzing.md).
    @main
    struct FuzzCodecMain {
        static func main() {
            exit(
                FuzzReplay.main(
                    name: "fuzz-codec", arguments: Array(CommandLine.arguments.dropFirst()), seeds: CodecSeeds.all,
                    run: CodecFuzz.run))
        }
    }
#endif
