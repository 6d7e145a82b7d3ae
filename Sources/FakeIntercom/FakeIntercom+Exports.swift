// The connector-neutral machinery (fault injection, request counts, the seeded generator, …) lives in
// FakeAPIKit; re-exported so that users of FakeIntercom keep seeing it under `import FakeIntercom`.
@_exported public import FakeAPIKit
