import ArgumentParser
import Foundation
import IngestCLI

/// `ingest-bench`: runs the real pipeline against FakeIntercom and reports how fast it goes.
///
/// Called as `ingest-bench ingest ARGS…` it is the `ingest` CLI itself: the benchmark starts its
/// workers that way, so that they run in processes of their own (their memory and CPU measured
/// apart from the fake Intercom's) with no other executable to build.
@main
struct BenchMain {
    static func main() async {
        let arguments = CommandLine.arguments
        if arguments.count > 1 && arguments[1] == "ingest" {
            // As `ingest` runs; the benchmark's own process (the fake APIs, whose CPU is the yardstick
            // worker CPU is compared against) keeps the default executor.
            EventLoopExecutor.install()
            await IngestCommand.main(Array(arguments.dropFirst(2)))
        } else {
            await BenchCommand.main()
        }
    }
}

/// Writes a line to standard output at once (`print` is block-buffered into a file or pipe, and the
/// benchmark's progress should show while it runs).
func say(_ text: String = "") {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
