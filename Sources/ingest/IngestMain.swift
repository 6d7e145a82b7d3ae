import ArgumentParser
import IngestCLI

@main
struct IngestMain {
    static func main() async {
        EventLoopExecutor.install()
        await IngestCommand.main(nil)
    }
}
