// SensorGate — fuzz targets: the command line of a fuzz target built without libFuzzer.

import Foundation

/// What a fuzz executable does when it is built without `-DLIBFUZZER` (the normal `swift build`):
/// `seed DIR` writes its seed corpus into DIR; `FILE...` runs saved inputs (a crash reproducer,
/// a corpus) through the same fuzz body, so a failure found by libFuzzer replays in a debug build.
public enum FuzzReplay {
    /// Runs the command line in `arguments` (without the program name) and returns the exit status.
    public static func main(
        name: String, arguments: [String], seeds: () -> [[UInt8]], run: ([UInt8]) -> Void
    ) -> Int32 {
        if arguments.first == "seed", arguments.count == 2 {
            let directory = arguments[1]
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                let corpus = seeds()
                for (index, seed) in corpus.enumerated() {
                    let path = directory + "/seed-\(String(index + 1000).dropFirst())"
                    try Data(seed).write(to: URL(fileURLWithPath: path))
                }
                print("\(name): \(corpus.count) seeds in \(directory)")
                return 0
            } catch {
                FileHandle.standardError.write(Data("\(name): \(directory): cannot write the seeds: \(error)\n".utf8))
                return 1
            }
        }
        guard !arguments.isEmpty, !arguments[0].hasPrefix("-") else {
            let usage = "usage: \(name) seed DIR | \(name) FILE... (a libFuzzer build: Scripts/fuzz)\n"
            FileHandle.standardError.write(Data(usage.utf8))
            return 2
        }
        var count = 0
        for path in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("\(name): \(path): no such file\n".utf8))
                return 1
            }
            let files =
                isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
                : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                run(Array(data))
                count += 1
            }
        }
        print("\(name): \(count) inputs ran without a failure")
        return 0
    }
}
