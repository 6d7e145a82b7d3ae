import ArgumentParser
import IngestCLI

@main
struct IngestMain {
    static func main() async {
        await IngestCommand.main(nil)
    }
}
